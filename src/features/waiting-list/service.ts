// Waiting lists: joining and leaving a full session's line, and giving freed seats to the people
// in it. Promotion runs inside the transaction that freed the seat, under the session's row lock,
// so a seat is given once, to the first person in line whose own booking rules allow it. Where the
// organisation offers seats instead (migration 038), the same turn makes an offer that holds the
// seat; offers.ts accepts, declines and lets lapse.
import type { Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { NotFoundError, RuleError } from '../../lib/errors.ts';
import { queueWaitlistOffer } from '../notifications/outbox/service.ts';
import { programSettings } from '../organisations/views.ts';
import { lockSessionsForSeats } from '../sessions/service.ts';
import {
  endEntry, endOffer, holdsSeat, insertEntry, openToPerson, markLeft, markOffered, markPromoted, openEntryOf, organisationActive, sessionsOfBookings, waitingLine, zoneOf,
  type EntryRow,
} from './queries.ts';
import { offerEnds } from './offer-ends.ts';

/** A rule of a sign-up said no: its code, and the error to show when the person asked themselves. */
export type SeatRefusal = { refused: string; error: RuleError };

/**
 * Gives a person a seat by the rules of a sign-up, or says which rule refused it. The bookings
 * feature passes its own in (it owns those rules and imports this one, not the other way round).
 */
export type SeatTaker = (tx: Tx, orgId: string, sessionId: string, personId: string, now: Date) => Promise<{ bookingId: string } | SeatRefusal>;

/** The same rules, asked without taking the seat: whether an offer could be accepted now (null: yes). */
export type SeatProbe = (tx: Tx, orgId: string, sessionId: string, personId: string, now: Date) => Promise<SeatRefusal | null>;

export interface SeatRules {
  take: SeatTaker;
  probe: SeatProbe;
}

export async function joinWaitingList(tx: Tx, actor: Actor, sessionId: string, now = new Date()): Promise<EntryRow> {
  // The lock a freed seat's promotion holds: a join is decided either before it (and promoted by
  // it) or after it (and refused here, the seat being free to book).
  const [session] = await lockSessionsForSeats(tx, actor.orgId, [sessionId]);
  if (!session) throw new NotFoundError('Session');
  if (session.status === 'cancelled') throw new RuleError('SESSION_CANCELLED', 'This session has been cancelled.');
  if (session.status !== 'scheduled' || session.starts_at <= now) throw new RuleError('SESSION_STARTED', 'This session has already started.');
  if (session.coach_id === actor.personId) throw new RuleError('OWN_SESSION', 'You are the coach of this session.');
  if (await holdsSeat(tx, actor.orgId, sessionId, actor.personId)) throw new RuleError('ALREADY_BOOKED', 'You already have a seat in this session.');
  if (!(await openToPerson(tx, actor.orgId, sessionId, actor.personId))) {
    throw new RuleError('COHORT_SESSION', 'This session belongs to a cohort; its seats are for the members of its group.');
  }
  if (session.seats_taken < session.capacity) throw new RuleError('SESSION_NOT_FULL', 'This session has a free seat: book it instead.');
  const { cancellation_cutoff_minutes: cutoff } = await programSettings(tx, actor.orgId);
  if (session.starts_at.getTime() - now.getTime() < cutoff * 60_000) {
    throw new RuleError('WAITLIST_CLOSED', `The waiting list closes ${cutoff} minutes before the start, when seats can no longer be given up.`, { cutoffMinutes: cutoff });
  }
  const entry = await insertEntry(tx, actor.orgId, sessionId, actor.personId);
  if (!entry) throw new RuleError('ALREADY_WAITING', 'You are already on the waiting list of this session.');
  return entry;
}

/** Leaves the line; one who holds an offer declines it, and the seat is offered to the next in line. */
export async function leaveWaitingList(tx: Tx, actor: Actor, sessionId: string, seats: SeatRules, now = new Date()): Promise<void> {
  // Under the session's lock, as promotion reads the line: one who leaves is never given a seat.
  const [session] = await lockSessionsForSeats(tx, actor.orgId, [sessionId]);
  if (!session) throw new NotFoundError('Session');
  const open = await openEntryOf(tx, actor.orgId, sessionId, actor.personId);
  if (open?.status === 'offered') {
    await endOffer(tx, actor.orgId, open.id, 'declined');
    await promoteFromWaitingList(tx, actor.orgId, sessionId, now, seats);
    return;
  }
  const left = await markLeft(tx, actor.orgId, sessionId, actor.personId);
  if (!left) throw new RuleError('NOT_WAITING', 'You are not on the waiting list of this session.');
}

// COHORT_SESSION: someone outside a cohort's group never gets its seat, so their place in line ends.
const MOOT = new Set(['ALREADY_BOOKED', 'OWN_SESSION', 'PERSON_INACTIVE', 'COHORT_SESSION']);
// Refusals that hold for everyone in line: no seat can be given or offered now.
const STOPS = new Set(['SESSION_FULL', 'SESSION_STARTED', 'SESSION_CANCELLED']);

/**
 * Fills the session's free seats from its line, first come first served, skipping anyone whose own
 * rules refuse the seat now (their upcoming-bookings limit, an overlapping booking): they keep their
 * place for the next seat. The line is closed once the session is within the cancellation cut-off
 * (a seat given then could no longer be given up) and at its start. Where the organisation offers
 * seats, each free seat is held for the next eligible person instead (offerFreeSeats). Returns the
 * new booking ids (none for offers).
 */
export async function promoteFromWaitingList(tx: Tx, orgId: string, sessionId: string, now: Date, seats: SeatRules): Promise<string[]> {
  // Most freed seats have nobody waiting: one query says so, before the lock and the settings. The
  // line read first is still the line: whatever freed the seat wrote the session row (seats_taken or
  // capacity), so this transaction already holds that row, and a join or a leave waits for it.
  const line = await waitingLine(tx, orgId, sessionId);
  if (line.length === 0) return [];
  const [session] = await lockSessionsForSeats(tx, orgId, [sessionId]);
  if (!session || session.status !== 'scheduled' || session.seats_taken >= session.capacity) return [];
  const settings = await programSettings(tx, orgId);
  const closesAt = session.starts_at.getTime() - settings.cancellation_cutoff_minutes * 60_000;
  if (closesAt < now.getTime()) return [];
  let free = session.capacity - session.seats_taken;
  if (settings.waitlist_mode === 'offer') {
    // An offer that would lapse as it is made is no offer: the line is closed.
    if (closesAt <= now.getTime()) return [];
    // Nobody in a suspended organisation can sign in to accept, nor is mailed the offer: each would
    // lapse unseen and cost its person their place. The line waits; once the organisation is active
    // again the offers' sweep finds the free seat (waitlist_sessions_due) and offers it.
    if (!(await organisationActive(tx, orgId))) return [];
    await offerFreeSeats(tx, orgId, sessionId, line, free, { hours: settings.waitlist_offer_hours, closesAt: new Date(closesAt) }, now, seats.probe);
    return [];
  }
  const promoted: string[] = [];
  for (const entry of line) {
    if (free === 0) break;
    const outcome = await seats.take(tx, orgId, sessionId, entry.person_id, now);
    if ('refused' in outcome) {
      if (STOPS.has(outcome.refused)) break;
      // Nothing a later seat could change: the wait is over for them.
      if (MOOT.has(outcome.refused)) await endEntry(tx, orgId, entry.id);
      continue;
    }
    await markPromoted(tx, orgId, entry.id, outcome.bookingId);
    promoted.push(outcome.bookingId);
    free -= 1;
  }
  return promoted;
}

/**
 * Holds each free seat for the next person in line whose own rules would let them take it now, for the
 * hours the organisation gives — to their morning where that ends in their night, at most until the
 * cut-off (offer-ends.ts) — and queues the mail that offers it. The hold counts as a taken seat (migration 038's trigger), so nobody else can book it.
 * Someone the rules refuse now keeps their place, as in automatic promotion.
 */
async function offerFreeSeats(
  tx: Tx, orgId: string, sessionId: string, line: EntryRow[], free: number, hold: { hours: number; closesAt: Date }, now: Date, probe: SeatProbe,
): Promise<void> {
  for (const entry of line) {
    if (free === 0) return;
    const refusal = await probe(tx, orgId, sessionId, entry.person_id, now);
    if (refusal) {
      if (STOPS.has(refusal.refused)) return;
      if (MOOT.has(refusal.refused)) await endEntry(tx, orgId, entry.id);
      continue;
    }
    const zone = await zoneOf(tx, orgId, entry.person_id);
    await markOffered(tx, orgId, entry.id, offerEnds({ now, hours: hold.hours, zone, closesAt: hold.closesAt }));
    await queueWaitlistOffer(tx, orgId, entry.id);
    free -= 1;
  }
}


/** Fills the seats that the given-up bookings freed, session by session in id order (the lock order). */
export async function promoteAfterSeatsGivenUp(tx: Tx, orgId: string, bookingIds: string[], now: Date, seats: SeatRules): Promise<string[]> {
  const promoted: string[] = [];
  for (const sessionId of await sessionsOfBookings(tx, orgId, bookingIds)) {
    promoted.push(...(await promoteFromWaitingList(tx, orgId, sessionId, now, seats)));
  }
  return promoted;
}
