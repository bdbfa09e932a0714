// Erasure (Art. 17 GDPR): a person's name, address and free texts removed everywhere, what
// statistics count kept in the anonymous form (migration 028 describes it), in one transaction.
// Asked for by the person (confirmed by a mailed link), by an admin, or on the command line.
import { randomUUID } from 'node:crypto';
import { lockActiveAdmins } from '../../db/active-admins.ts';
import type { Tx } from '../../db/transaction.ts';
import { requirePerson, requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { recordAuditEntries } from '../audit/service.ts';
import { giveUpFutureSeatsOf } from '../bookings/service.ts';
import { queueErasureConfirmation, queueSeatGivenUp } from '../notifications/outbox/service.ts';
import { removeCaughtMail } from '../notifications/service.ts';
import {
  anonymiseBookingsBatch, countBookingsBefore, eraseRows, erasureFacts, findRequestByToken, insertErasureRequest, isActiveAdmin,
  lockPersonToErase, lockRequestByToken, markRequestUsed, newStandIn, otherActiveAdmins, pseudonymiseAudit, setRequestToken, standInForAvailabilityEdits,
  standInForPlanProposals, upcomingSessionsCoachedBy, type ErasureRequestRow,
} from './queries.ts';

/** How long a mailed confirmation link works. */
export const ERASURE_LINK_MINUTES = 60;

/** Who asked: the person themself (their link confirmed), an admin, or the operator's command line. */
export type ErasedBy = { kind: 'self'; actor: Actor } | { kind: 'admin'; actor: Actor } | { kind: 'command_line' };

export interface Erasure {
  bookingsCancelled: number;
  /** The address the person had: the caller removes the development catcher's mail to it after commit. */
  formerEmail: string;
  rows: Record<string, number>;
}

/**
 * Erases one person of the organisation. The person's row is locked first, as bookings lock it: a
 * seat taken at the same moment is either in before (and given up here) or refused after (the person
 * is gone). A second erasure of the same person waits and then finds nobody (404).
 */
export async function erasePerson(
  tx: Tx, orgId: string, personId: string, by: ErasedBy, o: { now?: Date; expectEmail?: string } = {},
): Promise<Erasure> {
  const now = o.now ?? new Date();
  // An admin's erasure is decided under the admins' lock (db/active-admins.ts), taken before the
  // person's row as its other takers take it: the two last admins erased at the same moment would
  // otherwise each count the other still there. Erasing anyone else (retention's departed people)
  // holds up no admin.
  const admins = (await isActiveAdmin(tx, orgId, personId)) ? await lockActiveAdmins(tx, orgId) : undefined;
  const person = await lockPersonToErase(tx, orgId, personId);
  if (!person) throw new NotFoundError('Person');
  if (o.expectEmail !== undefined && o.expectEmail.trim().toLowerCase() !== person.email.toLowerCase()) {
    throw new InputError([{ field: 'confirmEmail', message: 'does not match the person’s address' }]);
  }
  const coached = await upcomingSessionsCoachedBy(tx, orgId, personId, now);
  if (coached > 0) {
    throw new RuleError('ERASURE_COACH_HAS_SESSIONS',
      coached === 1
      ? 'This person coaches 1 session that has not ended; an admin must give it to another coach or cancel it first.'
      : `This person coaches ${coached} sessions that have not ended; an admin must give them to another coach or cancel them first.`, { sessions: coached });
  }
  if (person.active && person.roles.includes('admin')) {
    // No lock yet only when the person was made an admin between the two reads above: it comes after
    // their row this once (a deadlock that order can meet is retried whole by inOrg).
    const activeAdmins = admins ?? (await lockActiveAdmins(tx, orgId));
    if (!activeAdmins.some((id) => id !== personId)) {
      throw new RuleError('ERASURE_LAST_ADMIN', 'This is the organisation’s last active admin; make someone else an admin first.');
    }
  }

  // The usual notices first, while the person still exists: the coach's roster notice (composed
  // when sent, it names the stand-in, "(erased)"); mail to the person themself is dropped below.
  const byId = by.kind === 'command_line' ? personId : by.actor.personId;
  const cancelled = await giveUpFutureSeatsOf(tx, orgId, [personId], now, byId);
  for (const bookingId of cancelled) await queueSeatGivenUp(tx, orgId, bookingId, null);

  const texts = [person.name, person.email];
  const standIn = await newStandIn(tx, orgId);
  const rows = await eraseRows(tx, orgId, personId, standIn, texts);
  await standInForAvailabilityEdits(tx, orgId, personId, standIn);
  await standInForPlanProposals(tx, orgId, personId, standIn);
  // Another fresh id for the audit trail, kept nowhere: its entries and the anonymous rows cannot be joined.
  const pseudonym = randomUUID();
  rows.auditEntries = await pseudonymiseAudit(tx, orgId, personId, pseudonym, texts);
  const self = by.kind === 'self' || (by.kind === 'admin' && by.actor.personId === personId);
  await recordAuditEntries(tx, [{
    orgId,
    actorKind: by.kind === 'command_line' ? 'operator' : 'person',
    actorId: self ? pseudonym : by.kind === 'command_line' ? null : by.actor.personId,
    action: 'person.erased', subjectKind: 'person', subjectId: pseudonym,
    ip: by.kind !== 'command_line' && !self ? by.actor.ip : undefined,
    detail: { by: self ? 'self' : by.kind, bookingsCancelled: cancelled.length, ...rows },
  }]);
  return { bookingsCancelled: cancelled.length, formerEmail: person.email, rows };
}

/** After the commit (files cannot share the transaction): the development catcher's mail to the
 * erased address goes too. Returns how many files went. */
export function removeCaughtMailOf(caughtMailDir: string, erasure: Erasure): Promise<number> {
  const address = erasure.formerEmail.toLowerCase();
  return removeCaughtMail(caughtMailDir, (message) => message.recipients.includes(address));
}

/** An admin erases a person on request, typing their address to confirm which one. */
export async function eraseAsAdmin(tx: Tx, actor: Actor, personId: string, confirmEmail: string, now = new Date()): Promise<Erasure> {
  requireRole(actor, 'admin');
  requirePerson(actor);
  return erasePerson(tx, actor.orgId, personId, { kind: 'admin', actor }, { now, expectEmail: confirmEmail });
}

// --- Self-service: a link by mail, then a confirmation signed in as the same person ---

/** Mails the person a link to confirm; an earlier link stops working. */
export async function requestSelfErasure(tx: Tx, actor: Actor, now = new Date()): Promise<{ expiresAt: Date }> {
  requirePerson(actor);
  const expiresAt = new Date(now.getTime() + ERASURE_LINK_MINUTES * 60_000);
  const requestId = await insertErasureRequest(tx, actor.orgId, actor.personId, expiresAt);
  await queueErasureConfirmation(tx, actor.orgId, actor.personId, requestId);
  await recordAuditEntries(tx, [{
    orgId: actor.orgId, actorKind: 'person', actorId: actor.personId, action: 'person.erasure_requested',
    subjectKind: 'person', subjectId: actor.personId, ip: actor.ip, detail: { expiresAt: expiresAt.toISOString() },
  }]);
  return { expiresAt };
}

/** The mail's job makes the link's token as it sends (notifications' IssueErasureLink). */
export async function issueErasureLink(tx: Tx, orgId: string, personId: string, requestId: string, now: Date): Promise<{ token: string; expiresAt: Date } | string> {
  const token = newSecret();
  const expiresAt = await setRequestToken(tx, orgId, requestId, personId, hashSecret(token), now);
  return expiresAt ? { token, expiresAt } : 'the erasure request was replaced, used or has expired';
}

/** The request of a link, if it is the signed-in person's and still usable; someone else's is not found. */
function usable(request: ErasureRequestRow | undefined, actor: Actor, now: Date): ErasureRequestRow {
  if (!request || request.person_id !== actor.personId) throw new NotFoundError('Erasure link');
  if (request.used_at) throw new RuleError('ERASURE_LINK_USED', 'This link was already used or replaced by a newer one. Ask for a new one on your profile.');
  if (request.expires_at <= now) throw new RuleError('ERASURE_LINK_EXPIRED', 'This link has expired. Ask for a new one on your profile.');
  return request;
}

/** What the erasure will do, shown before the final button. */
export async function previewSelfErasure(tx: Tx, actor: Actor, token: string, now = new Date()) {
  requirePerson(actor);
  const request = usable(await findRequestByToken(tx, actor.orgId, hashSecret(token)), actor, now);
  const facts = await erasureFacts(tx, actor.orgId, actor.personId, now);
  return {
    expiresAt: request.expires_at.toISOString(),
    futureBookings: facts.future_bookings,
    pastBookings: facts.past_bookings,
    ratings: facts.ratings,
    supports: facts.supports,
    upcomingSessionsCoached: await upcomingSessionsCoachedBy(tx, actor.orgId, actor.personId, now),
    lastAdmin: actor.roles.includes('admin') && (await otherActiveAdmins(tx, actor.orgId, actor.personId)) === 0,
  };
}

/** The final button: the link is used up and the person erased, or neither (a refusal keeps the link). */
export async function confirmSelfErasure(tx: Tx, actor: Actor, token: string, now = new Date()): Promise<Erasure> {
  requirePerson(actor);
  const request = usable(await lockRequestByToken(tx, actor.orgId, hashSecret(token)), actor, now);
  await markRequestUsed(tx, actor.orgId, request.id);
  return erasePerson(tx, actor.orgId, actor.personId, { kind: 'self', actor }, { now });
}

// --- Retention's rule: bookings and attendance older than N months anonymised ---

/**
 * Bookings of sessions that started before `before` become anonymous (one stand-in per person per
 * call, their ratings of those sessions with them); encounters derived only from them go. At most
 * `limit` bookings, oldest first: call until it returns 0. In the organisation's transaction.
 */
export async function anonymiseBookingsBefore(tx: Tx, orgId: string, before: Date, limit = 5_000): Promise<number> {
  return anonymiseBookingsBatch(tx, orgId, before, limit);
}

/** How many bookings anonymiseBookingsBefore would anonymise (the preview). */
export async function countBookingsToAnonymise(tx: Tx, orgId: string, before: Date): Promise<number> {
  return countBookingsBefore(tx, orgId, before);
}
