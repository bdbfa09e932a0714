// Taking, giving up and moving seats: the rules an employee meets. The database holds the last
// line (capacity, one seat per person per session); these checks give the reasons in words.
import { violatedConstraint } from '../../db/errors.ts';
import type { Tx } from '../../db/transaction.ts';
import { hasRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError, RuleError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { assertNoAvoidableRepeat, isCohortGroupSession } from '../mixing/service.ts';
import { queueSeatGivenUp, queueSeatTaken } from '../notifications/outbox/service.ts';
import { programSettings } from '../organisations/views.ts';
import { lockSessionsForSeats } from '../sessions/service.ts';
import { endOwnWait } from '../waiting-list/offers.ts';
import { promoteAfterSeatsGivenUp, promoteFromWaitingList, type SeatProbe, type SeatRules, type SeatTaker } from '../waiting-list/service.ts';
import { queueBookingEvents, queueBookingMoved } from '../webhooks/outbox/service.ts';
import {
  cancelFutureBookingsOf, checkSeat, findBooking, insertBooking, linkMove, lockPerson, markCancelled, setAttendance, type BookingRow,
} from './queries.ts';

export async function bookSeat(tx: Tx, actor: Actor, sessionId: string, now = new Date()): Promise<string> {
  return (await takeSeat(tx, actor, sessionId, now)).id;
}

/** bookSeat, returning the new booking as stored, so that the answer needs no second read. */
export async function takeSeat(tx: Tx, actor: Actor, sessionId: string, now = new Date()): Promise<BookingRow> {
  await lockSelf(tx, actor);
  const endWait = await endOwnWait(tx, actor.orgId, sessionId, actor.personId, now, seatRules);
  await assertSeatFree(tx, actor, sessionId, now, null);
  const booking = await insertWithRules(tx, actor, sessionId);
  await assertNoAvoidableRepeat(tx, actor, sessionId, now);
  await endWait?.(booking.id);
  await queueSeatTaken(tx, actor.orgId, booking.id, 'booking_confirmed');
  await queueBookingEvents(tx, actor.orgId, 'booking.created', [booking.id]);
  return booking;
}

/** Returns the booking as it is once cancelled. */
export async function cancelBooking(tx: Tx, actor: Actor, bookingId: string, now = new Date()): Promise<BookingRow> {
  const booking = await bookingYouMayChange(tx, actor, bookingId);
  const onBehalf = booking.person_id !== actor.personId;
  await assertMayLeave(tx, actor, booking, now, onBehalf);
  const cancelled = await markCancelled(tx, actor.orgId, bookingId, actor.personId, onBehalf ? 'admin' : 'employee');
  if (!cancelled) throw bookingNotActive();
  await queueSeatGivenUp(tx, actor.orgId, bookingId, { by: onBehalf ? 'admin' : 'employee' });
  await queueBookingEvents(tx, actor.orgId, 'booking.cancelled', [bookingId]);
  await fillFreedSeats(tx, actor.orgId, booking.session_id, now);
  // Someone's own cancellation is their own act; an admin's on their behalf is recorded.
  if (onBehalf) await audit(tx, actor, 'booking.cancelled_for', { kind: 'booking', id: bookingId }, { person: booking.person_id, session: booking.session_id });
  return cancelled;
}

/** Gives up one seat and takes another in one step: both happen or neither. */
export async function moveBooking(tx: Tx, actor: Actor, bookingId: string, targetSessionId: string, now = new Date()): Promise<string> {
  const booking = await bookingYouMayChange(tx, actor, bookingId);
  if (booking.person_id !== actor.personId) throw new NotFoundError('Booking');
  if (booking.session_id === targetSessionId) {
    throw new RuleError('SAME_SESSION', 'The booking is already in this session.');
  }
  await lockSelf(tx, actor);
  // Lock both sessions in a fixed order, so two people moving in opposite directions never deadlock.
  const locked = await lockSessionsForSeats(tx, actor.orgId, [booking.session_id, targetSessionId]);
  const from = locked.find((s) => s.id === booking.session_id);
  const to = locked.find((s) => s.id === targetSessionId);
  if (!to) throw new NotFoundError('Session');
  if (from && from.module_id !== to.module_id) {
    throw new RuleError('MODULE_MISMATCH', 'A booking can only move to another session of the same module.');
  }
  await assertMayLeave(tx, actor, booking, now, false);
  const endWait = await endOwnWait(tx, actor.orgId, targetSessionId, actor.personId, now, seatRules);
  await assertSeatFree(tx, actor, targetSessionId, now, bookingId);
  const { id: newId } = await insertWithRules(tx, actor, targetSessionId);
  await assertNoAvoidableRepeat(tx, actor, targetSessionId, now, booking.session_id);
  await endWait?.(newId);
  // A cancel or move of the same booking may have committed since we read it: then this one loses whole.
  if (!(await markCancelled(tx, actor.orgId, bookingId, actor.personId, 'moved', newId))) throw bookingNotActive();
  // One mail to the employee (the old invitation withdrawn, the new one sent); each coach hears of their group.
  await queueSeatGivenUp(tx, actor.orgId, bookingId, null);
  await queueSeatTaken(tx, actor.orgId, newId, 'booking_moved', { fromBookingId: bookingId });
  await queueBookingMoved(tx, actor.orgId, bookingId, newId);
  await fillFreedSeats(tx, actor.orgId, booking.session_id, now);
  return newId;
}

/**
 * An admin (or the session's coach) gives a person a seat, as publishing a cohort does for its
 * members: the seat and the person's overlap are checked as for a sign-up, the confirmation is queued
 * as for one, but the upcoming-bookings limit and the avoid-repeats rule are not applied — they shape
 * what people choose for themselves, and these groups were chosen for them (cohorts are mixed by the
 * group solver, which counts earlier encounters).
 */
export async function placePerson(tx: Tx, actor: Actor, sessionId: string, personId: string, now = new Date()): Promise<BookingRow> {
  const person = await lockPerson(tx, actor.orgId, personId);
  if (!person) throw new NotFoundError('Person');
  if (!person.active) throw new RuleError('PERSON_INACTIVE', 'This person is deactivated.');
  const endWait = await endOwnWait(tx, actor.orgId, sessionId, personId, now, seatRules);
  const check = await checkSeat(tx, actor.orgId, sessionId, personId, now, null);
  if (!check || (check.coach_id !== actor.personId && !hasRole(actor, 'admin'))) throw new NotFoundError('Session');
  if (check.status === 'cancelled') throw new RuleError('SESSION_CANCELLED', 'This session has been cancelled.');
  if (check.status === 'completed' || check.starts_at <= now) throw new RuleError('SESSION_STARTED', 'This session has already started.');
  if (check.coach_id === personId) throw new RuleError('OWN_SESSION', 'This person is the coach of this session.');
  if (check.already_booked) throw new RuleError('ALREADY_BOOKED', 'This person already has a seat in this session.');
  if (check.overlapping) throw new RuleError('OVERLAPPING_BOOKING', 'This person has another session at that time.');
  if (check.seats_taken >= check.capacity) throw new RuleError('SESSION_FULL', 'All seats in this session are taken.');
  const booking = await insertWithRules(tx, { ...actor, personId }, sessionId);
  await endWait?.(booking.id);
  await queueSeatTaken(tx, actor.orgId, booking.id, 'booking_confirmed');
  await queueBookingEvents(tx, actor.orgId, 'booking.created', [booking.id]);
  await audit(tx, actor, 'booking.placed', { kind: 'booking', id: booking.id }, { person: personId, session: sessionId });
  return booking;
}

/**
 * Two people trade seats between two sessions (a cohort's swap: one cannot come, the other takes
 * their place): both seats given up first, then both taken, so two full sessions stay full and the
 * capacity check never sees a fifth seat. Each person gets the mail of a moved booking, each coach
 * the roster change; done by an admin or the coach running both sessions.
 */
export async function tradeSeats(tx: Tx, actor: Actor, firstBookingId: string, secondBookingId: string, now = new Date()): Promise<[string, string]> {
  const [first, second] = [await findBooking(tx, actor.orgId, firstBookingId), await findBooking(tx, actor.orgId, secondBookingId)];
  if (!first || !second) throw new NotFoundError('Booking');
  if (first.status !== 'active' || second.status !== 'active') throw bookingNotActive();
  if (first.session_id === second.session_id) throw new RuleError('SAME_SESSION', 'Both seats are in the same session.');
  // People in id order, then sessions in id order: the order every booking path locks in.
  for (const id of [first.person_id, second.person_id].sort()) await lockPerson(tx, actor.orgId, id);
  const sessions = await lockSessionsForSeats(tx, actor.orgId, [first.session_id, second.session_id]);
  if (sessions.length !== 2 || sessions.some((s) => s.coach_id !== actor.personId && !hasRole(actor, 'admin'))) throw new NotFoundError('Booking');
  if (sessions.some((s) => s.status !== 'scheduled' || s.starts_at <= now)) throw new RuleError('SESSION_STARTED', 'One of the sessions has already started.');
  for (const booking of [first, second]) {
    if (!(await markCancelled(tx, actor.orgId, booking.id, actor.personId, 'moved'))) throw bookingNotActive();
  }
  const moved: string[] = [];
  for (const [booking, target] of [[first, second.session_id], [second, first.session_id]] as const) {
    const check = await checkSeat(tx, actor.orgId, target, booking.person_id, now, booking.id);
    if (check?.coach_id === booking.person_id) throw new RuleError('OWN_SESSION', 'This person is the coach of that session.');
    if (check?.overlapping) throw new RuleError('OVERLAPPING_BOOKING', 'This person has another session at that time.');
    const endWait = await endOwnWait(tx, actor.orgId, target, booking.person_id, now, seatRules);
    const taken = await insertWithRules(tx, { ...actor, personId: booking.person_id }, target);
    await endWait?.(taken.id);
    await linkMove(tx, actor.orgId, booking.id, taken.id);
    moved.push(taken.id);
  }
  for (const [i, booking] of [first, second].entries()) {
    await queueSeatGivenUp(tx, actor.orgId, booking.id, null);
    await queueSeatTaken(tx, actor.orgId, moved[i]!, 'booking_moved', { fromBookingId: booking.id });
    await queueBookingMoved(tx, actor.orgId, booking.id, moved[i]!);
  }
  await audit(tx, actor, 'booking.seats_traded', { kind: 'booking', id: first.id }, {
    bookings: [first.id, second.id], movedTo: moved, people: [first.person_id, second.person_id],
  });
  return [moved[0]!, moved[1]!];
}

/** Gives up the seats of people who leave (deactivated, or missing from the people file) in
 * sessions yet to start; seats in sessions that have begun stay as history. Returns the booking ids. */
export async function giveUpFutureSeatsOf(tx: Tx, orgId: string, personIds: string[], now: Date, by: string): Promise<string[]> {
  const cancelled = await cancelFutureBookingsOf(tx, orgId, personIds, now, by);
  // The organisation's systems hear of these seats too, as of any other given up.
  if (cancelled.length > 0) await queueBookingEvents(tx, orgId, 'booking.cancelled', cancelled);
  await promoteAfterSeatsGivenUp(tx, orgId, cancelled, now, seatRules);
  return cancelled;
}

/** Gives the session's free seats to the people waiting for it, in the transaction that freed them. */
export function fillFreedSeats(tx: Tx, orgId: string, sessionId: string, now = new Date()): Promise<string[]> {
  return promoteFromWaitingList(tx, orgId, sessionId, now, seatRules);
}

/** A seat for someone in a waiting list, by the rules of their own sign-up; a refusal comes back as its code. */
const takeSeatFromLine: SeatTaker = async (tx, orgId, sessionId, personId, now) => {
  const refusal = await probeSeatForLine(tx, orgId, sessionId, personId, now);
  if (refusal) return refusal;
  const booking = await insertWithRules(tx, lineActor(orgId, personId), sessionId);
  await queueSeatTaken(tx, orgId, booking.id, 'booking_confirmed', { fromWaitingList: true });
  await queueBookingEvents(tx, orgId, 'booking.created', [booking.id]);
  return { bookingId: booking.id };
};

/** Whether those rules would give the person the seat now (null), without taking it: an offer is made only then. */
const probeSeatForLine: SeatProbe = async (tx, orgId, sessionId, personId, now) => {
  const person = await lockPerson(tx, orgId, personId);
  if (!person?.active) return { refused: 'PERSON_INACTIVE', error: new RuleError('PERSON_INACTIVE', 'Your account is deactivated.') };
  const refusal = await seatRefusal(tx, lineActor(orgId, personId), sessionId, now);
  if (refusal) return { refused: refusal.code, error: refusal };
  // The avoid-repeats rule of a sign-up holds for a seat from the line too (the person keeps their place).
  try {
    await assertNoAvoidableRepeat(tx, lineActor(orgId, personId), sessionId, now);
  } catch (error) {
    if (error instanceof RuleError) return { refused: error.code, error };
    throw error;
  }
  return null;
};

const lineActor = (orgId: string, personId: string): Actor => ({ orgId, personId, roles: [], timeZone: 'UTC', locale: 'en' });

/** The rules of a sign-up as the waiting lists use them: to give a seat, and to ask before offering one. */
export const seatRules: SeatRules = { take: takeSeatFromLine, probe: probeSeatForLine };

export type AttendanceMark = 'attended' | 'no_show' | 'active';

/** The coach (or an admin) records who came, once the session has begun. */
export async function markAttendance(tx: Tx, actor: Actor, bookingId: string, mark: AttendanceMark, now = new Date()) {
  const booking = await findBooking(tx, actor.orgId, bookingId);
  if (!booking) throw new NotFoundError('Booking');
  const [session] = await lockSessionsForSeats(tx, actor.orgId, [booking.session_id]);
  if (!session || (session.coach_id !== actor.personId && !hasRole(actor, 'admin'))) throw new NotFoundError('Booking');
  if (booking.status === 'cancelled') throw new RuleError('BOOKING_NOT_ACTIVE', 'This booking was cancelled.');
  if (session.status === 'cancelled') throw new RuleError('SESSION_CANCELLED', 'This session has been cancelled.');
  if (session.starts_at > now) throw new RuleError('SESSION_NOT_STARTED', 'Attendance can be recorded once the session has begun.');
  await setAttendance(tx, actor.orgId, bookingId, mark, actor.personId);
  // Recording attendance is the coach's job; an admin doing it instead is recorded.
  if (session.coach_id !== actor.personId) {
    await audit(tx, actor, 'booking.attendance_recorded', { kind: 'booking', id: bookingId }, { mark, person: booking.person_id, session: booking.session_id });
  }
}

async function lockSelf(tx: Tx, actor: Actor) {
  const me = await lockPerson(tx, actor.orgId, actor.personId);
  if (!me?.active) throw new RuleError('PERSON_INACTIVE', 'Your account is deactivated.');
}

/**
 * The rule that would refuse the actor a seat now, without taking one: the page says it before the
 * click instead of after. The mixing rule (avoid_repeats) is left out: it is decided with the seat
 * taken, against who holds the others at that moment, and a probe would tell no more than a refusal.
 */
export async function seatRefusal(tx: Tx, actor: Actor, sessionId: string, now = new Date()): Promise<RuleError | null> {
  try {
    await assertSeatFree(tx, actor, sessionId, now, null);
    return null;
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
}

async function assertSeatFree(tx: Tx, actor: Actor, sessionId: string, now: Date, movingFrom: string | null) {
  const check = await checkSeat(tx, actor.orgId, sessionId, actor.personId, now, movingFrom);
  if (!check) throw new NotFoundError('Session');
  if (check.status === 'cancelled') throw new RuleError('SESSION_CANCELLED', 'This session has been cancelled.');
  if (check.status === 'completed' || check.starts_at <= now) {
    throw new RuleError('SESSION_STARTED', 'This session has already started.');
  }
  if (check.coach_id === actor.personId) throw new RuleError('OWN_SESSION', 'You are the coach of this session.');
  if (check.already_booked) throw new RuleError('ALREADY_BOOKED', 'You already have a seat in this session.');
  if (!check.open_to_person) throw cohortSession();
  if (check.overlapping) {
    throw new RuleError('OVERLAPPING_BOOKING', 'You have another session at that time.');
  }
  // A cohort member's own group seat was placed for them, as were their other rounds': counting those
  // against the limit refused a member who gave up a seat the way back to it, and nobody else may take it.
  if (check.future_bookings >= check.max_future_bookings && !(await isCohortGroupSession(tx, actor.orgId, sessionId))) {
    throw new RuleError('LIMIT_REACHED', `You can hold at most ${check.max_future_bookings} upcoming booking${check.max_future_bookings === 1 ? '' : 's'} at a time.`, {
      limit: check.max_future_bookings,
    });
  }
  if (check.seats_taken >= check.capacity) throw new RuleError('SESSION_FULL', 'All seats in this session are taken.');
}

async function insertWithRules(tx: Tx, actor: Actor, sessionId: string): Promise<BookingRow> {
  try {
    return await insertBooking(tx, actor.orgId, sessionId, actor.personId);
  } catch (error) {
    switch (violatedConstraint(error)) {
      case 'sessions_seats_within_capacity':
        throw new RuleError('SESSION_FULL', 'All seats in this session are taken.');
      case 'bookings_one_active_per_person':
        throw new RuleError('ALREADY_BOOKED', 'You already have a seat in this session.');
      case 'bookings_session_scheduled':
        throw new RuleError('SESSION_CANCELLED', 'This session is not open for booking.');
      default:
        throw error;
    }
  }
}

/** The actor's own booking, or any booking for an admin; for anyone else it does not exist. */
async function bookingYouMayChange(tx: Tx, actor: Actor, bookingId: string): Promise<BookingRow> {
  const booking = await findBooking(tx, actor.orgId, bookingId);
  if (!booking || (booking.person_id !== actor.personId && !hasRole(actor, 'admin'))) throw new NotFoundError('Booking');
  if (booking.status !== 'active') throw bookingNotActive();
  return booking;
}

/** A cohort's session (migration 044): its seats are for the members of its group. */
const cohortSession = () => new RuleError('COHORT_SESSION', 'This session belongs to a cohort; its seats are for the members of its group.');

const bookingNotActive = () => new RuleError('BOOKING_NOT_ACTIVE', 'This booking is no longer active.');

async function assertMayLeave(tx: Tx, actor: Actor, booking: BookingRow, now: Date, onBehalf: boolean) {
  const [session] = await lockSessionsForSeats(tx, actor.orgId, [booking.session_id]);
  if (!session) throw new NotFoundError('Session');
  if (session.starts_at <= now) throw new RuleError('SESSION_STARTED', 'This session has already started.');
  if (onBehalf) return; // admins may release a seat at any time before the start
  const { cancellation_cutoff_minutes: cutoff } = await programSettings(tx, actor.orgId);
  if (session.starts_at.getTime() - now.getTime() < cutoff * 60_000) {
    throw new RuleError(
      'CANCELLATION_CUTOFF',
      `Bookings can be cancelled or moved until ${cutoff} minutes before the start; after that, please tell your coach.`,
      { cutoffMinutes: cutoff },
    );
  }
}
