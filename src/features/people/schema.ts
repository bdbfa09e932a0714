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

const flag = (description: string) => z.enum(['true', 'false']).optional().meta({ description });

export const ImportQuery = z.strictObject({
  dryRun: flag('true: report what would happen and change nothing. Default false.'),
  deactivateMissing: flag(
    'Default true: active people not in the file have left and are deactivated (never the admin importing); ' +
    'their seats in sessions yet to start are cancelled (reason "deactivated", history kept) and their sign-ins end. ' +
    'false: people not in the file are left as they are.',
  ),
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
  })
  .meta({ id: 'PeopleImportReport' });

const RowFault = z.object({ line: z.int(), email: z.string().optional(), errors: z.array(z.string()) });

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
