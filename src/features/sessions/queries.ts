// Reads and writes of sessions. Every query names org_id as well: row-level security is the
// second wall, not the first.
import { sql } from 'kysely';
import { knownPartners } from '../../db/known-partners.ts';
import { openToPerson } from '../../db/open-to-person.ts';
import { prepared } from '../../db/prepared.ts';
import type { Tx } from '../../db/transaction.ts';
import type { Locale, SessionFormat, SessionStatus } from '../../db/schema.ts';

export interface SessionRow {
  id: string;
  org_id: string;
  module_id: string;
  module_code: string;
  module_title: string;
  module_summary: string;
  coach_id: string;
  coach_name: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  format: SessionFormat;
  room_id: string | null;
  room_name: string | null;
  room_site: string | null;
  online_url: string | null;
  location_note: string | null;
  language: Locale;
  capacity: number;
  seats_taken: number;
  status: SessionStatus;
  cancel_reason: string | null;
  series_id: string | null;
}

function sessionsWithNames(tx: Tx, orgId: string) {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('modules as m', 'm.id', 's.module_id')
    .innerJoin('people as c', 'c.id', 's.coach_id')
    .leftJoin('rooms as r', 'r.id', 's.room_id')
    .where('s.org_id', '=', orgId)
    .select([
      's.id', 's.org_id', 's.module_id', 'm.code as module_code', 'm.title as module_title',
      'm.summary as module_summary', 's.coach_id', 'c.name as coach_name', 's.starts_at', 's.ends_at',
      's.time_zone', 's.format', 's.room_id', 'r.name as room_name', 'r.site as room_site', 's.online_url',
      's.location_note', 's.language', 's.capacity', 's.seats_taken', 's.status', 's.cancel_reason', 's.series_id',
    ]);
}

export async function findSession(tx: Tx, orgId: string, id: string): Promise<SessionRow | undefined> {
  return sessionsWithNames(tx, orgId).where('s.id', '=', id).executeTakeFirst();
}

/** Locks the session rows (in id order, so two movers never deadlock) and returns them. */
export async function lockSessions(tx: Tx, orgId: string, ids: string[]) {
  if (ids.length === 1) return (await lockOneSessionQuery.run(tx, { orgId, id: ids[0]! })).rows;
  return lockSessionsQuery(tx, orgId, ids).execute();
}
// The same SQL as lockSessionsQuery for one id, built once: cancelling locks one session.
const lockOneSessionQuery = prepared((db, $: { orgId: string; id: string }) => lockSessionsQuery(db, $.orgId, [$.id]));

function lockSessionsQuery(tx: Tx, orgId: string, ids: string[]) {
  return tx
    .selectFrom('sessions')
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .orderBy('id')
    .select(['id', 'coach_id', 'status', 'starts_at', 'ends_at', 'capacity', 'seats_taken', 'module_id'])
    .forUpdate();
}

export interface OpenSessionFilters {
  /** Who browses: a cohort's sessions are listed only to the members of their group (migration 044). */
  viewerId: string;
  from: Date;
  to?: Date | undefined;
  moduleId?: string | undefined;
  language?: Locale | undefined;
  format?: SessionFormat | undefined;
  site?: string | undefined;
  onlyAvailable?: boolean | undefined;
  /** Starts whose local hour in `timeZone` is in [from, to). */
  startHours?: { from: number; to: number; timeZone: string } | undefined;
  after?: { startsAt: Date; id: string; rank?: number | undefined } | undefined;
  limit: number;
  /** Adds who the viewer would meet (mixing): counts only, from the encounters ledger. */
  mix?: { viewerId: string; minimumOthers: number; byRank: boolean } | undefined;
}

export interface MixColumns {
  /** Seats held by others than the viewer. */
  others: number;
  /** Of them, people the viewer has met before or shares another upcoming session with. */
  met: number;
  /** The order key of mixing/presenters.ts mixRank, computed here. */
  mix_rank: number;
}

export async function listOpenSessions(tx: Tx, orgId: string, f: OpenSessionFilters): Promise<(SessionRow & Partial<MixColumns>)[]> {
  const base = sessionsWithNames(tx, orgId).where('s.status', '=', 'scheduled').where('s.starts_at', '>=', f.from)
    .where(openToPerson({ orgId: sql`s.org_id`, session: sql`s.id`, person: sql`${f.viewerId}::uuid` }));
  return f.mix ? listWithMix(base, f, f.mix) : listByTime(base, f);
}

