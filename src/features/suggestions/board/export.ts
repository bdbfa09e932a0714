// The board as a file for a spreadsheet program, with the reader's current filter: CSV
// (csv-stringify) and XLSX (exceljs). A text that begins like a formula (= + - @, or a tab or
// carriage return before one) is written with a leading apostrophe in CSV, so a spreadsheet shows
// it rather than running it; in XLSX every text is a text cell, never a formula. A support count of
// one to four people is written as words, never the number (lib/privacy-floor.ts).
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Locale } from '../../../db/schema.ts';
import { peopleCount, PRIVACY_FLOOR } from '../../../lib/privacy-floor.ts';
import { inLanguage } from '../presenters.ts';
import type { BoardRow } from './queries.ts';

const HEADERS: Record<Locale, string[]> = {
  en: ['Recorded', 'Module', 'Title', 'Text', 'Category', 'Department or area', 'Status', 'Response', 'Owner', 'Duplicates merged', 'Merged into', 'Id', 'Supports'],
  de: ['Erfasst', 'Modul', 'Titel', 'Text', 'Kategorie', 'Abteilung oder Bereich', 'Status', 'Antwort', 'Verantwortlich', 'Zusammengeführte Duplikate', 'Zusammengeführt in', 'Id', 'Unterstützungen'],
};
const STATUS: Record<Locale, Record<BoardRow['status'], string>> = {
  en: { new: 'New', in_review: 'In review', planned: 'Planned', done: 'Done', declined: 'Declined' },
  de: { new: 'Neu', in_review: 'In Prüfung', planned: 'Geplant', done: 'Umgesetzt', declined: 'Abgelehnt' },
};

const FEWER: Record<Locale, string> = { en: `fewer than ${PRIVACY_FLOOR}`, de: `weniger als ${PRIVACY_FLOOR}` };

function supportsCell(supports: number, locale: Locale): string | number {
  return peopleCount(supports) ?? FEWER[locale];
}

function cells(r: BoardRow, locale: Locale): Array<string | number | Date> {
  return [
    r.created_at, `${r.module_code} ${r.module_title}`, r.title, r.body,
    r.category_id ? inLanguage(locale, r.category_en ?? '', r.category_de ?? '') : '', r.area ?? '', STATUS[locale][r.status], r.response,
    r.owner_name ?? '', r.duplicates, r.merged_into ?? '', r.id, supportsCell(r.supports, locale),
  ];
}

/** A cell a spreadsheet program would read as a formula, made plain text. */
export function neutralised(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function boardCsv(rows: BoardRow[], locale: Locale): string {
  const records = rows.map((r) => cells(r, locale).map((c) => (c instanceof Date ? c.toISOString() : typeof c === 'number' ? String(c) : neutralised(c))));
  // The byte-order mark makes Excel read the file as UTF-8 (umlauts, typographic quotes).
  return stringify([HEADERS[locale], ...records], { bom: true, quoted_match: /[\r\n",;]/ });
}

export async function boardXlsx(rows: BoardRow[], locale: Locale): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Quartet';
  const sheet = book.addWorksheet(locale === 'de' ? 'Vorschläge' : 'Suggestions');
  sheet.columns = HEADERS[locale].map((header, i) => ({ header, width: [18, 28, 40, 60, 24, 24, 12, 60, 24, 10, 38, 38, 10][i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) {
    // Strings go in as they are: exceljs writes them as text cells, which no spreadsheet evaluates.
    sheet.addRow(cells(r, locale));
  }
  sheet.getColumn(1).numFmt = 'yyyy-mm-dd hh:mm';
  return Buffer.from(await book.xlsx.writeBuffer());
}
