// Reads and writes of bookings. Seat counting itself happens in the database (the trigger
// bookings_keep_seat_count and the check sessions_seats_within_capacity).
import { sql } from 'kysely';
import { prepared } from '../../db/prepared.ts';
import type { BookingStatus, CancelReason } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

/** Locks the person's row so that one person's bookings are decided one at a time. */
export async function lockPerson(tx: Tx, orgId: string, personId: string) {
  return (await lockPersonQuery.run(tx, { orgId, personId })).rows[0];
}
const lockPersonQuery = prepared((db, $: { orgId: string; personId: string }) =>
  db.selectFrom('people').where('org_id', '=', $.orgId).where('id', '=', $.personId).select(['id', 'active']).forNoKeyUpdate());

export interface SeatCheck {
  id: string;
  status: 'scheduled' | 'cancelled' | 'completed';
  starts_at: Date;
  ends_at: Date;
  coach_id: string;
  module_id: string;
  capacity: number;
  seats_taken: number;
  max_future_bookings: number;
  already_booked: boolean;
  overlapping: boolean;
  future_bookings: number;
  /** A cohort's session is open only to the people its group's schedule names (migration 044). */
  open_to_person: boolean;
}

/**
 * Everything the booking rules need, in one round trip. `ignoreBookingId` is the booking being
 * moved away from, which neither overlaps nor counts against the limit.
 */
export async function checkSeat(
  tx: Tx, orgId: string, sessionId: string, personId: string, now: Date, ignoreBookingId: string | null,
): Promise<SeatCheck | undefined> {
  return (await checkSeatQuery.run(tx, { orgId, sessionId, personId, now, ignoreBookingId })).rows[0];
}
// The statement lives in migrations/003_booking_facts.sql (remade by 044), where its plan is cached.
const checkSeatQuery = prepared((_db, $: { orgId: string; sessionId: string; personId: string; now: Date; ignoreBookingId: string | null }) => sql<SeatCheck>`
  select * from booking_facts(${$.orgId}::uuid, ${$.sessionId}::uuid, ${$.personId}::uuid, ${$.now}::timestamptz, ${$.ignoreBookingId}::uuid)
`);

/** The new booking, as findBooking would read it: the answer to a sign-up needs no second read. */
export async function insertBooking(tx: Tx, orgId: string, sessionId: string, personId: string): Promise<BookingRow> {
  const [row] = (await insertBookingQuery.run(tx, { orgId, sessionId, personId })).rows;
  if (!row) throw new Error('insert into bookings returned no row');
  return row;
}

export interface BookingRow {
  id: string;
  session_id: string;
  person_id: string;
  status: BookingStatus;
  created_at: Date;
  cancelled_at: Date | null;
  cancel_reason: CancelReason | null;
  moved_to_booking_id: string | null;
}

const BOOKING_COLUMNS = [
  'id', 'session_id', 'person_id', 'status', 'created_at', 'cancelled_at', 'cancel_reason', 'moved_to_booking_id',
] as const;

const insertBookingQuery = prepared((db, $: { orgId: string; sessionId: string; personId: string }) =>
  db.insertInto('bookings').values({ org_id: $.orgId, session_id: $.sessionId, person_id: $.personId }).returning(BOOKING_COLUMNS));

export async function findBooking(tx: Tx, orgId: string, id: string): Promise<BookingRow | undefined> {
  return (await findBookingQuery.run(tx, { orgId, id })).rows[0];
}
const findBookingQuery = prepared((db, $: { orgId: string; id: string }) =>
  db.selectFrom('bookings').where('org_id', '=', $.orgId).where('id', '=', $.id).select(BOOKING_COLUMNS));

/**
 * Cancels the booking if it is still active and returns it as it now is; undefined if a concurrent
 * cancel or move got there first (the status was read without a lock, and this update waits for
 * that transaction and re-checks).
 */