type OpenList = ReturnType<typeof sessionsWithNames>;

function filtered(q: OpenList, f: OpenSessionFilters): OpenList {
  if (f.to) q = q.where('s.starts_at', '<', f.to);
  if (f.moduleId) q = q.where('s.module_id', '=', f.moduleId);
  if (f.language) q = q.where('s.language', '=', f.language);
  if (f.format) q = q.where('s.format', '=', f.format);
  if (f.site) q = q.where('r.site', '=', f.site);
  if (f.onlyAvailable) q = q.whereRef('s.seats_taken', '<', 's.capacity');
  if (f.startHours) {
    const { from, to, timeZone } = f.startHours;
    q = q.where(sql<number>`extract(hour from s.starts_at at time zone ${timeZone})`, '>=', from)
      .where(sql<number>`extract(hour from s.starts_at at time zone ${timeZone})`, '<', to);
  }
  return q;
}

function listByTime(base: OpenList, f: OpenSessionFilters) {
  let q = filtered(base, f);
  const after = f.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('s.starts_at', '>', after.startsAt),
        eb.and([eb('s.starts_at', '=', after.startsAt), eb('s.id', '>', after.id)]),
      ]),
    );
  }
  return q.orderBy('s.starts_at').orderBy('s.id').limit(f.limit).execute();
}

// Counts of the viewer's known partners (met, or sharing another upcoming session: db/known-partners.ts)
// among a session's seat holders. Nothing but the two counts leaves the database. The order key: a
// session where two or more others hold seats, all new to the viewer, first (0); then sessions with
// fewer others than that, the emptier first (1 + others), whoever holds their seat — so their place
// says nothing about that person; then sessions with someone the viewer knows (minimumOthers + 1).
function listWithMix(base: OpenList, f: OpenSessionFilters, mix: NonNullable<OpenSessionFilters['mix']>) {
  const viewer = sql`${mix.viewerId}::uuid`;
  const known = knownPartners({ orgId: sql`s.org_id`, person: viewer, other: sql`ob.person_id`, since: null, excluding: sql`array[s.id]` });
  const seatHolders = sql`from bookings ob where ob.org_id = s.org_id and ob.session_id = s.id and ob.status <> 'cancelled' and ob.person_id <> ${viewer}`;
  const counts = sql<{ others: number; met: number }>`(select (select count(*)::int ${seatHolders}) as others, (select count(*)::int ${seatHolders} and ${known}) as met)`;
  let q = filtered(base, f).innerJoinLateral(counts.as('mix'), (join) => join.onTrue()).select(['mix.others', 'mix.met']);
  const rank = sql<number>`(case when mix.others >= ${mix.minimumOthers} then (case when mix.met > 0 then ${mix.minimumOthers + 1}::int else 0 end) else 1 + mix.others end)`;
  q = q.select(rank.as('mix_rank'));
  const after = f.after;
  if (!mix.byRank) {
    if (after) q = q.where(sql<boolean>`(s.starts_at, s.id) > (${after.startsAt}, ${after.id}::uuid)`);
    return q.orderBy('s.starts_at').orderBy('s.id').limit(f.limit).execute();
  }
  if (after) q = q.where(sql<boolean>`(${rank}, s.starts_at, s.id) > (${after.rank ?? 0}, ${after.startsAt}, ${after.id}::uuid)`);
  return q.orderBy(rank).orderBy('s.starts_at').orderBy('s.id').limit(f.limit).execute();
}

export async function listCoachSessions(
  tx: Tx, orgId: string, coachId: string, when: 'upcoming' | 'past', now: Date, limit: number,
): Promise<SessionRow[]> {
  const q = sessionsWithNames(tx, orgId).where('s.coach_id', '=', coachId);
  return when === 'upcoming'
    ? q.where('s.ends_at', '>', now).orderBy('s.starts_at').limit(limit).execute()
    : q.where('s.ends_at', '<=', now).orderBy('s.starts_at', 'desc').limit(limit).execute();
}

export interface NewSession {
  org_id: string;
  module_id: string;
  coach_id: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  format: SessionFormat;
  room_id: string | null;
  online_url: string | null;
  location_note: string | null;
  language: Locale;
  capacity: number;
  series_id: string | null;
  created_by: string;
}

