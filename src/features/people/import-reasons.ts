// Why a people file is refused, twice: as a code with its values, which the web app words in the
// admin's language, and as the English sentence API clients and the CLI have always read.
import type { z } from 'zod';
import type { ImportRowReason } from './schema.ts';

export type RowReason = z.infer<typeof ImportRowReason>;

/** A row at fault: the line where it begins, its e-mail if it has one, and every reason. */
export interface RowFault {
  line: number;
  email?: string;
  errors: string[];
  reasons: RowReason[];
}

/** The fault of one line, its English sentences made from its reasons. */
export function rowFault(line: number, reasons: RowReason[], email?: string): RowFault {
  return { line, ...(email !== undefined && { email }), errors: reasons.map(inEnglish), reasons };
}

const quoted = (values: string[]) => values.map((v) => `"${v}"`).join(', ');

export function inEnglish(r: RowReason): string {
  switch (r.code) {
    case 'CELL_MISSING': return `${r.column} is missing`;
    case 'CELL_TOO_LONG': return `${r.column} is longer than ${r.max} characters`;
    case 'CELL_CONTROL_CHARACTERS': return `${r.column} contains control characters`;
    case 'EMAIL_INVALID': return `email "${r.value}" is not a valid e-mail address`;
    case 'EMAIL_REPEATED': return `email ${r.value} already appears on line ${r.firstLine}`;
    case 'TIME_ZONE_UNKNOWN':
      return `time_zone "${r.value}" is not an IANA time zone (a place's zone such as Europe/Berlin, or UTC; no offsets or abbreviations)`;
    case 'LOCALE_UNKNOWN': return `locale "${r.value}" is not one of ${r.known.join(', ')}`;
    case 'ROLES_UNKNOWN': return `roles ${quoted(r.values)} unknown; roles are ${r.known.join(', ')}, separated by ; or |`;
    case 'OWN_ADMIN_ROLE': return 'this is you: your own row must keep the admin role';
    case 'NO_PEOPLE': return 'the file has no people, only the header';
    case 'CELL_COUNT': return `has ${r.cells} cells; the header has ${r.header}`;
    case 'COLUMNS_UNKNOWN':
      return `unknown ${r.values.length === 1 ? 'column' : 'columns'} ${quoted(r.values)}; the columns are ${r.known.join(', ')}`;
    case 'COLUMN_TWICE': return `column ${r.column} appears twice`;
    case 'COLUMN_MISSING': return `column ${r.column} is missing`;
    case 'FILE_EMPTY': return `the file is empty; the first line names the columns: ${r.known.join(', ')}`;
    case 'QUOTE_NOT_CLOSED': return 'a quoted cell that begins here is never closed';
    case 'QUOTE_NOT_DOUBLED': return 'a quote inside a cell must be doubled ("") and the cell quoted';
    case 'CSV_UNREADABLE': return `the file is not readable as CSV here (${r.detail})`;
    case 'FILE_NOT_UTF8': return 'the file is not in UTF-8 from this line on (letters such as ä or ß are unreadable); in Excel, save it as "CSV UTF-8"';
  }
}
