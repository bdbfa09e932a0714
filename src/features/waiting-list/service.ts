// Waiting lists: joining and leaving a full session's line, and giving freed seats to the people
// in it. Promotion runs inside the transaction that freed the seat, under the session's row lock,
// so a seat is given once, to the first person in line whose own booking rules allow it.
import type { Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { NotFoundError, RuleError } from '../../lib/errors.ts';
import { programSettings } from '../organisations/views.ts';
import { lockSessionsForSeats } from '../sessions/service.ts';
import { endEntry, holdsSeat, insertEntry, markLeft, markPromoted, sessionsOfBookings, waitingLine, type EntryRow } from './queries.ts';

/**
 * Gives a person a seat by the rules of a sign-up, or says which rule refused it. The bookings
 * feature passes its own in (it owns those rules and imports this one, not the other way round).
 */
export type SeatTaker = (tx: Tx, orgId: string, sessionId: string, personId: string, now: Date) => Promise<{ bookingId: string } | { refused: string }>;

export async function joinWaitingList(tx: Tx, actor: Actor, sessionId: string, now = new Date()): Promise<EntryRow> {
  // The lock a freed seat's promotion holds: a join is decided either before it (and promoted by
  // it) or after it (and refused here, the seat being free to book).
  const [session] = await lockSessionsForSeats(tx, actor.orgId, [sessionId]);
  if (!session) throw new NotFoundError('Session');
  if (session.status === 'cancelled') throw new RuleError('SESSION_CANCELLED', 'This session has been cancelled.');
  if (session.status !== 'scheduled' || session.starts_at <= now) throw new RuleError('SESSION_STARTED', 'This session has already started.');
  if (session.coach_id === actor.personId) throw new RuleError('OWN_SESSION', 'You are the coach of this session.');
  if (await holdsSeat(tx, actor.orgId, sessionId, actor.personId)) throw new RuleError('ALREADY_BOOKED', 'You already have a seat in this session.');
  if (session.seats_taken < session.capacity) throw new RuleError('SESSION_NOT_FULL', 'This session has a free seat: book it instead.');
  const { cancellation_cutoff_minutes: cutoff } = await programSettings(tx, actor.orgId);
  if (session.starts_at.getTime() - now.getTime() < cutoff * 60_000) {
    throw new RuleError('WAITLIST_CLOSED', `The waiting list closes ${cutoff} minutes before the start, when seats can no longer be given up.`, { cutoffMinutes: cutoff });
  }
  const entry = await insertEntry(tx, actor.orgId, sessionId, actor.personId);
  if (!entry) throw new RuleError('ALREADY_WAITING', 'You are already on the waiting list of this session.');
  return entry;
}

export async function leaveWaitingList(tx: Tx, actor: Actor, sessionId: string): Promise<void> {
  // Under the session's lock, as promotion reads the line: one who leaves is never given a seat.
  const [session] = await lockSessionsForSeats(tx, actor.orgId, [sessionId]);
  if (!session) throw new NotFoundError('Session');
  const left = await markLeft(tx, actor.orgId, sessionId, actor.personId);
  if (!left) throw new RuleError('NOT_WAITING', 'You are not on the waiting list of this session.');
}

const MOOT = new Set(['ALREADY_BOOKED', 'OWN_SESSION', 'PERSON_INACTIVE']);

/**
 * Fills the session's free seats from its line, first come first served, skipping anyone whose own
 * rules refuse the seat now (their upcoming-bookings limit, an overlapping booking): they keep their
 * place for the next seat. The line is closed once the session is within the cancellation cut-off
 * (a seat given then could no longer be given up) and at its start. Returns the new booking ids.
 */
export async function promoteFromWaitingList(tx: Tx, orgId: string, sessionId: string, now: Date, takeSeat: SeatTaker): Promise<string[]> {
  // Most freed seats have nobody waiting: one query says so, before the lock and the settings. The
  // line read first is still the line: whatever freed the seat wrote the session row (seats_taken or
  // capacity), so this transaction already holds that row, and a join or a leave waits for it.
  const line = await waitingLine(tx, orgId, sessionId);
  if (line.length === 0) return [];
  const [session] = await lockSessionsForSeats(tx, orgId, [sessionId]);
  if (!session || session.status !== 'scheduled' || session.seats_taken >= session.capacity) return [];
  const { cancellation_cutoff_minutes: cutoff } = await programSettings(tx, orgId);
  if (session.starts_at.getTime() - now.getTime() < cutoff * 60_000) return [];
  let free = session.capacity - session.seats_taken;
  const promoted: string[] = [];
  for (const entry of line) {
    if (free === 0) break;
    const outcome = await takeSeat(tx, orgId, sessionId, entry.person_id, now);
    if ('refused' in outcome) {
      if (outcome.refused === 'SESSION_FULL') break;
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

/** Fills the seats that the given-up bookings freed, session by session in id order (the lock order). */
export async function promoteAfterSeatsGivenUp(tx: Tx, orgId: string, bookingIds: string[], now: Date, takeSeat: SeatTaker): Promise<string[]> {
  const promoted: string[] = [];
  for (const sessionId of await sessionsOfBookings(tx, orgId, bookingIds)) {
    promoted.push(...(await promoteFromWaitingList(tx, orgId, sessionId, now, takeSeat)));
  }
  return promoted;
}
