// Writes the records of processing, generated from the map of personal data, into docs/PRIVACY.md
// between its markers (appended at the end the first time); the rest of the file stays as it is.
//
//   npm run docs:privacy
import { readFileSync, writeFileSync } from 'node:fs';
import { DATA_MAP, OUTSIDE_THE_MAP } from '../src/features/privacy/data-map.ts';
import { renderRecords, withRecords } from '../src/features/privacy/records-markdown.ts';

const path = new URL('../docs/PRIVACY.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withRecords(before, renderRecords(DATA_MAP, OUTSIDE_THE_MAP));
if (after === before) {
  console.log('docs/PRIVACY.md: the records of processing are up to date');
} else {
  writeFileSync(path, after);
  console.log('docs/PRIVACY.md: the records of processing written');
}
