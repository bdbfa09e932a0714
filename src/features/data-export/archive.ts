// The archive a person downloads: one ZIP (fflate: no dependencies, kept, runs on Node 24) with
// data.json and summary.html. Compressed in one call: even years of history make a few hundred kB
// of JSON, a few milliseconds of the worker's time.
import { strToU8, zipSync } from 'fflate';
import type { Locale } from '../../db/schema.ts';
import type { DataExportDocument } from './presenters.ts';
import { summaryHtml } from './summary.ts';

export const ARCHIVE_FILES = { data: 'data.json', summary: 'summary.html' } as const;

export function buildArchive(doc: DataExportDocument, locale: Locale, readableAt: string): Uint8Array {
  const mtime = new Date(doc.exportedAt);
  return zipSync({
    [ARCHIVE_FILES.data]: [strToU8(`${JSON.stringify(doc, null, 2)}\n`), { mtime }],
    [ARCHIVE_FILES.summary]: [strToU8(summaryHtml(doc, locale, readableAt)), { mtime }],
  }, { level: 6 });
}

/** The name the browser saves it under: the organisation's and the day's, nothing of the person. */
export function archiveFileName(exportedAt: Date): string {
  return `quartet-data-${exportedAt.toISOString().slice(0, 10)}.zip`;
}
