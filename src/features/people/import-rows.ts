// What each row of a people file says, checked against the rules of the people table before
// anything is written, so that every row at fault is reported with all its reasons at once.
import { z } from 'zod';
import type { Locale, Role } from '../../db/schema.ts';
import { isTimeZone } from '../../lib/zones.ts';
import type { PeopleFile, RowFault } from './csv.ts';

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
    const errors: string[] = [];
    const text = (column: keyof typeof cells, max: number) => {
      const value = (cells[column] ?? '').trim();
      if (value.length > max) errors.push(`${column} is longer than ${max} characters`);
      if (CONTROL.test(value)) errors.push(`${column} contains control characters`);
      return value;
    };
    const name = text('name', 200);
    const email = text('email', 254);
    const department = text('department', 200);
    const site = text('site', 200);
    const zone = text('time_zone', 64);
    const locale = text('locale', 10).toLowerCase();
    const roleNames = text('roles', 200).split(/[;|]/).map((r) => r.trim().toLowerCase()).filter(Boolean);

    if (name === '') errors.push('name is missing');
    if (email === '') errors.push('email is missing');
    else if (!Email.safeParse(email).success) errors.push(`email "${email.slice(0, 80)}" is not a valid e-mail address`);
    const key = email.toLowerCase();
    const firstLine = firstLineOf.get(key);
    if (email !== '' && firstLine !== undefined) errors.push(`email ${email} already appears on line ${firstLine}`);
    else if (email !== '') firstLineOf.set(key, line);
    if (zone !== '' && !isTimeZone(zone)) {
      errors.push(`time_zone "${zone.slice(0, 64)}" is not an IANA time zone (a place's zone such as Europe/Berlin, or UTC; no offsets or abbreviations)`);
    }
    if (locale !== '' && !LOCALES.includes(locale as Locale)) errors.push(`locale "${locale}" is not one of ${LOCALES.join(', ')}`);
    const unknownRoles = roleNames.filter((r) => !ROLES.includes(r as Role));
    if (unknownRoles.length > 0) errors.push(`roles ${unknownRoles.map((r) => `"${r.slice(0, 40)}"`).join(', ')} unknown; roles are ${ROLES.join(', ')}, separated by ; or |`);
    // Canonical order, so that "coach;employee" and "employee;coach" read as the same roles.
    const roles = ROLES.filter((r) => roleNames.includes(r));
    if (key === actorEmail.toLowerCase() && roles.length > 0 && !roles.includes('admin')) {
      errors.push('this is you: your own row must keep the admin role');
    }

    if (errors.length > 0) faults.push({ line, ...(email !== '' && { email: email.slice(0, 254) }), errors });
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
  if (total === 0 && faults.length === 0) faults.push({ line: 2, errors: ['the file has no people, only the header'] });
  faults.sort((a, b) => a.line - b.line);
  return { people, faults };
}
