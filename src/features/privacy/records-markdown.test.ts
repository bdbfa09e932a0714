// docs/PRIVACY.md carries the records generated from the data map, as they are now; and the
// markers are placed and replaced without touching the rest of the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATA_MAP, OUTSIDE_THE_MAP } from './data-map.ts';
import { END_MARKER, REGENERATE, START_MARKER, renderRecords, withRecords } from './records-markdown.ts';

describe('the records of processing in docs/PRIVACY.md', () => {
  it('are what the data map generates now', () => {
    const committed = readFileSync(new URL('../../../docs/PRIVACY.md', import.meta.url), 'utf8');
    const expected = withRecords(committed, renderRecords(DATA_MAP, OUTSIDE_THE_MAP));
    expect(committed === expected, `docs/PRIVACY.md is out of date with src/features/privacy/data-map.ts: run \`${REGENERATE}\``).toBe(true);
  });

  it('list every declared column once, personal ones with their purpose', () => {
    const records = renderRecords(DATA_MAP, OUTSIDE_THE_MAP);
    for (const [table, declaration] of Object.entries(DATA_MAP)) {
      expect(records).toContain(`### \`${table}\``);
      for (const name of Object.keys(declaration.columns)) expect(records).toContain(`\`${name}\``);
    }
    expect(records).toContain('| `email` (identity) | To send log-in links');
    expect(records).toContain('`schema_migrations`');
  });
});

describe('withRecords', () => {
  it('appends the markers at the end the first time, keeping the text before them', () => {
    const document = '# Privacy\n\nWhat Quartet lets one person learn.\n';
    expect(withRecords(document, 'RECORDS')).toBe(`# Privacy\n\nWhat Quartet lets one person learn.\n\n${START_MARKER}\nRECORDS\n${END_MARKER}\n`);
  });

  it('replaces only what lies between the markers', () => {
    const document = `# Privacy\n\n${START_MARKER}\nold\n${END_MARKER}\n\n## After\n`;
    expect(withRecords(document, 'new')).toBe(`# Privacy\n\n${START_MARKER}\nnew\n${END_MARKER}\n\n## After\n`);
    expect(withRecords(withRecords(document, 'new'), 'new')).toBe(withRecords(document, 'new'));
  });
});
