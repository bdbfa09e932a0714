// What each row of a people file says, checked against the rules of the people table before
// anything is written, so that every row at fault is reported with all its reasons at once.
import { z } from 'zod';
import type { Locale, Role } from '../../db/schema.ts';
import { isTimeZone } from '../../lib/zones.ts';
import type { Column, PeopleFile } from './csv.ts';
import { rowFault, type RowFault, type RowReason } from './import-reasons.ts';

const ROLES: readonly Role[] = ['employee', 'coach', 'admin'];
const LOCALES: readonly Locale[] = ['en', 'de'];
const Email = z.email();
// Control characters have no place in a name or an address (and PostgreSQL refuses NUL outright).
const CONTROL = /\p{Cc}/u;

/**
 * One person as the file has them. `undefined` means the file does not say (no such column, or
 * an empty cell where a value is needed): a new person gets the default, an existing one keeps
 * theirs. An empty department or site cell clears it.
 */
export interface ImportedPerson {
  line: number;
  email: string;
  name: string;
  department: string | null | undefined;
  site: string | null | undefined;
  timeZone: string | undefined;
  locale: Locale | undefined;
  roles: Role[] | undefined;
}

export interface CheckedRows {
  people: ImportedPerson[];
  faults: RowFault[];
}

/**
 * Checks every row. `actorEmail` is the admin importing: their own row may not take away their
 * admin role, or the import would lock them out of the admin area half-way through their work.
 */
export function checkPeopleRows(file: PeopleFile, actorEmail: string, onProgress?: (done: number, total: number) => void): CheckedRows {
  const people: ImportedPerson[] = [];
  const faults: RowFault[] = [...file.faults];
  const firstLineOf = new Map<string, number>();
  const total = file.rows.length;

  file.rows.forEach(({ line, cells }, index) => {
    const reasons: RowReason[] = [];
    const text = (column: Column, max: number) => {
      const value = (cells[column] ?? '').trim();
      if (value.length > max) reasons.push({ code: 'CELL_TOO_LONG', column, max });
      if (CONTROL.test(value)) reasons.push({ code: 'CELL_CONTROL_CHARACTERS', column });
      return value;
    };
    const name = text('name', 200);
    const email = text('email', 254);
    const department = text('department', 200);
    const site = text('site', 200);
    const zone = text('time_zone', 64);
    const locale = text('locale', 10).toLowerCase();
    const roleNames = text('roles', 200).split(/[;|]/).map((r) => r.trim().toLowerCase()).filter(Boolean);

    if (name === '') reasons.push({ code: 'CELL_MISSING', column: 'name' });
    if (email === '') reasons.push({ code: 'CELL_MISSING', column: 'email' });
    else if (!Email.safeParse(email).success) reasons.push({ code: 'EMAIL_INVALID', value: email.slice(0, 80) });
    const key = email.toLowerCase();
    const firstLine = firstLineOf.get(key);
    if (email !== '' && firstLine !== undefined) reasons.push({ code: 'EMAIL_REPEATED', value: email, firstLine });
    else if (email !== '') firstLineOf.set(key, line);
    if (zone !== '' && !isTimeZone(zone)) reasons.push({ code: 'TIME_ZONE_UNKNOWN', value: zone.slice(0, 64) });
    if (locale !== '' && !LOCALES.includes(locale as Locale)) reasons.push({ code: 'LOCALE_UNKNOWN', value: locale, known: [...LOCALES] });
    const unknownRoles = roleNames.filter((r) => !ROLES.includes(r as Role));
    if (unknownRoles.length > 0) reasons.push({ code: 'ROLES_UNKNOWN', values: unknownRoles.map((r) => r.slice(0, 40)), known: [...ROLES] });
    // Canonical order, so that "coach;employee" and "employee;coach" read as the same roles.
    const roles = ROLES.filter((r) => roleNames.includes(r));
    if (key === actorEmail.toLowerCase() && roles.length > 0 && !roles.includes('admin')) reasons.push({ code: 'OWN_ADMIN_ROLE' });

    if (reasons.length > 0) faults.push(rowFault(line, reasons, email !== '' ? email.slice(0, 254) : undefined));
    else {
      people.push({
        line, email, name,
        department: 'department' in cells ? department || null : undefined,
        site: 'site' in cells ? site || null : undefined,
        timeZone: zone || undefined,
        locale: (locale || undefined) as Locale | undefined,
        roles: roles.length > 0 ? roles : undefined,
      });
    }
    if (onProgress && ((index + 1) % 5_000 === 0 || index + 1 === total)) onProgress(index + 1, total);
  });
  // A file of no one would deactivate everyone: surely a wrong file, not a company that left.
  if (total === 0 && faults.length === 0) faults.push(rowFault(2, [{ code: 'NO_PEOPLE' }]));
  faults.sort((a, b) => a.line - b.line);
  return { people, faults };
}
