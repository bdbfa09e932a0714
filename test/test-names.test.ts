// CI's second pass, against the PostgreSQL server, runs only the files named *.db.test.ts: the
// others never reach the test database. This keeps the name honest: a test file that reaches
// test/db.ts (where every test database is made), through any chain of imports, is named so.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATABASE_MAKER = path.join(ROOT, 'test/db.ts');

function relativeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)]
    .filter((m) => !/^\s*import\s+type\b/.test(m[0]))
    .map((m) => path.resolve(path.dirname(file), m[1]!));
}

function reachesDatabase(file: string, seen = new Set<string>()): boolean {
  if (file === DATABASE_MAKER) return true;
  if (seen.has(file) || !file.endsWith('.ts')) return false;
  seen.add(file);
  return relativeImports(file).some((next) => reachesDatabase(next, seen));
}

describe('test file names', () => {
  it('every test file that reaches the test database is named *.db.test.ts (or is an end-to-end test)', () => {
    const files = execFileSync('git', ['ls-files', '*.test.ts'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const database = files.filter((f) => reachesDatabase(path.join(ROOT, f)));
    expect(database.length).toBeGreaterThan(50);
    expect(database.filter((f) => !/\.(db|e2e)\.test\.ts$/.test(f))).toEqual([]);
    // And the other way: a *.db.test.ts that no longer reaches it would run twice for nothing.
    expect(files.filter((f) => f.endsWith('.db.test.ts') && !database.includes(f))).toEqual([]);
  });
});
