// The waiting lists' rows: joining, leaving, the line in order, promotions, one's own lines.
import { sql } from 'kysely';
import type { WaitlistStatus } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export interface EntryRow {
  id: string;
  session_id: string;
  person_id: string;
  created_at: Date;
  status: WaitlistStatus;
  promoted_booking_id: string | null;
}

const ENTRY_COLUMNS = ['id', 'session_id', 'person_id', 'created_at', 'status', 'promoted_booking_id'] as const;

/** Whether the person holds a seat in the session (a seat-holding booking of any status but cancelled). */
export async function holdsSeat(tx: Tx, orgId: string, sessionId: string, personId: string): Promise<boolean> {
  const row = await tx.selectFrom('bookings').where('org_id', '=', orgId).where('session_id', '=', sessionId)
    .where('person_id', '=', personId).where('status', '<>', 'cancelled').select('id').executeTakeFirst();
  return row !== undefined;
}

/** Joins the line; undefined when the person already waits in it (the partial unique index). */
export async function insertEntry(tx: Tx, orgId: string, sessionId: string, personId: string): Promise<EntryRow | undefined> {
  return tx.insertInto('waitlist_entries')
    .values({ org_id: orgId, session_id: sessionId, person_id: personId })
    // The predicate is written out: PostgreSQL matches a partial index only to a literal, not a parameter.
    .onConflict((oc) => oc.columns(['session_id', 'person_id']).where(sql<boolean>`status = 'waiting'`).doNothing())
    .returning(ENTRY_COLUMNS)
    .executeTakeFirst();
}

/** Leaves the line; undefined when the person was not waiting in it. */
export async function markLeft(tx: Tx, orgId: string, sessionId: string, personId: string): Promise<EntryRow | undefined> {
  return tx.updateTable('waitlist_entries').set({ status: 'left', ended_at: sql`now()` })
    .where('org_id', '=', orgId).where('session_id', '=', sessionId).where('person_id', '=', personId).where('status', '=', 'waiting')
    .returning(ENTRY_COLUMNS)
    .executeTakeFirst();
}

/** Ends an entry that can no longer be promoted (the person holds a seat already, or left the organisation). */
export async function endEntry(tx: Tx, orgId: string, entryId: string): Promise<void> {
  await tx.updateTable('waitlist_entries').set({ status: 'left', ended_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', entryId).where('status', '=', 'waiting').execute();
}

/** The people waiting for the session, first in line first. */
export function waitingLine(tx: Tx, orgId: string, sessionId: string): Promise<EntryRow[]> {
  return tx.selectFrom('waitlist_entries').where('org_id', '=', orgId).where('session_id', '=', sessionId).where('status', '=', 'waiting')
    .orderBy('created_at').orderBy('id').select(ENTRY_COLUMNS).execute();
}

export async function markPromoted(tx: Tx, orgId: string, entryId: string, bookingId: string): Promise<void> {
  const { numUpdatedRows } = await tx.updateTable('waitlist_entries')
    .set({ status: 'promoted', promoted_booking_id: bookingId, ended_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', entryId).where('status', '=', 'waiting')
    .executeTakeFirstOrThrow();
  // The line is read under the session's lock, so nobody else can have ended this entry meanwhile.
  if (numUpdatedRows !== 1n) throw new Error(`waiting-list entry ${entryId} was no longer waiting`);
}

export interface LineRow extends EntryRow {
  /** 1 for the first in line. */
  position: number;
}

/** The lines the person waits in, with their place in each, for sessions still to start. */
export async function linesOf(tx: Tx, orgId: string, personId: string, now: Date): Promise<LineRow[]> {
  const { rows } = await sql<LineRow>`
    select e.id, e.session_id, e.person_id, e.created_at, e.status, e.promoted_booking_id,
      (select count(*)::int from waitlist_entries ahead
        where ahead.org_id = e.org_id and ahead.session_id = e.session_id and ahead.status = 'waiting'
          and (ahead.created_at, ahead.id) <= (e.created_at, e.id)) as position
    from waitlist_entries e join sessions s on s.org_id = e.org_id and s.id = e.session_id
    where e.org_id = ${orgId} and e.person_id = ${personId} and e.status = 'waiting'
      and s.status = 'scheduled' and s.starts_at > ${now}
    order by s.starts_at, s.id`.execute(tx);
  return rows;
}

/** The sessions the bookings were for, in id order (the order sessions are locked in). */
export async function sessionsOfBookings(tx: Tx, orgId: string, bookingIds: string[]): Promise<string[]> {
  if (bookingIds.length === 0) return [];
  const rows = await tx.selectFrom('bookings').where('org_id', '=', orgId).where('id', 'in', bookingIds)
    .select('session_id').distinct().orderBy('session_id').execute();
  return rows.map((r) => r.session_id);
}
