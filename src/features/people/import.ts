// Importing the organisation's people from a file (admin API and CLI). The file is the list of
// who works here: people in it are created or brought up to date (matched by e-mail, whatever its
// case), and active people not in it have left — they are deactivated, their seats in sessions yet
// to start are given back and their sign-ins end. All or nothing: one row at fault and nothing
// changes. A real run deactivates only as many people as its caller expects (a dry run tells how
// many), so no file deactivates most of the company by a slip.
import { lockActiveAdmins } from '../../db/active-admins.ts';
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { giveUpFutureSeatsOf } from '../bookings/service.ts';
import { countFutureSeatsOf } from '../bookings/views.ts';
import { queueSeatGivenUp } from '../notifications/outbox/service.ts';
import type { PeopleFile } from './csv.ts';
import type { RowFault } from './import-reasons.ts';
import { checkPeopleRows, type ImportedPerson } from './import-rows.ts';
import { newPlaceWarnings } from './import-warnings.ts';
import {
  deactivatePeople, findMissingPeople, findPerson, lockPeopleImport, planPeopleBatch, revokeAuthSessionsOf, writePeopleBatch, type PeopleColumns,
} from './queries.ts';

export interface ImportOptions {
  /** Report what would happen and change nothing. */
  dryRun: boolean;
  /** Deactivate active people who are not in the file (the admin importing never). */
  deactivateMissing: boolean;
  /** How many people a real run is expected to deactivate (default 0); any other number refuses it. */
  expectDeactivated?: number;
  /** Hears each step's progress: 'validated', then 'checked' (dry run) or 'written'. */
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface ImportReport {
  dryRun: boolean;
  /** People in the file. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  /** Addresses of the people deactivated (or who would be), so an admin can check a dry run. */
  deactivatedEmails: string[];
  /** Seats in sessions yet to start that were (or would be) given up by the people deactivated. */
  bookingsCancelled: number;
  /** Sites and departments in the file that no active person has yet (at most 100). */
  warnings: Awaited<ReturnType<typeof newPlaceWarnings>>['warnings'];
  warningsLeftOut: number;
}

/** The file has rows at fault; nothing was changed. Every row at fault, with its reasons. */
export class ImportInvalidError extends Error {
  readonly rows: RowFault[];
  constructor(rows: RowFault[]) {
    super(`${rows.length} ${rows.length === 1 ? 'row is' : 'rows are'} at fault; nothing was imported.`);
    this.rows = rows;
  }
}

// Rows are written ten thousand at a time: progress to show between batches, and few batches, as
// each one joins against all the organisation's people. Measured with 50,000 new people on the
// embedded cluster (a busy machine): ~2.5 s in one statement, ~3.4 s in batches of 10,000, ~4.7 s
// in batches of 5,000. Most of it is the case-insensitive (citext) e-mail indexes.
const BATCH = 10_000;

export async function importPeople(tx: Tx, actor: Actor, file: PeopleFile, options: ImportOptions): Promise<ImportReport> {
  requireRole(actor, 'admin');
  const me = await findPerson(tx, actor.orgId, actor.personId);
  if (!me) throw new NotFoundError('Person');
  const { people, faults } = checkPeopleRows(file, me.email, (done, total) => options.onProgress?.('validated', done, total));
  if (faults.length > 0) throw new ImportInvalidError(faults);

  await lockPeopleImport(tx, actor.orgId);
  // The file never takes admin away from the importer, so the organisation keeps an admin as long
  // as the importer still is one: an admin who took that away meanwhile has committed (and the
  // import is refused here), or waits for this lock until the import has committed.
  if (!options.dryRun && !(await lockActiveAdmins(tx, actor.orgId)).includes(actor.personId)) {
    throw new ForbiddenError('You are no longer an active admin of this organisation; nothing was imported.');
  }
  // The clock is read once, so the seats counted in a dry run are the seats a real run frees.
  const now = new Date();
  const leaving = options.deactivateMissing ? await findMissingPeople(tx, actor.orgId, people.map((p) => p.email), actor.personId) : [];
  const expected = options.expectDeactivated ?? 0;
  if (!options.dryRun && leaving.length !== expected) {
    const bookingsCancelled = await countFutureSeatsOf(tx, actor.orgId, leaving.map((p) => p.id), now);
    throw new RuleError(
      'DEACTIVATION_NOT_CONFIRMED',
      `This import would deactivate ${leaving.length} ${leaving.length === 1 ? 'person' : 'people'} not in the file ` +
      `(${bookingsCancelled} ${bookingsCancelled === 1 ? 'seat' : 'seats'} given up), not ${expected}; nothing was changed. ` +
      `Check who with a dry run; to go ahead, state the number (expectDeactivated=${leaving.length}, ` +
      `on the command line --expect-deactivated ${leaving.length}), or keep them (deactivateMissing=false, --keep-missing).`,
      { deactivated: leaving.length, bookingsCancelled, expectDeactivated: expected },
    );
  }
  const warnings = await newPlaceWarnings(tx, actor.orgId, people, file);

  const counts = { created: 0, updated: 0 };
  for (let start = 0; start < people.length; start += BATCH) {
    const batch = columnsOf(people.slice(start, start + BATCH), file);
    const done = options.dryRun ? await planPeopleBatch(tx, actor.orgId, batch) : await writePeopleBatch(tx, actor.orgId, batch);
    counts.created += done.created;
    counts.updated += done.updated;
    options.onProgress?.(options.dryRun ? 'checked' : 'written', Math.min(start + BATCH, people.length), people.length);
  }

  let left = leaving;
  let bookingsCancelled = 0;
  if (options.dryRun) bookingsCancelled = await countFutureSeatsOf(tx, actor.orgId, leaving.map((p) => p.id), now);
  else if (leaving.length > 0) {
    // Whoever another admin deactivated meanwhile is not counted twice.
    left = await deactivatePeople(tx, actor.orgId, leaving.map((p) => p.id));
    const ids = left.map((p) => p.id);
    const cancelled = await giveUpFutureSeatsOf(tx, actor.orgId, ids, now, actor.personId);
    // Their coaches hear that the seats are free; the people who left get no mail.
    for (const bookingId of cancelled) await queueSeatGivenUp(tx, actor.orgId, bookingId, null);
    bookingsCancelled = cancelled.length;
    await revokeAuthSessionsOf(tx, actor.orgId, ids);
  }
  const report = {
    dryRun: options.dryRun,
    rows: people.length,
    created: counts.created,
    updated: counts.updated,
    // Created and updated count what was written; a person created meanwhile by first sign-in is
    // neither, and is counted here with those the file leaves as they were.
    unchanged: people.length - counts.created - counts.updated,
    deactivated: left.length,
    deactivatedEmails: left.map((p) => p.email),
    bookingsCancelled,
    ...warnings,
  };
  // One entry per import: the counts, and who was deactivated (the people changed are many; the
  // file itself is the record of what they were changed to).
  if (!options.dryRun) {
    const { deactivatedEmails: _emails, dryRun: _dryRun, warnings: _warnings, warningsLeftOut: _left, ...counts } = report;
    await audit(tx, actor, 'people.imported', { kind: 'organisation', id: actor.orgId }, { ...counts, deactivatedPeople: left.map((p) => p.id) });
  }
  return report;
}

function columnsOf(people: ImportedPerson[], file: PeopleFile): PeopleColumns {
  return {
    emails: people.map((p) => p.email),
    names: people.map((p) => p.name),
    departments: people.map((p) => p.department ?? null),
    sites: people.map((p) => p.site ?? null),
    zones: people.map((p) => p.timeZone ?? null),
    locales: people.map((p) => p.locale ?? null),
    roles: people.map((p) => p.roles?.join(',') ?? null),
    hasDepartment: file.columns.includes('department'),
    hasSite: file.columns.includes('site'),
  };
}
