// A session's seats, as the session sees them: who holds one, and giving them all back when the
// session is cancelled. Only the sessions feature asks these; the bookings feature owns a booking's
// own life (taking, moving, cancelling one seat), so neither feature imports the other's queries.
import { sql } from 'kysely';
import type { BookingStatus } from '../../../db/schema.ts';
import type { Tx } from '../../../db/transaction.ts';

/** Locks the person's row as bookSeat locks it, so that one person's bookings and a session they
 * are to coach are decided one at a time. */
export async function lockPerson(tx: Tx, orgId: string, personId: string): Promise<void> {
  await tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', personId).select('id').forNoKeyUpdate().execute();
}

export async function cancelAllBookingsOfSession(tx: Tx, orgId: string, sessionId: string, by: string): Promise<string[]> {
  const rows = await tx
    .updateTable('bookings')
    .set({ status: 'cancelled', cancelled_at: sql`now()`, cancelled_by: by, cancel_reason: 'session_cancelled', calendar_sequence: sql`calendar_sequence + 1` })
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .where('status', '=', 'active')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The session changed under its bookings: each active one's calendar entry gets a new SEQUENCE. */
export async function raiseCalendarSequences(
  tx: Tx, orgId: string, sessionId: string,
): Promise<Array<{ id: string; person_id: string; calendar_sequence: number }>> {
  return tx.updateTable('bookings').set({ calendar_sequence: sql`calendar_sequence + 1` })
    .where('org_id', '=', orgId).where('session_id', '=', sessionId).where('status', '=', 'active')
    .returning(['id', 'person_id', 'calendar_sequence'])
    .execute();
}

export async function holdsSeatIn(tx: Tx, orgId: string, personId: string, sessionId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('bookings')
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .where('person_id', '=', personId)
    .where('status', '<>', 'cancelled')
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface RosterRow {
  booking_id: string;
  status: BookingStatus;
  person_id: string;
  name: string;
  email: string;
  department: string | null;
  site: string | null;
}

/** Seat holders of the sessions, in the order they booked. */
export async function listRosters(tx: Tx, orgId: string, sessionIds: string[]): Promise<Array<RosterRow & { session_id: string }>> {
  if (sessionIds.length === 0) return [];
  return tx
    .selectFrom('bookings as b')
    .innerJoin('people as p', 'p.id', 'b.person_id')
    .where('b.org_id', '=', orgId)
    .where('b.session_id', 'in', sessionIds)
    .where('b.status', '<>', 'cancelled')
    .orderBy('b.created_at')
    .select(['b.session_id', 'b.id as booking_id', 'b.status', 'p.id as person_id', 'p.name', 'p.email', 'p.department', 'p.site'])
    .execute();
}

/** The person's seat-holding booking in each of the sessions, by session id. */
export async function bookingsOfPersonIn(tx: Tx, orgId: string, personId: string, sessionIds: string[]): Promise<Map<string, string>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('bookings')
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('session_id', 'in', sessionIds)
    .where('status', '<>', 'cancelled')
    .select(['id', 'session_id'])
    .execute();
  return new Map(rows.map((r) => [r.session_id, r.id]));
}
