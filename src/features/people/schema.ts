// Shapes of the signed-in person and of the people admin API: the import report and its refusal
// (also the OpenAPI document).
import { z } from 'zod';
import { TimeZone } from '../../lib/zones.ts';

export const Me = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    department: z.string().nullable(),
    site: z.string().nullable(),
    timeZone: z.string(),
    locale: z.enum(['en', 'de']),
    roles: z.array(z.enum(['employee', 'coach', 'admin'])),
    suggestionDigest: z.boolean().meta({ description: 'Whether the person gets the weekly digest of what became of their groups’ suggestions' }),
    organisation: z.object({ id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'Me' });

export const ProfileChange = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    department: z.string().trim().max(200).nullable().optional(),
    timeZone: TimeZone.optional(),
    locale: z.enum(['en', 'de']).optional(),
    suggestionDigest: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' });

const column = z.enum(['name', 'email', 'department', 'site', 'time_zone', 'locale', 'roles']);

/** Why a row (or the header, or the file) is at fault, as a code and the values its sentence names. */
export const ImportRowReason = z
  .discriminatedUnion('code', [
    z.object({ code: z.literal('CELL_MISSING'), column }),
    z.object({ code: z.literal('CELL_TOO_LONG'), column, max: z.int() }),
    z.object({ code: z.literal('CELL_CONTROL_CHARACTERS'), column }),
    z.object({ code: z.literal('EMAIL_INVALID'), value: z.string() }),
    z.object({ code: z.literal('EMAIL_REPEATED'), value: z.string(), firstLine: z.int() }),
    z.object({ code: z.literal('TIME_ZONE_UNKNOWN'), value: z.string() }),
    z.object({ code: z.literal('LOCALE_UNKNOWN'), value: z.string(), known: z.array(z.string()) }),
    z.object({ code: z.literal('ROLES_UNKNOWN'), values: z.array(z.string()), known: z.array(z.string()) }),
    z.object({ code: z.literal('OWN_ADMIN_ROLE') }),
    z.object({ code: z.literal('NO_PEOPLE') }),
    z.object({ code: z.literal('CELL_COUNT'), cells: z.int(), header: z.int() }),
    z.object({ code: z.literal('COLUMNS_UNKNOWN'), values: z.array(z.string()), known: z.array(column) }),
    z.object({ code: z.literal('COLUMN_TWICE'), column }),
    z.object({ code: z.literal('COLUMN_MISSING'), column }),
    z.object({ code: z.literal('FILE_EMPTY'), known: z.array(column) }),
    z.object({ code: z.literal('QUOTE_NOT_CLOSED') }),
    z.object({ code: z.literal('QUOTE_NOT_DOUBLED') }),
    z.object({ code: z.literal('CSV_UNREADABLE'), detail: z.string() }),
    z.object({ code: z.literal('FILE_NOT_UTF8') }),
  ])
  .meta({ id: 'PeopleImportRowReason' });

/** A site or department no active person has yet: likely a typo, perhaps new; never a refusal. */
export const ImportWarning = z
  .object({
    code: z.enum(['NEW_SITE', 'NEW_DEPARTMENT']),
    name: z.string(),
    people: z.int().meta({ description: 'People in the file with this site or department' }),
    message: z.string().meta({ description: 'The warning in English' }),
  })
  .meta({ id: 'PeopleImportWarning' });

const flag = (description: string) => z.enum(['true', 'false']).optional().meta({ description });

export const ImportQuery = z.strictObject({
  dryRun: flag('true: report what would happen and change nothing. Default false.'),
  deactivateMissing: flag(
    'Default true: active people not in the file have left and are deactivated (never the admin importing); ' +
    'their seats in sessions yet to start are cancelled (reason "deactivated", history kept) and their sign-ins end. ' +
    'false: people not in the file are left as they are.',
  ),
  expectDeactivated: z.coerce.number().int().min(0).max(10_000_000).optional().meta({
    description:
      'How many people the caller expects this run to deactivate, as a dry run reported it. Default 0. A real run that would ' +
      'deactivate a different number is refused with 409 DEACTIVATION_NOT_CONFIRMED carrying the counts, and nothing changes. ' +
      'Ignored by a dry run.',
  }),
});

/** The CSV file itself, read as text (content-type: text/csv). */
export const ImportFile = z.string();

export const ImportReport = z
  .object({
    dryRun: z.boolean(),
    rows: z.int().meta({ description: 'People in the file' }),
    created: z.int(),
    updated: z.int(),
    unchanged: z.int(),
    deactivated: z.int(),
    deactivatedEmails: z.array(z.string()),
    bookingsCancelled: z.int().meta({ description: 'Seats in sessions yet to start given up by the people deactivated' }),
    warnings: z.array(ImportWarning).meta({
      description: 'Sites and departments in the file that no active person has yet (a typo, or really new): at most 100, sites first, by name',
    }),
    warningsLeftOut: z.int().meta({ description: 'Warnings beyond the first 100, not listed' }),
  })
  .meta({ id: 'PeopleImportReport' });

const RowFault = z.object({
  line: z.int(),
  email: z.string().optional(),
  errors: z.array(z.string()).meta({ description: 'Every reason, in English' }),
  reasons: z.array(ImportRowReason).meta({ description: 'The same reasons as codes with their values, in the same order, for clients that word them' }),
});

/** 400: either the request itself (VALIDATION_FAILED, fields) or rows of the file (IMPORT_INVALID, rows). */
export const ImportRefusal = z
  .object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    rows: z.array(RowFault).optional().meta({ description: 'Every row at fault: the line where it begins, its e-mail, every reason' }),
  })
  .catchall(z.unknown())
  .meta({ id: 'PeopleImportRefusal' });

/** 409 DEACTIVATION_NOT_CONFIRMED: a real run would deactivate another number of people than the request expected. */
export const ImportDeactivationRefusal = z
  .object({
    code: z.string().meta({ description: 'DEACTIVATION_NOT_CONFIRMED' }),
    message: z.string(),
    deactivated: z.int().optional().meta({ description: 'People this run would deactivate' }),
    bookingsCancelled: z.int().optional().meta({ description: 'Seats in sessions yet to start they would give up' }),
    expectDeactivated: z.int().optional().meta({ description: 'What the request expected (0 when not given)' }),
  })
  .catchall(z.unknown())
  .meta({ id: 'PeopleImportDeactivationRefusal' });
