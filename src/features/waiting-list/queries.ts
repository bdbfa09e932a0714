// The waiting lists' rows: joining, leaving, the line in order, promotions and offers, one's own lines.
import { sql } from 'kysely';
import { openToPerson as openToPersonSql } from '../../db/open-to-person.ts';
import type { WaitlistStatus } from '../../db/schema.ts';
import type { Db } from '../../db/pool.ts';
import type { Tx } from '../../db/transaction.ts';

export interface EntryRow {
  id: string;
  session_id: string;
  person_id: string;
  created_at: Date;
  status: WaitlistStatus;
  promoted_booking_id: string | null;
  offer_expires_at: Date | null;
}

const ENTRY_COLUMNS = ['id', 'session_id', 'person_id', 'created_at', 'status', 'promoted_booking_id', 'offer_expires_at'] as const;

/** Whether the person holds a seat in the session (a seat-holding booking of any status but cancelled). */
export async function holdsSeat(tx: Tx, orgId: string, sessionId: string, personId: string): Promise<boolean> {
  const row = await tx.selectFrom('bookings').where('org_id', '=', orgId).where('session_id', '=', sessionId)
    .where('person_id', '=', personId).where('status', '<>', 'cancelled').select('id').executeTakeFirst();
  return row !== undefined;
}

/** Whether the session is open to the person: a cohort's only to its group's members (migration 044). */
export async function openToPerson(tx: Tx, orgId: string, sessionId: string, personId: string): Promise<boolean> {
  const { rows } = await sql<{ open: boolean }>`select ${openToPersonSql({ orgId: sql`${orgId}::uuid`, session: sql`${sessionId}::uuid`, person: sql`${personId}::uuid` })} as open`.execute(tx);
  return rows[0]?.open ?? false;
}

