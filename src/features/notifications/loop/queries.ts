// What the mails of the learning loop read when they are sent: the outcomes a person's groups
// heard of this week, what waits for a suggestion owner, and a booking's request to rate.
import { sql } from 'kysely';
import type { SuggestionStatus } from '../../../db/schema.ts';
import type { Db } from '../../../db/pool.ts';
import type { Tx } from '../../../db/transaction.ts';

export interface OutcomeItem {
  id: string;
  title: string;
  status: SuggestionStatus;
  response: string;
  module_title: string;
  session_starts_at: Date;
  merged: boolean;
}

/**
 * The suggestions of the sessions the person took part in (a seat not marked absent, or as coach)
 * whose outcome changed in the window, newest change first; at most 30.
 */
export async function outcomesFor(tx: Tx, orgId: string, personId: string, since: Date, until: Date): Promise<OutcomeItem[]> {
  const { rows } = await sql<OutcomeItem>`
    select sg.id, sg.title, sg.status, sg.response, mo.title as module_title, s.starts_at as session_starts_at, sg.merged_into is not null as merged
    from suggestions sg
    join sessions s on s.org_id = sg.org_id and s.id = sg.session_id and s.status <> 'cancelled'
    join modules mo on mo.org_id = sg.org_id and mo.id = sg.module_id
    where sg.org_id = ${orgId} and sg.outcome_changed_at > ${since} and sg.outcome_changed_at <= ${until}
      and (s.coach_id = ${personId} or exists (
        select 1 from bookings b where b.org_id = sg.org_id and b.session_id = sg.session_id and b.person_id = ${personId}
          and b.status in ('active', 'attended')))
    order by sg.outcome_changed_at desc, sg.id
    limit 30`.execute(tx);
  return rows;
}

export interface WaitingItem {
  id: string;
  title: string;
  status: SuggestionStatus;
  module_title: string;
  created_at: Date;
  assigned: boolean;
}

/**
 * What waits for a suggestion owner: the open suggestions assigned to them, then the new ones in
 * their categories and areas nobody has taken, oldest first (at most 20 of each), and the counts.
 */
export async function waitingFor(tx: Tx, orgId: string, personId: string): Promise<{ items: WaitingItem[]; assigned: number; unassigned: number }> {
  const { rows } = await sql<WaitingItem & { total: number }>`
    with scope as (
      select category_ids, areas from suggestion_owners where org_id = ${orgId} and person_id = ${personId}
    ), waiting as (
      select sg.id, sg.title, sg.status, sg.created_at, sg.module_id, sg.owner_id is not null as assigned
      from suggestions sg
      where sg.org_id = ${orgId} and sg.merged_into is null
        and ((sg.owner_id = ${personId} and sg.status in ('new', 'in_review', 'planned'))
          or (sg.owner_id is null and sg.status = 'new' and exists (
            select 1 from scope w where sg.category_id = any (w.category_ids) or lower(sg.area) = any (select lower(a) from unnest(w.areas) a))))
    ), ranked as (
      select w.*, row_number() over (partition by w.assigned order by w.created_at, w.id) as n, count(*) over (partition by w.assigned)::int as total
      from waiting w
    )
    select r.id, r.title, r.status, r.created_at, r.assigned, r.total, mo.title as module_title
    from ranked r join modules mo on mo.org_id = ${orgId} and mo.id = r.module_id
    where r.n <= 20
    order by r.assigned desc, r.created_at, r.id`.execute(tx);
  const count = (assigned: boolean) => rows.find((r) => r.assigned === assigned)?.total ?? 0;
  return { items: rows.map(({ total: _total, ...item }) => item), assigned: count(true), unassigned: count(false) };
}

/** Whether the person still wants the weekly digest of outcomes (they may turn it off after it was queued). */
export async function wantsSuggestionDigest(tx: Tx, orgId: string, personId: string): Promise<boolean> {
  const row = await tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', personId).select('suggestion_digest').executeTakeFirst();
  return row?.suggestion_digest === true;
}

/** Whether the person has rated the session already (then the request to rate is moot). */
export async function hasRated(tx: Tx, orgId: string, sessionId: string, personId: string): Promise<boolean> {
  const row = await tx.selectFrom('session_ratings').select('rating')
    .where('org_id', '=', orgId).where('session_id', '=', sessionId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

/** A rating link for the booking (a copy of the mail sent again gets its own; both work). */
export async function storeRatingLink(tx: Tx, orgId: string, bookingId: string, tokenHash: Buffer, expiresAt: Date): Promise<void> {
  await tx.insertInto('rating_links').values({ org_id: orgId, booking_id: bookingId, token_hash: tokenHash, expires_at: expiresAt }).execute();
}

/** Queues this week's digests across organisations (migration 021); returns how many of each. */
export async function queueWeeklyDigests(db: Db, week: string): Promise<{ participants: number; owners: number }> {
  const { rows } = await sql<{ participants: number; owners: number }>`
    select queue_suggestion_digests(${week}) as participants, queue_owner_digests(${week}) as owners`.execute(db);
  return rows[0] ?? { participants: 0, owners: 0 };
}

/** Queues the requests to rate sessions that ended in the last three days; returns how many. */
export async function queueRatingRequests(db: Db): Promise<number> {
  const { rows } = await sql<{ queued: number }>`select queue_rating_requests() as queued`.execute(db);
  return rows[0]?.queued ?? 0;
}
