// Importing the organisation's people from a file (admin API and CLI). The file is the list of
// who works here: people in it are created or brought up to date (matched by e-mail, whatever its
// case), and active people not in it have left — they are deactivated, their seats in sessions yet
// to start are given back and their sign-ins end. All or nothing: one row at fault and nothing
// changes.
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { giveUpFutureSeatsOf } from '../bookings/service.ts';
import { countFutureSeatsOf } from '../bookings/views.ts';
import { queueSeatGivenUp } from '../notifications/outbox/service.ts';
import type { PeopleFile, RowFault } from './csv.ts';
import { checkPeopleRows, type ImportedPerson } from './import-rows.ts';
import {
  deactivateMissingPeople, findMissingPeople, findPerson, lockPeopleImport, planPeopleBatch, revokeAuthSessionsOf, writePeopleBatch, type PeopleColumns,
} from './queries.ts';

export interface ImportOptions {
  /** Report what would happen and change nothing. */
  dryRun: boolean;
  /** Deactivate active people who are not in the file (the admin importing never). */
  deactivateMissing: boolean;
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
  const counts = { created: 0, updated: 0 };
  for (let start = 0; start < people.length; start += BATCH) {
    const batch = columnsOf(people.slice(start, start + BATCH), file);
    const done = options.dryRun ? await planPeopleBatch(tx, actor.orgId, batch) : await writePeopleBatch(tx, actor.orgId, batch);
    counts.created += done.created;
    counts.updated += done.updated;
    options.onProgress?.(options.dryRun ? 'checked' : 'written', Math.min(start + BATCH, people.length), people.length);
  }

  const emails = people.map((p) => p.email);
  let leaving: Array<{ id: string; email: string }> = [];
  let bookingsCancelled = 0;
  if (options.deactivateMissing) {
    // The clock is read once, so the seats counted in a dry run are the seats a real run frees.
    const now = new Date();
    if (options.dryRun) {
      leaving = await findMissingPeople(tx, actor.orgId, emails, actor.personId);
      bookingsCancelled = await countFutureSeatsOf(tx, actor.orgId, leaving.map((p) => p.id), now);
    } else {
      leaving = await deactivateMissingPeople(tx, actor.orgId, emails, actor.personId);
      const ids = leaving.map((p) => p.id);
      const cancelled = await giveUpFutureSeatsOf(tx, actor.orgId, ids, now, actor.personId);
      // Their coaches hear that the seats are free; the people who left get no mail.
      for (const bookingId of cancelled) await queueSeatGivenUp(tx, actor.orgId, bookingId, null);
      bookingsCancelled = cancelled.length;
      await revokeAuthSessionsOf(tx, actor.orgId, ids);
    }
  }
  const report = {
    dryRun: options.dryRun,
    rows: people.length,
    created: counts.created,
    updated: counts.updated,
    // Created and updated count what was written; a person created meanwhile by first sign-in is
    // neither, and is counted here with those the file leaves as they were.
    unchanged: people.length - counts.created - counts.updated,
    deactivated: leaving.length,
    deactivatedEmails: leaving.map((p) => p.email),
    bookingsCancelled,
  };
  // One entry per import: the counts, and who was deactivated (the people changed are many; the
  // file itself is the record of what they were changed to).
  if (!options.dryRun) {
    const { deactivatedEmails: _emails, dryRun: _dryRun, ...counts } = report;
    await audit(tx, actor, 'people.imported', { kind: 'organisation', id: actor.orgId }, { ...counts, deactivatedPeople: leaving.map((p) => p.id) });
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
