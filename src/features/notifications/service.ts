// What people and admins do with mail and calendars: the admin's view of outgoing mail (and
// retrying a failed message), the personal calendar feed, a booking's calendar file.
import type { Tx } from '../../db/transaction.ts';
import type { MessageStatus } from '../../db/schema.ts';
import { requirePerson, requireRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError, RuleError } from '../../lib/errors.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { insertAuditEntries } from '../audit/queries.ts';
import { findBooking } from '../bookings/queries.ts';
import { feed, type FeedEvent } from './calendar.ts';
import * as q from './queries.ts';

export async function listOutgoingMessages(
  tx: Tx, actor: Actor, filter: { status?: MessageStatus | undefined; before?: string | undefined; limit?: number | undefined },
) {
  requireRole(actor, 'admin');
  const limit = filter.limit ?? 50;
  const rows = await q.listMessages(tx, actor.orgId, { status: filter.status, before: filter.before ? new Date(filter.before) : undefined, limit });
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      recipient: { id: r.recipient_id, name: r.recipient_name, email: r.recipient_email },
      sessionId: r.session_id,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      sendAfter: r.send_after.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
    })),
    nextBefore: rows.length === limit ? rows.at(-1)!.created_at.toISOString() : null,
  };
}

/** A failed message goes out again (after the admin fixed the address, or the server). */
export async function retryOutgoingMessage(tx: Tx, actor: Actor, id: string): Promise<{ status: MessageStatus }> {
  requireRole(actor, 'admin');
  const result = await q.retryMessage(tx, actor.orgId, id);
  if (!result) throw new NotFoundError('Message');
  if (result.status !== 'pending') throw new RuleError('MESSAGE_NOT_FAILED', `Only a failed message can be retried; this one is ${result.status}.`);
  await insertAuditEntries(tx, [{ orgId: actor.orgId, actorKind: 'person', actorId: actor.personId, action: 'message.retried', subjectKind: 'message', subjectId: id, ip: actor.ip }]);
  return result;
}

export async function calendarFeedStatus(tx: Tx, actor: Actor): Promise<{ active: boolean }> {
  requirePerson(actor);
  return { active: await q.hasFeed(tx, actor.orgId, actor.personId) };
}

/** A new secret feed address; the previous one stops working at once. Only its hash is kept. */
export async function resetCalendarFeed(tx: Tx, actor: Actor, baseUrl: string): Promise<{ url: string; webcalUrl: string }> {
  requirePerson(actor);
  const token = newSecret();
  await q.setFeedHash(tx, actor.orgId, actor.personId, hashSecret(token));
  const url = `${baseUrl}/calendar/${token}.ics`;
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
}

export async function removeCalendarFeed(tx: Tx, actor: Actor): Promise<void> {
  requirePerson(actor);
  await q.setFeedHash(tx, actor.orgId, actor.personId, null);
}

export async function calendarFeedOwner(tx: Tx, token: string) {
  return q.feedOwner(tx, hashSecret(token));
}

export async function calendarFeed(tx: Tx, orgId: string, personId: string, baseUrl: string): Promise<string> {
  const rows = await q.feedSessions(tx, orgId, personId);
  return feed('Quartet', rows.map((r) => feedEvent(r.uid, r.session, baseUrl)));
}

/** The calendar file of one's own booking, for "add to calendar". */
export async function bookingCalendarFile(tx: Tx, actor: Actor, bookingId: string, baseUrl: string): Promise<string> {
  const booking = await findBooking(tx, actor.orgId, bookingId);
  if (!booking || booking.person_id !== actor.personId) throw new NotFoundError('Booking');
  const calendar = await q.bookingCalendar(tx, actor.orgId, bookingId);
  const session = await q.sessionFacts(tx, actor.orgId, booking.session_id);
  if (!calendar || !session) throw new NotFoundError('Booking');
  return feed('Quartet', [feedEvent(calendar.calendar_uid, session, baseUrl)]);
}

function feedEvent(uid: string, s: q.SessionFacts, baseUrl: string): FeedEvent {
  const url = `${baseUrl}/sessions/${s.id}`;
  const place = s.format === 'virtual' ? (s.online_url ?? '') : `${s.room_name ?? ''}, ${s.room_site ?? ''}`;
  return {
    uid,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    summary: `Quartet: ${s.module_title}`,
    description: [s.module_summary, `Coach: ${s.coach_name}`, s.location_note, url].filter(Boolean).join('\n\n'),
    location: place,
    url,
  };
}