export async function insertSession(tx: Tx, values: NewSession): Promise<string> {
  const row = await tx.insertInto('sessions').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface SessionChanges {
  starts_at?: Date;
  ends_at?: Date;
  time_zone?: string;
  format?: SessionFormat;
  room_id?: string | null;
  online_url?: string | null;
  location_note?: string | null;
  language?: Locale;
  capacity?: number;
  coach_id?: string;
}

export async function updateSession(tx: Tx, orgId: string, id: string, changes: SessionChanges): Promise<void> {
  await tx.updateTable('sessions').set({ ...changes, updated_at: sql`now()` }).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function markSessionCancelled(tx: Tx, orgId: string, id: string, reason: string): Promise<void> {
  await tx
    .updateTable('sessions')
    .set({ status: 'cancelled', cancel_reason: reason, cancelled_at: sql`now()`, updated_at: sql`now()` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function findModule(tx: Tx, orgId: string, id: string) {
  return tx
    .selectFrom('modules')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .select(['id', 'language', 'duration_minutes', 'retired_at'])
    .executeTakeFirst();
}

/**
 * The room a session is to meet in, held FOR SHARE until the session is written: an admin retiring
 * or shrinking it at the same moment (library's lockRoom, FOR UPDATE) either waits and then counts
 * this session, or goes first and this reads the room as it left it.
 */
export async function findRoom(tx: Tx, orgId: string, id: string) {
  return tx
    .selectFrom('rooms')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .select(['id', 'capacity', 'time_zone', 'retired_at'])
    .forShare()
    .executeTakeFirst();
}

export async function findActiveCoach(tx: Tx, orgId: string, personId: string) {
  return tx
    .selectFrom('people')
    .where('org_id', '=', orgId)
    .where('id', '=', personId)
    .where('active', '=', true)
    .select(['id', sql<boolean>`'coach' = any(roles)`.as('is_coach')])
    .executeTakeFirst();
}

/** Does the person hold a seat in a session (other than `exceptSessionId`) overlapping the range? */
export async function holdsSeatOverlapping(
  tx: Tx, orgId: string, personId: string, startsAt: Date, endsAt: Date, exceptSessionId: string | null,
): Promise<boolean> {
  const row = await tx
    .selectFrom('bookings as b')
    .innerJoin('sessions as s', 's.id', 'b.session_id')
    .where('b.org_id', '=', orgId)
    .where('b.person_id', '=', personId)
    .where('b.status', '<>', 'cancelled')
    .where('s.status', '<>', 'cancelled')
    .$if(exceptSessionId !== null, (qb) => qb.where('s.id', '<>', exceptSessionId as string))
    .where(sql<boolean>`tstzrange(s.starts_at, s.ends_at) && tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz)`)
    .select('b.id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findSessions(tx: Tx, orgId: string, ids: string[]): Promise<SessionRow[]> {
  if (ids.length === 0) return [];
  if (ids.length === 1) return (await findOneSessionQuery.run(tx, { orgId, id: ids[0]! })).rows;
  return sessionsWithNames(tx, orgId).where('s.id', 'in', ids).execute();
}
// The same SQL as above for one id, built once: every booking answer shows its session.
const findOneSessionQuery = prepared((db, $: { orgId: string; id: string }) => sessionsWithNames(db, $.orgId).where('s.id', 'in', [$.id]));

export interface AbsenceMet {
  first_day: string;
  last_day: string;
  starts_at: Date;
  /** The coach's profile zone, the one the absence's days were turned into instants in. */
  time_zone: string;
}

/** The coach's first absence (not withdrawn) that meets [startsAt, endsAt). */
export async function absenceMeeting(tx: Tx, orgId: string, coachId: string, startsAt: Date, endsAt: Date): Promise<AbsenceMet | undefined> {
  const { rows } = await sql<AbsenceMet>`
    select a.first_day::text, a.last_day::text, a.starts_at, p.time_zone from coach_absences a
    join people p on p.org_id = a.org_id and p.id = a.coach_id
    where a.org_id = ${orgId} and a.coach_id = ${coachId} and a.withdrawn_at is null
      and tstzrange(a.starts_at, a.ends_at) && tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz)
    order by a.starts_at limit 1`.execute(tx);
  return rows[0];
}
