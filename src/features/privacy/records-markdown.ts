// The records of processing as Markdown, for the part of docs/PRIVACY.md between the two markers
// (`npm run docs:privacy` writes it; privacy-doc.test.ts fails when the file is out of date).
import type { DataMap, Texts } from './data-map-types.ts';
import { LEGAL_BASES, presentTableRecords } from './presenters.ts';

export const START_MARKER = '<!-- data-map:start -->';
export const END_MARKER = '<!-- data-map:end -->';
export const REGENERATE = 'npm run docs:privacy';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderRecords(map: DataMap, outside: Record<string, Texts>): string {
  const lines: string[] = [
    `<!-- Generated from src/features/privacy/data-map.ts by \`${REGENERATE}\`; do not edit by hand. -->`,
    '',
    '## Records of processing (Art. 30 GDPR)',
    '',
    'Every column of every table that holds an organisation’s data, declared personal — with what it is for, its legal',
    'basis and how long it is kept — or not personal. The catalog test (`src/features/privacy/data-map.db.test.ts`) fails',
    'when a column of the database is missing here, so this list cannot fall behind the schema. Admins read the same',
    'records, in English or German, on the page "Records of processing" (`/admin/privacy`).',
    '',
    'Settings named in the retention rules are the organisation’s (admin → Retention); defaults in brackets.',
    '',
    '### Legal bases',
    '',
    ...Object.values(LEGAL_BASES).map((basis) => `- **${basis.en.label}**: ${basis.en.explanation}`),
  ];
  for (const record of presentTableRecords(map, 'en')) {
    lines.push('', `### \`${record.table}\``, '', record.holds, '');
    if (record.subjectColumn) lines.push(`Rows are about the person in \`${record.subjectColumn}\`.`, '');
    if (record.processing.length > 0) {
      lines.push('| Columns | Purpose | Legal basis | Retention |', '| --- | --- | --- | --- |');
      for (const p of record.processing) {
        const columns = p.columns.map((c) => `\`${c.name}\` (${c.kind})`).join(', ');
        lines.push(`| ${columns} | ${cell(p.purpose)} | ${cell(p.legalBasisLabel)} | ${cell(p.retention)} |`);
      }
      lines.push('');
    }
    lines.push(record.notPersonal.length > 0
      ? `Not personal: ${record.notPersonal.map((c) => `\`${c}\``).join(', ')}.`
      : 'Every column is personal.');
  }
  lines.push('', '### Tables without anyone’s data', '');
  for (const table of Object.keys(outside).sort()) lines.push(`- \`${table}\`: ${outside[table]!.en}`);
  return lines.join('\n');
}

/** The document with the generated part between the markers; the markers are appended if missing. */
export function withRecords(document: string, records: string): string {
  const block = `${START_MARKER}\n${records}\n${END_MARKER}`;
  const start = document.indexOf(START_MARKER);
  const end = document.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) return `${document.replace(/\n*$/, '')}\n\n${block}\n`;
  return document.slice(0, start) + block + document.slice(end + END_MARKER.length);
}
