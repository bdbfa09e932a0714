// A person's calendars: the secret address of their personal feed (only its hash is kept), the
// feed itself, and the calendar file of one of their bookings.
import type { Locale } from '../../../db/schema.ts';
import type { Tx } from '../../../db/transaction.ts';
import { requirePerson, type Actor } from '../../../lib/actor.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { hashSecret, newSecret } from '../../../lib/secrets.ts';
import { feed, type FeedEvent } from '../compose/calendar.ts';
import { sessionEventTexts } from '../compose/session-event.ts';
import { wording } from '../compose/wording.ts';
import { sessionFacts, type SessionFacts } from '../queries.ts';
import { feedOwner, feedSessions, hasFeed, ownBookingCalendar, personLocale, setFeedHash } from './queries.ts';

export async function calendarFeedStatus(tx: Tx, actor: Actor): Promise<{ active: boolean }> {
  requirePerson(actor);
  return { active: await hasFeed(tx, actor.orgId, actor.personId) };
}

/** A new secret feed address; the previous one stops working at once. Only its hash is kept. */
export async function resetCalendarFeed(tx: Tx, actor: Actor, baseUrl: string): Promise<{ url: string; webcalUrl: string }> {
  requirePerson(actor);
  const token = newSecret();
  await setFeedHash(tx, actor.orgId, actor.personId, hashSecret(token));
  const url = `${baseUrl}/calendar/${token}.ics`;
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
}

export async function removeCalendarFeed(tx: Tx, actor: Actor): Promise<void> {
  requirePerson(actor);
  await setFeedHash(tx, actor.orgId, actor.personId, null);
}

export async function calendarFeedOwner(tx: Tx, token: string) {
  return feedOwner(tx, hashSecret(token));
}

export async function calendarFeed(tx: Tx, orgId: string, personId: string, baseUrl: string): Promise<string> {
  const [rows, locale] = [await feedSessions(tx, orgId, personId), await personLocale(tx, orgId, personId)];
  return feed('Quartet', rows.map((r) => feedEvent(r.uid, r.sequence, false, r.session, locale, baseUrl)));
}

/** The calendar file of one's own booking, for "add to calendar". */
export async function bookingCalendarFile(tx: Tx, actor: Actor, bookingId: string, baseUrl: string): Promise<string> {
  const booking = await ownBookingCalendar(tx, actor.orgId, actor.personId, bookingId);
  const session = booking && (await sessionFacts(tx, actor.orgId, booking.session_id));
  if (!booking || !session) throw new NotFoundError('Booking');
  // The invitations' UID and sequence: the file is the same entry as the mails' (updated, or withdrawn).
  const cancelled = booking.status === 'cancelled' || session.status === 'cancelled';
  return feed('Quartet', [feedEvent(booking.calendar_uid, booking.calendar_sequence, cancelled, session, actor.locale, baseUrl)]);
}

function feedEvent(uid: string, sequence: number, cancelled: boolean, s: SessionFacts, locale: Locale, baseUrl: string): FeedEvent {
  return { uid, sequence, cancelled, startsAt: s.starts_at, endsAt: s.ends_at, ...sessionEventTexts(s, wording(locale), baseUrl) };
}
