// Session ratings: what a person may rate, their own ratings, and the sums figures are made of.
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type { Tx } from '../../db/transaction.ts';

/** How long after its end a session can be rated. Its ratings are final a day later (migration 041). */
export const RATING_DAYS = 14;

/** Releases the final ratings that now come from five people or more (migration 041), across
 * organisations; returns how many sessions' ratings entered the figures. */
export async function releaseFinalRatings(db: Db | Tx): Promise<number> {
  const { rows } = await sql<{ released: number }>`select release_final_ratings() as released`.execute(db);
  return rows[0]?.released ?? 0;
}

export interface RateableRow {
  session_id: string;
  module_title: string;
  starts_at: Date;
  ends_at: Date;
  rating: number | null;
  comment: string;
}

/**
 * The sessions the person can rate now: they held a seat not marked absent, the session took
 * place, ended, and not longer ago than RATING_DAYS, and none of its ratings is released yet (only
 * those shown before migration 041 were, within the days). One rule for rating and for what is shown.
 */
const rateableSessionIds = (orgId: string, personId: string) => sql`
  select b.session_id
  from bookings b
  join sessions s on s.org_id = b.org_id and s.id = b.session_id and s.status <> 'cancelled'
  where b.org_id = ${orgId} and b.person_id = ${personId} and b.status in ('active', 'attended')
    and s.ends_at <= now() and s.ends_at > now() - make_interval(days => ${RATING_DAYS})
    and not exists (select from session_ratings x where x.org_id = b.org_id and x.session_id = b.session_id and x.released_at is not null)`;

const sessionWithMyRating = (orgId: string, personId: string) => sql`
  join sessions s on s.org_id = ${orgId} and s.id = ids.session_id
  join modules mo on mo.org_id = s.org_id and mo.id = s.module_id
  left join session_ratings r on r.org_id = s.org_id and r.session_id = s.id and r.person_id = ${personId}`;

/** The person's sessions they can rate now, with their rating if given. */
export async function rateableSessions(tx: Tx, orgId: string, personId: string, sessionId?: string): Promise<RateableRow[]> {
  const { rows } = await sql<RateableRow>`
    select s.id as session_id, mo.title as module_title, s.starts_at, s.ends_at, r.rating, coalesce(r.comment, '') as comment
    from (${rateableSessionIds(orgId, personId)}) as ids
    ${sessionWithMyRating(orgId, personId)}
    ${sessionId ? sql`where s.id = ${sessionId}` : sql``}
    order by s.starts_at desc`.execute(tx);
  return rows;
}

export interface MyRatingRow extends RateableRow {
  rateable: boolean;
}

/**
 * What "My sessions" shows: every session the person can rate now, and every session they rated
 * however long ago (their own ratings only), each saying whether it can still be rated.
 */
export async function ratedOrRateableSessions(tx: Tx, orgId: string, personId: string): Promise<MyRatingRow[]> {
  const { rows } = await sql<MyRatingRow>`
    with rateable as (${rateableSessionIds(orgId, personId)})
    select s.id as session_id, mo.title as module_title, s.starts_at, s.ends_at, r.rating, coalesce(r.comment, '') as comment,
           s.id in (select session_id from rateable) as rateable
    from (select session_id from rateable
          union
          select session_id from session_ratings where org_id = ${orgId} and person_id = ${personId}) as ids
    ${sessionWithMyRating(orgId, personId)}
    order by s.starts_at desc`.execute(tx);
  return rows;
}

export async function sessionExists(tx: Tx, orgId: string, sessionId: string): Promise<boolean> {
  return (await tx.selectFrom('sessions').select('id').where('org_id', '=', orgId).where('id', '=', sessionId).executeTakeFirst()) !== undefined;
}

export async function saveRating(tx: Tx, orgId: string, sessionId: string, personId: string, rating: number, comment: string | undefined): Promise<void> {
  await tx.insertInto('session_ratings')
    .values({ org_id: orgId, session_id: sessionId, person_id: personId, rating, comment: comment ?? '' })
    .onConflict((c) => c.columns(['org_id', 'session_id', 'person_id']).doUpdateSet({
      rating, ...(comment !== undefined && { comment }), updated_at: sql`now()`,
    }))
    .execute();
}

/** The organisation and person a rating link stands for, if it is live (migration 021). */
export async function ratingLink(db: Db, tokenHash: Buffer, now: Date): Promise<{ org_id: string; booking_id: string } | undefined> {
  const { rows } = await sql<{ org_id: string; booking_id: string }>`select * from rating_link_booking(${tokenHash}, ${now}::timestamptz)`.execute(db);
  return rows[0];
}

/** The booking's person and session, while that person is active: a link mailed before they were
 * deactivated must not act for someone who may no longer sign in. */
export async function bookingOwner(tx: Tx, orgId: string, bookingId: string): Promise<{ person_id: string; session_id: string } | undefined> {
  return tx.selectFrom('bookings as b').innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'b.org_id').onRef('p.id', '=', 'b.person_id'))
    .select(['b.person_id', 'b.session_id']).where('b.org_id', '=', orgId).where('b.id', '=', bookingId).where('p.active', '=', true)
    .executeTakeFirst();
}

export interface SumRow {
  key: string;
  label: string;
  starts_at: Date | null;
  /** The session's module and coach (grouping by session only): the parts a session's figure subdivides. */
  module_id: string | null;
  coach_id: string | null;
  ratings: number;
  /** The distinct people who rated: the privacy floor counts them, not the ratings. */
  raters: string[];
  average: number;
  comments: string[];
}

type Grouping = 'all' | 'module' | 'coach' | 'session';

/**
 * Released ratings (migration 041: final, and entered in steps of at least five people) summed by the
 * grouping, within the organisation or one coach's sessions, with the people behind each sum.
 * Comments come only with groups of at least `minimum` people who rated, sorted by their text (no
 * order of arrival); the presenter may still withhold them (privacy-floor.ts).
 */
export async function ratingSums(tx: Tx, orgId: string, by: Grouping, coachId: string | undefined, minimum: number): Promise<SumRow[]> {
  const key = { all: sql`'all'`, module: sql`mo.id::text`, coach: sql`c.id::text`, session: sql`s.id::text` }[by];
  const label = { all: sql`''`, module: sql`mo.title`, coach: sql`c.name`, session: sql`mo.title` }[by];
  const bySession = by === 'session';
  const { rows } = await sql<SumRow>`
    select ${key} as key, min(${label}) as label, ${bySession ? sql`min(s.starts_at)` : sql`null::timestamptz`} as starts_at,
      ${bySession ? sql`min(mo.id::text)` : sql`null`} as module_id, ${bySession ? sql`min(c.id::text)` : sql`null`} as coach_id,
      count(*)::int as ratings, array_agg(distinct r.person_id::text) as raters, avg(r.rating)::float8 as average,
      case when count(distinct r.person_id) >= ${minimum}
        then array_remove(array_agg(nullif(btrim(r.comment), '') order by btrim(r.comment)), null)
        else '{}' end as comments
    from session_ratings r
    join sessions s on s.org_id = r.org_id and s.id = r.session_id
    join modules mo on mo.org_id = s.org_id and mo.id = s.module_id
    join people c on c.org_id = s.org_id and c.id = s.coach_id
    where r.org_id = ${orgId} and r.released_at is not null ${coachId ? sql`and s.coach_id = ${coachId}` : sql``}
    group by 1
    order by 2, 1`.execute(tx);
  return rows;
}