/** Joins the line; undefined when the person already waits in it or holds an offer (the partial unique index). */
export async function insertEntry(tx: Tx, orgId: string, sessionId: string, personId: string): Promise<EntryRow | undefined> {
  return tx.insertInto('waitlist_entries')
    .values({ org_id: orgId, session_id: sessionId, person_id: personId })
    // The predicate is written out: PostgreSQL matches a partial index only to a literal, not a parameter.
    .onConflict((oc) => oc.columns(['session_id', 'person_id']).where(sql<boolean>`status in ('waiting', 'offered')`).doNothing())
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

/** Whether the organisation is active: a suspended one's people can neither sign in nor be mailed. */
export async function organisationActive(tx: Tx, orgId: string): Promise<boolean> {
  const row = await tx.selectFrom('organisations').where('id', '=', orgId).select('status').executeTakeFirst();
  return row?.status === 'active';
}

/** The person's time zone: an offer that would end in their night runs to their morning (offer-ends.ts). */
export async function zoneOf(tx: Tx, orgId: string, personId: string): Promise<string> {
  const row = await tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', personId).select('time_zone').executeTakeFirstOrThrow();
  return row.time_zone;
}

/** The person's open place in the session's line (waiting, or holding an offer), if any. */
export function openEntryOf(tx: Tx, orgId: string, sessionId: string, personId: string): Promise<EntryRow | undefined> {
  return tx.selectFrom('waitlist_entries').where('org_id', '=', orgId).where('session_id', '=', sessionId).where('person_id', '=', personId)
    .where('status', 'in', ['waiting', 'offered']).select(ENTRY_COLUMNS).executeTakeFirst();
}

/** An entry by id, if it is the person's: offers are accepted and declined by their own person only. */
export function entryOf(tx: Tx, orgId: string, entryId: string, personId: string): Promise<EntryRow | undefined> {
  return tx.selectFrom('waitlist_entries').where('org_id', '=', orgId).where('id', '=', entryId).where('person_id', '=', personId)
    .select(ENTRY_COLUMNS).executeTakeFirst();
}

/** Holds the seat for a waiting entry until `expiresAt` (the hold counts in seats_taken: migration 038). */
export async function markOffered(tx: Tx, orgId: string, entryId: string, expiresAt: Date): Promise<void> {
  const { numUpdatedRows } = await tx.updateTable('waitlist_entries').set({ status: 'offered', offer_expires_at: expiresAt })
    .where('org_id', '=', orgId).where('id', '=', entryId).where('status', '=', 'waiting').where('offer_expires_at', 'is', null)
    .executeTakeFirstOrThrow();
  // Read under the session's lock, and never offered before (an offer ends an entry's wait).
  if (numUpdatedRows !== 1n) throw new Error(`waiting-list entry ${entryId} was no longer waiting`);
}

/** Ends an open offer without a seat; false when it was no longer open. Its seat is free again. */
export async function endOffer(tx: Tx, orgId: string, entryId: string, how: 'declined' | 'expired'): Promise<boolean> {
  const { numUpdatedRows } = await tx.updateTable('waitlist_entries').set({ status: how, ended_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', entryId).where('status', '=', 'offered').executeTakeFirstOrThrow();
  return numUpdatedRows === 1n;
}

/**
 * Gives up the hold of an offer being accepted, inside the accepting transaction: the entry waits
 * again for the moment, so that its seat is free for the sign-up that takes it (markPromoted then
 * ends it). Nobody else sees the moment: the session's lock is held, and a refused sign-up rolls
 * the whole transaction back, the offer still open.
 */
export async function releaseHoldForAccept(tx: Tx, orgId: string, entryId: string): Promise<void> {
  const { numUpdatedRows } = await tx.updateTable('waitlist_entries').set({ status: 'waiting' })
    .where('org_id', '=', orgId).where('id', '=', entryId).where('status', '=', 'offered').executeTakeFirstOrThrow();
  if (numUpdatedRows !== 1n) throw new Error(`waiting-list entry ${entryId} held no offer`);
}

/** The session's open offers that must lapse now: run out, the line closed (cut-off, start, a
 * cancelled session), or their person deactivated. */
export async function lapsedOffers(tx: Tx, orgId: string, sessionId: string, now: Date, closesAt: Date): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select e.id from waitlist_entries e
    join sessions s on s.org_id = e.org_id and s.id = e.session_id
    join people p on p.org_id = e.org_id and p.id = e.person_id
    where e.org_id = ${orgId} and e.session_id = ${sessionId} and e.status = 'offered'
      and (e.offer_expires_at <= ${now} or ${closesAt}::timestamptz <= ${now} or s.status <> 'scheduled' or not p.active)
    order by e.created_at, e.id`.execute(tx);
  return rows.map((r) => r.id);
}

/** Sessions, across organisations, whose offers lapsed or whose free seats wait for an offer
 * (migration 038's security-definer function; the job then works in each organisation). */
export async function sessionsWithOffersDue(db: Db, now: Date, limit: number): Promise<Array<{ org_id: string; session_id: string }>> {
  const { rows } = await sql<{ org_id: string; session_id: string }>`select org_id, session_id from waitlist_sessions_due(${now}, ${limit})`.execute(db);
  return rows;
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
  /** 1 for the first in line (and for one who holds an offer: the seat is theirs to take). */
  position: number;
}

/** The lines the person waits in or holds an offer from, with their place in each, for sessions still to start. */
export async function linesOf(tx: Tx, orgId: string, personId: string, now: Date): Promise<LineRow[]> {
  const { rows } = await sql<LineRow>`
    select e.id, e.session_id, e.person_id, e.created_at, e.status, e.promoted_booking_id, e.offer_expires_at,
      case when e.status = 'offered' then 1 else
      (select count(*)::int from waitlist_entries ahead
        where ahead.org_id = e.org_id and ahead.session_id = e.session_id and ahead.status = 'waiting'
          and (ahead.created_at, ahead.id) <= (e.created_at, e.id)) end as position
    from waitlist_entries e join sessions s on s.org_id = e.org_id and s.id = e.session_id
    where e.org_id = ${orgId} and e.person_id = ${personId} and e.status in ('waiting', 'offered')
      and s.status = 'scheduled' and s.starts_at > ${now}
      and (e.status = 'waiting' or e.offer_expires_at > ${now})
    order by (e.status = 'offered') desc, s.starts_at, s.id`.execute(tx);
  return rows;
}

/** The sessions the bookings were for, in id order (the order sessions are locked in). */
export async function sessionsOfBookings(tx: Tx, orgId: string, bookingIds: string[]): Promise<string[]> {
  if (bookingIds.length === 0) return [];
  const rows = await tx.selectFrom('bookings').where('org_id', '=', orgId).where('id', 'in', bookingIds)
    .select('session_id').distinct().orderBy('session_id').execute();
  return rows.map((r) => r.session_id);
}
