// The personal calendar feed and a booking's calendar file: whose feed an address is, and the
// sessions it lists.
import { sql } from 'kysely';
import type { Locale } from '../../../db/schema.ts';
import type { Tx } from '../../../db/transaction.ts';
import { SESSION_FACTS_COLUMNS, SESSION_FACTS_JOINS, sessionOf, type SessionFacts } from '../queries.ts';

export async function setFeedHash(tx: Tx, orgId: string, personId: string, hash: Buffer | null): Promise<void> {
  await tx.updateTable('people').set({ calendar_feed_hash: hash, updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', personId).execute();
}

export async function hasFeed(tx: Tx, orgId: string, personId: string): Promise<boolean> {
  const row = await tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', personId)
    .select(sql<boolean>`calendar_feed_hash is not null`.as('on')).executeTakeFirst();
  return row?.on ?? false;
}

/** Whose feed this is, across organisations (the calendar client has no session). */
export async function feedOwner(tx: Tx, hash: Buffer): Promise<{ org_id: string; person_id: string } | undefined> {
  const { rows } = await sql<{ org_id: string; person_id: string }>`select * from calendar_feed_owner(${hash})`.execute(tx);
  return rows[0];
}

/** The language the feed's owner reads Quartet in. */
export async function personLocale(tx: Tx, orgId: string, personId: string): Promise<Locale> {
  const row = await tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', personId).select('locale').executeTakeFirstOrThrow();
  return row.locale;
}

export interface FeedRow {
  uid: string;
  sequence: number;
  role: 'participant' | 'coach';
  session: SessionFacts;
}

/** The person's sessions from a day ago on: the seats they hold and the sessions they coach. */
export async function feedSessions(tx: Tx, orgId: string, personId: string): Promise<FeedRow[]> {
  const { rows } = await sql<{ uid: string; sequence: number; role: 'participant' | 'coach' } & Record<string, unknown>>`
    select f.uid, f.sequence, f.role, ${SESSION_FACTS_COLUMNS}
    from (
      select b.calendar_uid as uid, b.calendar_sequence as sequence, 'participant' as role, b.session_id
      from bookings b where b.org_id = ${orgId} and b.person_id = ${personId} and b.status <> 'cancelled'
      union all
      select 'coach-' || s.id || '@quartet', 0, 'coach', s.id from sessions s where s.org_id = ${orgId} and s.coach_id = ${personId}
    ) f
    join sessions s on s.org_id = ${orgId} and s.id = f.session_id
    ${SESSION_FACTS_JOINS}
    where s.status <> 'cancelled' and s.ends_at > now() - interval '1 day'
    order by s.starts_at
    limit 500
  `.execute(tx);
  return rows.map((row) => ({ uid: row.uid, sequence: row.sequence, role: row.role, session: sessionOf(row)! }));
}

/** The calendar entry of a booking that is the person's own; undefined for anyone else's. */
export async function ownBookingCalendar(
  tx: Tx, orgId: string, personId: string, bookingId: string,
): Promise<{ calendar_uid: string; calendar_sequence: number; status: string; session_id: string } | undefined> {
  return tx.selectFrom('bookings').where('org_id', '=', orgId).where('id', '=', bookingId).where('person_id', '=', personId)
    .select(['calendar_uid', 'calendar_sequence', 'status', 'session_id']).executeTakeFirst();
}
