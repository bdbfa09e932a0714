// Reading a people file: CSV as spreadsheets write it (a byte-order mark, CRLF line ends, quoted
// cells with line breaks; commas, or semicolons as German Excel writes them). Only the shape is
// checked here — the header and the number of cells per row; what the cells say is checked by
// import-rows.ts, so that every row at fault is reported at once.
import { CsvError, parse } from 'csv-parse';
import { rowFault, type RowFault, type RowReason } from './import-reasons.ts';

export const COLUMNS = ['name', 'email', 'department', 'site', 'time_zone', 'locale', 'roles'] as const;
export type Column = (typeof COLUMNS)[number];
const REQUIRED_COLUMNS: Column[] = ['name', 'email'];

/** One data row: its line in the file (where the row begins) and its cells by column. */
export interface CsvPerson {
  line: number;
  cells: Partial<Record<Column, string>>;
}

export interface PeopleFile {
  columns: Column[];
  rows: CsvPerson[];
  faults: RowFault[];
}

/** Reads the file; `onProgress` hears the number of rows read so far, now and then. */
export async function readPeopleCsv(text: string, onProgress?: (rowsRead: number) => void): Promise<PeopleFile> {
  // Excel's plain "CSV" is saved in Windows-1252, not UTF-8: every ü or ß arrives as U+FFFD (the
  // browser's file.text() and the server's body decoding both put it there), and read on, the
  // import would write "M\uFFFDller" over every such name. A name never holds it, so it means the file.
  const undecodable = text.indexOf('\uFFFD');
  if (undecodable >= 0) {
    const line = (text.slice(0, undecodable).match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    return { columns: [], rows: [], faults: [rowFault(line, [{ code: 'FILE_NOT_UTF8' }])] };
  }
  const delimiter = delimiterOf(text);
  const parser = parse({
    bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true,
  });
  parser.end(text);
  const file: PeopleFile = { columns: [], rows: [], faults: [] };
  let header: Array<Column | undefined> | undefined;
  // csv-parse counts a CRLF inside a quoted cell as two lines, so lines are counted here: a row
  // begins on the line after the previous row ended, past any empty lines skipped in between.
  let lastLine = 0;
  let emptyLinesSeen = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { empty_lines: number } }>) {
      const line = lastLine + 1 + (info.empty_lines - emptyLinesSeen);
      emptyLinesSeen = info.empty_lines;
      lastLine = line + record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
      if (header === undefined) {
        header = readHeader(record, line, file);
        if (file.faults.length > 0) return file;
        continue;
      }
      if (record.length !== header.length) {
        file.faults.push(rowFault(line, [{ code: 'CELL_COUNT', cells: record.length, header: header.length }]));
        continue;
      }
      const cells: CsvPerson['cells'] = {};
      header.forEach((column, i) => { if (column) cells[column] = record[i]!; });
      file.rows.push({ line, cells });
      if (onProgress && file.rows.length % 5_000 === 0) onProgress(file.rows.length);
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text, delimiter) : (error as { lines?: number }).lines;
    file.faults.push(rowFault(line ?? lastLine + 1, [csvReason(error)]));
    return file;
  }
  if (header === undefined) file.faults.push(rowFault(1, [{ code: 'FILE_EMPTY', known: [...COLUMNS] }]));
  onProgress?.(file.rows.length);
  return file;
}

function readHeader(record: string[], line: number, file: PeopleFile): Array<Column | undefined> {
  const reasons: RowReason[] = [];
  const unknown: string[] = [];
  const header = record.map((cell) => {
    const name = cell.trim().toLowerCase().replace(/[\s-]+/g, '_');
    if (!(COLUMNS as readonly string[]).includes(name)) {
      unknown.push(cell.slice(0, 60));
      return undefined;
    }
    return name as Column;
  });
  // The valid columns are said once, however many are unknown.
  if (unknown.length > 0) reasons.push({ code: 'COLUMNS_UNKNOWN', values: unknown.slice(0, 20), known: [...COLUMNS] });
  const named = header.filter((c) => c !== undefined);
  for (const column of new Set(named)) {
    if (named.indexOf(column) !== named.lastIndexOf(column)) reasons.push({ code: 'COLUMN_TWICE', column });
  }
  for (const column of REQUIRED_COLUMNS) if (!named.includes(column)) reasons.push({ code: 'COLUMN_MISSING', column });
  if (reasons.length > 0) file.faults.push(rowFault(line, reasons));
  file.columns = named;
  return header;
}

// The header names the columns and holds no quotes in practice, so the first of comma, semicolon
// or tab that it contains is the delimiter. Roles inside a semicolon file are then quoted or
// separated with "|".
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, Math.max(text.search(/\r|\n/), 0) || 1000);
  return [',', ';', '\t'].find((d) => firstLine.includes(d)) ?? ',';
}

// csv-parse names the end of the file for a quote never closed; the line where it opened helps more.
function unclosedQuoteLine(text: string, delimiter: string): number | undefined {
  let line = 1;
  let openedAt: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"' && openedAt === undefined && (i === 0 || text[i - 1] === delimiter || text[i - 1] === '\n' || text[i - 1] === '\ufeff')) openedAt = line;
    else if (c === '"' && openedAt !== undefined) {
      if (text[i + 1] === '"') i++;
      else openedAt = undefined;
    }
  }
  return openedAt;
}

function csvReason(error: CsvError): RowReason {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED': return { code: 'QUOTE_NOT_CLOSED' };
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE': return { code: 'QUOTE_NOT_DOUBLED' };
    default: return { code: 'CSV_UNREADABLE', detail: error.code };
  }
}