export async function markCancelled(
  tx: Tx, orgId: string, id: string, by: string, reason: CancelReason, movedTo: string | null = null,
): Promise<BookingRow | undefined> {
  return (await markCancelledQuery.run(tx, { orgId, id, by, reason, movedTo })).rows[0];
}
const markCancelledQuery = prepared((db, $: { orgId: string; id: string; by: string; reason: CancelReason; movedTo: string | null }) =>
  db
    .updateTable('bookings')
    .set({
      status: 'cancelled', cancelled_at: sql`now()`, cancelled_by: $.by, cancel_reason: $.reason, moved_to_booking_id: $.movedTo,
      calendar_sequence: sql`calendar_sequence + 1`,
    })
    .where('org_id', '=', $.orgId)
    .where('id', '=', $.id)
    .where('status', '=', 'active')
    .returning(BOOKING_COLUMNS));

/** Records where a booking given up in a trade of seats went (the seat was given up before the new one existed). */
export async function linkMove(tx: Tx, orgId: string, fromId: string, toId: string): Promise<void> {
  await tx.updateTable('bookings').set({ moved_to_booking_id: toId }).where('org_id', '=', orgId).where('id', '=', fromId).execute();
}

export async function setAttendance(tx: Tx, orgId: string, id: string, status: 'attended' | 'no_show' | 'active', by: string) {
  await tx
    .updateTable('bookings')
    .set({ status, attendance_marked_by: by, attendance_marked_at: sql`now()` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function listPersonBookings(
  tx: Tx, orgId: string, personId: string, when: 'upcoming' | 'past', now: Date, limit: number,
): Promise<BookingRow[]> {
  const q = tx
    .selectFrom('bookings as b')
    .innerJoin('sessions as s', 's.id', 'b.session_id')
    .where('b.org_id', '=', orgId)
    .where('b.person_id', '=', personId)
    .select(BOOKING_COLUMNS.map((c) => `b.${c}` as const));
  return when === 'upcoming'
    ? q.where('s.ends_at', '>', now).orderBy('s.starts_at').orderBy('b.created_at').limit(limit).execute()
    : q.where('s.ends_at', '<=', now).orderBy('s.starts_at', 'desc').orderBy('b.created_at').limit(limit).execute();
}

/** Claims an idempotency key for this request; undefined if someone already holds it. */
export async function claimIdempotencyKey(
  tx: Tx, v: { orgId: string; personId: string; key: string; fingerprint: string; statusCode: number; response: unknown },
): Promise<boolean> {
  const row = await tx
    .insertInto('idempotency_keys')
    .values({
      org_id: v.orgId, person_id: v.personId, key: v.key, request_fingerprint: v.fingerprint,
      status_code: v.statusCode, response: JSON.stringify(v.response),
    })
    .onConflict((oc) => oc.columns(['person_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function completeIdempotencyKey(tx: Tx, personId: string, key: string, statusCode: number, response: unknown) {
  await tx
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response: JSON.stringify(response) })
    .where('person_id', '=', personId)
    .where('key', '=', key)
    .execute();
}

export async function findIdempotencyKey(tx: Tx, personId: string, key: string) {
  return tx
    .selectFrom('idempotency_keys')
    .where('person_id', '=', personId)
    .where('key', '=', key)
    .select(['request_fingerprint', 'status_code', 'response'])
    .executeTakeFirst();
}

// Bookings of people who leave the organisation (people import). Only seats in sessions yet to
// start are given up; bookings of sessions that have begun stay as history. Cancelling frees the
// seat through the trigger bookings_keep_seat_count.
function futureBookingsOf(orgId: string, personIds: string[], now: Date) {
  return sql`b.org_id = ${orgId} and b.status = 'active' and b.person_id in (select unnest(${personIds}::uuid[]))
    and s.org_id = ${orgId} and s.id = b.session_id and s.starts_at > ${now}::timestamptz`;
}

export async function countFutureBookingsOf(tx: Tx, orgId: string, personIds: string[], now: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from bookings b, sessions s where ${futureBookingsOf(orgId, personIds, now)}`.execute(tx);
  return rows[0]?.n ?? 0;
}

/** Returns the ids of the bookings cancelled. */
export async function cancelFutureBookingsOf(tx: Tx, orgId: string, personIds: string[], now: Date, by: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    update bookings b set status = 'cancelled', cancelled_at = now(), cancelled_by = ${by}, cancel_reason = 'deactivated',
      calendar_sequence = b.calendar_sequence + 1
    from sessions s where ${futureBookingsOf(orgId, personIds, now)}
    returning b.id`.execute(tx);
  return rows.map((r) => r.id);
}
