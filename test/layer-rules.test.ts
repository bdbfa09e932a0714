// The layer rules bite: dependency-cruiser with the project's configuration reports each rule on a
// fixture tree with one wrong import per rule (and nothing for the imports the rules allow), the
// two scripts fail on a feature cycle and on a stray file name, the known-exception lists let only
// what they name through, and the real tree passes with its baselines, as `npm run lint` runs it.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_VIOLATIONS, writeFixtureTree } from './layer-rules-fixture.ts';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = join(PROJECT, '.dependency-cruiser.mjs');
const DEPCRUISE = join(PROJECT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cwd: string, script: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function violationsIn(cwd: string, ...extra: string[]): string[][] {
  const { stdout } = run(cwd, DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json', ...extra);
  const violations = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  // The fixture reaches packages through a link to the project's node_modules; name a package alone.
  const named = (path: string): string => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1]?.replace(/^/, 'node_modules/') ?? path;
  return violations.map((violation) => [violation.rule.name, violation.from, named(violation.to)]).sort();
}

let fixture: string;
beforeAll(() => {
  fixture = writeFixtureTree(PROJECT);
});
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

describe('dependency-cruiser with .dependency-cruiser.mjs', () => {
  it('reports every rule on its wrong import, and nothing for the allowed ones', () => {
    expect(violationsIn(fixture)).toEqual([...EXPECTED_VIOLATIONS].sort());
  });

  it('with a baseline, lets the known violations through and fails on a new one', () => {
    const baseline = join(fixture, 'baseline.json');
    const written = run(fixture, DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'baseline', '--output-to', baseline);
    expect(written.status).toBe(0);
    expect(run(fixture, DEPCRUISE, 'src', '--config', CONFIG, '--ignore-known', baseline).status).toBe(0);

    writeFileSync(join(fixture, 'src/features/people/routes.ts'), "import { seatsLeft } from '../sessions/queries.ts';\nexport const n = seatsLeft;\n");
    try {
      const after = run(fixture, DEPCRUISE, 'src', '--config', CONFIG, '--ignore-known', baseline);
      expect(after.status).not.toBe(0);
      expect(after.stdout).toContain('no-foreign-queries: src/features/people/routes.ts → src/features/sessions/queries.ts');
    } finally {
      rmSync(join(fixture, 'src/features/people/routes.ts'));
      rmSync(baseline);
    }
  });
});

describe('scripts/check-feature-graph.ts', () => {
  const script = join(PROJECT, 'scripts', 'check-feature-graph.ts');

  it('fails on two feature folders that import each other without a module cycle, naming the files', () => {
    const result = run(PROJECT, script, '--root', fixture);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('feature cycle: bookings -> sessions -> bookings');
    expect(result.stderr).toContain('src/features/sessions/service.ts -> src/features/bookings/service.ts');
  });

  it('passes once the cycle is listed as known, and --write-known lists exactly its imports', () => {
    try {
      expect(run(PROJECT, script, '--root', fixture, '--write-known').status).toBe(0);
      expect(JSON.parse(readFileSync(join(fixture, 'scripts', 'known-feature-cycle-edges.json'), 'utf8'))).toEqual([
        'bookings -> sessions',
        'sessions -> bookings',
      ]);
      expect(run(PROJECT, script, '--root', fixture).status).toBe(0);
    } finally {
      rmSync(join(fixture, 'scripts'), { recursive: true, force: true });
    }
  });
});

describe('scripts/check-feature-files.ts', () => {
  const script = join(PROJECT, 'scripts', 'check-feature-files.ts');

  it('fails on a file name outside the vocabulary, and only on that one', () => {
    const result = run(PROJECT, script, '--root', fixture);
    expect(result.status).toBe(1);
    expect(result.stderr.match(/^stray file: .*$/gm)).toEqual(['stray file: src/features/sessions/helpers.ts']);
  });

  it('passes with the stray listed as known, and fails again on a new stray', () => {
    try {
      expect(run(PROJECT, script, '--root', fixture, '--write-known').status).toBe(0);
      expect(run(PROJECT, script, '--root', fixture).status).toBe(0);
      writeFileSync(join(fixture, 'src/features/bookings/utils.ts'), 'export {};\n');
      const result = run(PROJECT, script, '--root', fixture);
      expect(result.status).toBe(1);
      expect(result.stderr.match(/^stray file: .*$/gm)).toEqual(['stray file: src/features/bookings/utils.ts']);
    } finally {
      rmSync(join(fixture, 'src/features/bookings/utils.ts'), { force: true });
      rmSync(join(fixture, 'scripts'), { recursive: true, force: true });
    }
  });
});

describe('the real tree', () => {
  it('passes the layer rules with its baselines, as npm run lint runs them', () => {
    const cruised = run(PROJECT, DEPCRUISE, 'src', '--config', CONFIG, '--ignore-known');
    expect(cruised.stdout + cruised.stderr).not.toMatch(/error /);
    expect(cruised.status).toBe(0);
    const graph = run(PROJECT, join(PROJECT, 'scripts', 'check-feature-graph.ts'));
    expect(graph.stderr).toBe('');
    expect(graph.status).toBe(0);
    const files = run(PROJECT, join(PROJECT, 'scripts', 'check-feature-files.ts'));
    expect(files.stderr).toBe('');
    expect(files.status).toBe(0);
  });
});
