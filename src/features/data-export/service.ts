// A person's copy of their data (Art. 15, 20 GDPR): asking for it, preparing it (the job), handing
// it out once, and deleting it when its time is over. The archive is bound to its person: every
// read names them, so another person's id is simply not found.
import { DateTime } from 'luxon';
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import { requirePerson, type Actor } from '../../lib/actor.ts';
import { NotFoundError, RuleError } from '../../lib/errors.ts';
import type { RateLimit } from '../rate-limits/service.ts';
import { audit, recordAuditEntries } from '../audit/service.ts';
import { queueDataExportReady } from '../notifications/outbox/service.ts';
import type { DataMap } from '../privacy/data-map-types.ts';
import { archiveFileName, buildArchive } from './archive.ts';
import { idsInDetails, presentExport, presentRequest } from './presenters.ts';
import {
  expireArchives, exportToPrepare, inOrgSnapshot, insertExport, markFailed, ownExportForUpdate, storeArchive, supersedeReadyExports, takeArchive,
} from './queries.ts';
import { otherPeople } from './snapshot/queries.ts';
import { gatherSnapshot } from './snapshot/service.ts';

// The organisation's export (organisations/operator-export.ts) reads in the same kind of snapshot.
export { inOrgSnapshot } from './queries.ts';

/** How long a prepared archive waits to be downloaded before it is deleted. */
export const EXPORT_VALID_DAYS = 7;
/** Requests per person and day: gathering a long history is work, and each request mails the person. */
export const EXPORT_REQUESTS: RateLimit = { name: 'data-export-requests', max: 3, windowSeconds: 86_400 };
/** Download attempts per person and hour: ids are random, but guessing should still be slow. */
export const EXPORT_DOWNLOADS: RateLimit = { name: 'data-export-downloads', max: 30, windowSeconds: 3_600 };

export async function requestExport(tx: Tx, actor: Actor) {
  requirePerson(actor);
  // An archive not yet downloaded gives way: one copy of the person's data waits at a time.
  await supersedeReadyExports(tx, actor.orgId, actor.personId);
  const row = await insertExport(tx, actor.orgId, actor.personId);
  if (!row) throw new RuleError('EXPORT_IN_PROGRESS', 'A copy of your data is being prepared already; you will get a mail when it is ready.');
  await audit(tx, actor, 'people.data_export_requested', { kind: 'person', id: actor.personId }, { export: row.id });
  return presentRequest(row);
}

export type Download =
  | { kind: 'archive'; archive: Buffer; fileName: string }
  | { kind: 'gone'; code: 'EXPORT_DOWNLOADED' | 'EXPORT_EXPIRED' | 'EXPORT_FAILED'; message: string };

/** The archive, once: the same statement that reads it deletes it. */
export async function downloadExport(tx: Tx, actor: Actor, id: string, now = new Date()): Promise<Download> {
  requirePerson(actor);
  const row = await ownExportForUpdate(tx, actor.orgId, actor.personId, id);
  if (!row) throw new NotFoundError('Data export');
  if (row.status === 'preparing') throw new RuleError('EXPORT_NOT_READY', 'Your data is still being prepared; you will get a mail when it is ready.');
  if (row.status === 'downloaded') return { kind: 'gone', code: 'EXPORT_DOWNLOADED', message: 'This copy of your data was downloaded already and then deleted. Ask for a new one on your profile.' };
  // The clock: an archive whose time is over is refused even before its expiry job has run.
  if (row.status === 'expired' || (row.expires_at && row.expires_at <= now)) {
    return { kind: 'gone', code: 'EXPORT_EXPIRED', message: 'This copy of your data has expired and was deleted. Ask for a new one on your profile.' };
  }
  if (row.status === 'failed') return { kind: 'gone', code: 'EXPORT_FAILED', message: 'This copy of your data could not be prepared. Ask for a new one on your profile.' };
  const archive = await takeArchive(tx, actor.orgId, id, now);
  if (!archive) throw new NotFoundError('Data export');
  await audit(tx, actor, 'people.data_export_downloaded', { kind: 'person', id: actor.personId }, { export: id, bytes: archive.byteLength });
  return { kind: 'archive', archive, fileName: archiveFileName(row.ready_at ?? now) };
}

/**
 * Deletes the organisation's archives whose time is over (the rows stay: they record the requests).
 * Each archive's own expiry job does this at its moment; retention may call it too.
 */
export function expireDataExports(tx: Tx, orgId: string, now?: Date): Promise<number> {
  return expireArchives(tx, orgId, now);
}

export type Prepared = 'ready' | 'skipped' | 'person gone';

/**
 * The job's work: the person's data read in one snapshot, the archive built and stored, the mail
 * queued with it. `declared` is the data map, whose tables about the person reach the export even
 * before they have a section of their own.
 */
export async function prepareExport(db: Db, orgId: string, exportId: string, declared: DataMap, now = new Date()): Promise<Prepared> {
  const request = await inOrg(db, orgId, (tx) => exportToPrepare(tx, orgId, exportId));
  if (!request || request.status !== 'preparing') return 'skipped';
  const built = await inOrgSnapshot(db, orgId, async (tx) => {
    const snapshot = await gatherSnapshot(tx, orgId, request.person_id, exportId, now, declared);
    if (!snapshot) return undefined;
    const strangers = (await otherPeople(tx, orgId, request.person_id, idsInDetails(snapshot)))
      .map((p) => ({ id: String(p.id), email: String(p.email), name: String(p.name) }));
    const locale = snapshot.person.locale === 'de' ? 'de' : 'en';
    const zone = String(snapshot.person.time_zone);
    const doc = presentExport(snapshot, strangers);
    // English the British way (24-hour), as everywhere in Quartet.
    const readableAt = DateTime.fromJSDate(now, { zone }).setLocale(locale === 'en' ? 'en-GB' : 'de').toLocaleString(DateTime.DATETIME_FULL);
    return { archive: buildArchive(doc, locale, readableAt), personId: request.person_id };
  });
  if (!built) {
    await inOrg(db, orgId, (tx) => markFailed(tx, orgId, exportId, 'the person is no longer there'));
    return 'person gone';
  }
  const expiresAt = DateTime.fromJSDate(now).plus({ days: EXPORT_VALID_DAYS }).toJSDate();
  return inOrg(db, orgId, async (tx) => {
    // Stored only while still wanted: a request superseded or failed meanwhile stays as it is.
    if (!(await storeArchive(tx, orgId, exportId, built.archive, now, expiresAt))) return 'skipped';
    await queueDataExportReady(tx, orgId, built.personId, exportId, expiresAt);
    await recordAuditEntries(tx, [{
      orgId, actorKind: 'system', actorId: null, action: 'people.data_export_prepared', subjectKind: 'person', subjectId: built.personId,
      detail: { export: exportId, bytes: built.archive.byteLength },
    }]);
    return 'ready';
  });
}

/** The job gave up: the person sees "failed" and may ask again. */
export function failExport(db: Db, orgId: string, exportId: string, reason: string): Promise<void> {
  return inOrg(db, orgId, (tx) => markFailed(tx, orgId, exportId, reason));
}
