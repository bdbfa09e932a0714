// The programme planner's reads and writes: the facts a plan is made from (who takes part, rooms,
// modules, coaches' availability, what is already booked in the horizon), the proposals
// (migration 037), and what stands in the way of publishing one.
import { sql } from 'kysely';
import type { Tx } from '../../db/transaction.ts';
import { coachAway } from '../../db/coach-away.ts';

export interface ParticipantGroup {
  site: string | null;
  time_zone: string;
  people: number;
  /** The languages they chose (people.locale). */
  locales: string[];
}

/** Active employees counted by site and zone, of the departments and sites asked for (all when empty). */
export async function participantGroups(tx: Tx, orgId: string, departments: string[], sites: string[]): Promise<ParticipantGroup[]> {
  const { rows } = await sql<ParticipantGroup>`
    select site, time_zone, count(*)::int as people, array_agg(distinct locale order by locale) as locales from people
    where org_id = ${orgId} and active and anonymised_at is null and 'employee' = any(roles)
      and (cardinality(${departments}::text[]) = 0 or department = any(${departments}::text[]))
      and (cardinality(${sites}::text[]) = 0 or site = any(${sites}::text[]))
    group by site, time_zone order by site nulls last, time_zone`.execute(tx);
  return rows;
}

export async function knownDepartmentsAndSites(tx: Tx, orgId: string): Promise<{ departments: string[]; sites: string[] }> {
  const { rows } = await sql<{ departments: string[]; sites: string[] }>`
    select
      array(select distinct department from people where org_id = ${orgId} and department is not null order by 1) as departments,
      array(select distinct site from people where org_id = ${orgId} and site is not null
            union select distinct site from rooms where org_id = ${orgId} order by 1) as sites`.execute(tx);
  return rows[0]!;
}

export function openRooms(tx: Tx, orgId: string) {
  return tx.selectFrom('rooms').where('org_id', '=', orgId).where('retired_at', 'is', null)
    .select(['id', 'name', 'site', 'capacity', 'time_zone']).orderBy('site').orderBy('name').execute();
}

export function libraryModules(tx: Tx, orgId: string) {
  return tx.selectFrom('modules').where('org_id', '=', orgId).where('retired_at', 'is', null)
    .select(['id', 'title', 'language', 'duration_minutes']).orderBy('title').execute();
}

export async function defaultCapacity(tx: Tx, orgId: string): Promise<number> {
  const row = await tx.selectFrom('organisations').where('id', '=', orgId).select('default_capacity').executeTakeFirstOrThrow();
  return row.default_capacity;
}

export interface CoachFacts {
  id: string;
  name: string;
  time_zone: string;
  max_sessions_per_week: number | null;
  coaches_online: boolean;
  sites: string[];
  module_ids: string[];
  windows: Array<{ weekday: number; starts_minute: number; ends_minute: number }>;
}

/** Active coaches who said when they can coach, with their windows. */
export async function coachesWithAvailability(tx: Tx, orgId: string): Promise<CoachFacts[]> {
  const { rows } = await sql<CoachFacts>`
    select p.id, p.name, a.time_zone, a.max_sessions_per_week, a.coaches_online, a.sites, a.module_ids::text[] as module_ids,
      coalesce((select json_agg(json_build_object('weekday', w.weekday, 'starts_minute', w.starts_minute, 'ends_minute', w.ends_minute)
                order by w.weekday, w.starts_minute)
                from coach_windows w where w.org_id = a.org_id and w.person_id = a.person_id), '[]'::json) as windows
    from coach_availability a join people p on p.org_id = a.org_id and p.id = a.person_id
    where a.org_id = ${orgId} and p.active and 'coach' = any(p.roles)
    order by p.name, p.id`.execute(tx);
  return rows;
}

/** Coaches' days away (not withdrawn) that meet [from, to), as the instants they were stored as (their
 * days read in the coach's profile zone, which the availability's zone need not be). */
export async function daysAwayBetween(tx: Tx, orgId: string, from: Date, to: Date) {
  const { rows } = await sql<{ coach_id: string; starts_at: Date; ends_at: Date }>`
    select coach_id, starts_at, ends_at from coach_absences
    where org_id = ${orgId} and withdrawn_at is null and ends_at > ${from} and starts_at < ${to}`.execute(tx);
  return rows;
}

export interface BusyRow {
  coach_id: string | null;
  room_id: string | null;
  starts_at: Date;
  ends_at: Date;
  /** A seat the coach holds as a participant: busy then, but no session of theirs to coach. */
  seat: boolean;
}

/** What already holds coaches and rooms in [from, to): scheduled sessions, and seats coaches hold. */
export async function busyBetween(tx: Tx, orgId: string, from: Date, to: Date): Promise<BusyRow[]> {
  const { rows } = await sql<BusyRow>`
    select s.coach_id, s.room_id, s.starts_at, s.ends_at, false as seat from sessions s
    where s.org_id = ${orgId} and s.status = 'scheduled' and s.starts_at < ${to} and s.ends_at > ${from}
    union all
    select b.person_id, null, s.starts_at, s.ends_at, true from bookings b
    join sessions s on s.org_id = b.org_id and s.id = b.session_id and s.status = 'scheduled'
    join people p on p.org_id = b.org_id and p.id = b.person_id and 'coach' = any(p.roles)
    where b.org_id = ${orgId} and b.status = 'active' and s.starts_at < ${to} and s.ends_at > ${from}`.execute(tx);
  return rows;
}

export interface OfferedRow {
  starts_at: Date;
  format: 'in_person' | 'virtual';
  site: string | null;
  time_zone: string;
  capacity: number;
}

/** Sessions already offered in [from, to): they count towards the demand of their place and week. A
 * cohort's sessions do not: their seats are for its members (migration 044), not anyone's demand. */
export async function offeredBetween(tx: Tx, orgId: string, from: Date, to: Date): Promise<OfferedRow[]> {
  const { rows } = await sql<OfferedRow>`
    select s.starts_at, s.format, r.site, s.time_zone, s.capacity from sessions s
    left join rooms r on r.org_id = s.org_id and r.id = s.room_id
    where s.org_id = ${orgId} and s.status = 'scheduled' and s.starts_at >= ${from} and s.starts_at < ${to}
      and not exists (select 1 from cohort_groups g where g.org_id = s.org_id and g.session_id = s.id)`.execute(tx);
  return rows;
}

export interface WaitingRow {
  starts_at: Date;
  format: 'in_person' | 'virtual';
  site: string | null;
  time_zone: string;
}

/**
 * People of the demand (active employees of the departments and sites asked for) waiting in the
 * lines of sessions that start in [from, to): one row per person and week (weeks of 7 days from
 * `from`), for the first session they wait for that week, with its place. Someone holding an offer
 * (migration 038) is not counted: the seat held for them is theirs to take, already in that session.
 */
export async function waitingBetween(tx: Tx, orgId: string, from: Date, to: Date, departments: string[], sites: string[]): Promise<WaitingRow[]> {
  const { rows } = await sql<WaitingRow>`
    with waits as (
      select w.person_id, s.id, s.starts_at, s.format, r.site, s.time_zone,
        floor(extract(epoch from s.starts_at - ${from}::timestamptz) / 604800) as week
      from waitlist_entries w
      join sessions s on s.org_id = w.org_id and s.id = w.session_id
      join people p on p.org_id = w.org_id and p.id = w.person_id
      left join rooms r on r.org_id = s.org_id and r.id = s.room_id
      where w.org_id = ${orgId} and w.status = 'waiting' and s.status = 'scheduled' and s.starts_at >= ${from} and s.starts_at < ${to}
        and p.active and p.anonymised_at is null and 'employee' = any(p.roles)
        and (cardinality(${departments}::text[]) = 0 or p.department = any(${departments}::text[]))
        and (cardinality(${sites}::text[]) = 0 or p.site = any(${sites}::text[])))
    select distinct on (person_id, week) starts_at, format, site, time_zone from waits
    order by person_id, week, starts_at, id`.execute(tx);
  return rows;
}

export interface NewProposal {
  org_id: string;
  demand: string;
  horizon_start: Date;
  weeks: number;
  input: string;
  sessions: string;
  gaps: string;
  achievable_per_week: number[];
  created_by: string;
}

export async function insertProposal(tx: Tx, proposal: NewProposal): Promise<string> {
  const { id } = await tx.insertInto('plan_proposals').values(proposal).returning('id').executeTakeFirstOrThrow();
  return id;
}

const PROPOSAL_COLUMNS = [
  'id', 'status', 'demand', 'horizon_start', 'weeks', 'input', 'sessions', 'gaps', 'achievable_per_week', 'created_at', 'updated_at',
  'published_at', 'published_session_ids',
] as const;

/** One proposal; locked when it is about to change, so two edits or publishes of it take turns. */
export function findProposal(tx: Tx, orgId: string, id: string, o: { lock?: boolean } = {}) {
  let query = tx.selectFrom('plan_proposals').where('org_id', '=', orgId).where('id', '=', id).select(PROPOSAL_COLUMNS);
  if (o.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}
export type ProposalRow = NonNullable<Awaited<ReturnType<typeof findProposal>>>;

export async function saveSessions(tx: Tx, orgId: string, id: string, sessions: string): Promise<void> {
  await tx.updateTable('plan_proposals').set({ sessions, updated_at: sql`now()` }).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function markPublished(tx: Tx, orgId: string, id: string, by: string, sessionIds: string[]): Promise<void> {
  await tx.updateTable('plan_proposals')
    .set({ status: 'published', published_by: by, published_at: sql`now()`, published_session_ids: sessionIds, updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', id).execute();
}

export function peopleNames(tx: Tx, orgId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.selectFrom('people').where('org_id', '=', orgId).where('id', 'in', ids).select(['id', 'name']).execute();
}

export function roomsByIds(tx: Tx, orgId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.selectFrom('rooms').where('org_id', '=', orgId).where('id', 'in', ids).select(['id', 'name', 'site']).execute();
}

export function modulesByIds(tx: Tx, orgId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.selectFrom('modules').where('org_id', '=', orgId).where('id', 'in', ids).select(['id', 'title']).execute();
}

export interface Slot {
  start: Date;
  end: Date;
  coachId: string;
  roomId: string | null;
  moduleId: string;
  seats: number;
}

export interface SlotClash {
  roomBusy: boolean;
  coachBusy: boolean;
  coachAway: boolean;
  coachGone: boolean;
  roomRetired: boolean;
  roomTooSmall: boolean;
  moduleRetired: boolean;
}

/** Per slot, in order: whether its room, or its coach (coaching, or holding a seat), is taken then;
 * whether the coach is away then, or no longer an active coach at all (deactivated, erased, role gone);
 * whether its room was retired or no longer seats the group and the coach, or its module was retired
 * (publishSession refuses each of these). */
export async function slotClashes(tx: Tx, orgId: string, slots: Slot[]): Promise<SlotClash[]> {
  if (slots.length === 0) return [];
  const { rows } = await sql<{
    room_busy: boolean; coach_busy: boolean; coach_away: boolean; coach_gone: boolean; room_retired: boolean; room_too_small: boolean; module_retired: boolean;
  }>`
    select
      not exists (
        select 1 from people p where p.org_id = ${orgId} and p.id = o.coach and p.active and 'coach' = any(p.roles)) as coach_gone,
      o.room is not null and not exists (
        select 1 from rooms r where r.org_id = ${orgId} and r.id = o.room and r.retired_at is null) as room_retired,
      o.room is not null and exists (
        select 1 from rooms r where r.org_id = ${orgId} and r.id = o.room and r.capacity < o.seats + 1) as room_too_small,
      not exists (
        select 1 from modules m where m.org_id = ${orgId} and m.id = o.module and m.retired_at is null) as module_retired,
      o.room is not null and exists (
        select 1 from sessions s where s.org_id = ${orgId} and s.room_id = o.room and s.status <> 'cancelled'
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t)) as room_busy,
      exists (
        select 1 from sessions s where s.org_id = ${orgId} and s.coach_id = o.coach and s.status <> 'cancelled'
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t))
      or exists (
        select 1 from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
        where b.org_id = ${orgId} and b.person_id = o.coach and b.status = 'active' and s.status <> 'cancelled'
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t)) as coach_busy,
      ${coachAway({ orgId, coach: sql.ref('o.coach'), from: sql.ref('o.f'), to: sql.ref('o.t') })} as coach_away
    from unnest(${slots.map((s) => s.start)}::timestamptz[], ${slots.map((s) => s.end)}::timestamptz[],
      ${slots.map((s) => s.coachId)}::uuid[], ${slots.map((s) => s.roomId)}::uuid[], ${slots.map((s) => s.moduleId)}::uuid[],
      ${slots.map((s) => s.seats)}::int[]) with ordinality as o(f, t, coach, room, module, seats, i)
    order by o.i`.execute(tx);
  return rows.map((r) => ({
    roomBusy: r.room_busy, coachBusy: r.coach_busy, coachAway: r.coach_away, coachGone: r.coach_gone,
    roomRetired: r.room_retired, roomTooSmall: r.room_too_small, moduleRetired: r.module_retired,
  }));
}

/** The coach's assignment notice (mail kind coach_assigned, "You now coach: …") for each new session. */
export async function queueCoachAssigned(tx: Tx, orgId: string, sessions: Array<{ sessionId: string; coachId: string }>): Promise<void> {
  if (sessions.length === 0) return;
  await tx.insertInto('outgoing_messages').values(sessions.map((s) => ({
    org_id: orgId, kind: 'coach_assigned', recipient_id: s.coachId, session_id: s.sessionId, booking_id: null, calendar_sequence: null, last_error: null, dedupe_key: null,
  }))).execute();
}

/** The organisation's standing demand: the one its latest published plan was made with. */
export async function standingDemand(tx: Tx, orgId: string) {
  return tx.selectFrom('plan_proposals').where('org_id', '=', orgId).where('status', '=', 'published')
    .select(['id', 'demand', 'created_by']).orderBy('published_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
}

/** The top-up kept for the plan starting on `week` (an ISO date), if the job already made one. */
export async function topUpFor(tx: Tx, orgId: string, week: string): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    select id from plan_proposals where org_id = ${orgId} and demand ->> 'topUpFor' = ${week} order by created_at limit 1`.execute(tx);
  return rows[0]?.id;
}

export async function markTopUp(tx: Tx, orgId: string, id: string, week: string): Promise<void> {
  await sql`update plan_proposals set demand = demand || jsonb_build_object('topUpFor', ${week}::text)
    where org_id = ${orgId} and id = ${id}`.execute(tx);
}

/** The latest proposal the weekly job made, for the planner page. */
export async function latestTopUp(tx: Tx, orgId: string) {
  const { rows } = await sql<{ id: string; status: 'draft' | 'published'; week: string; created_at: Date }>`
    select id, status, demand ->> 'topUpFor' as week, created_at from plan_proposals
    where org_id = ${orgId} and demand ? 'topUpFor' order by created_at desc, id limit 1`.execute(tx);
  return rows[0];
}

/** People waiting in a line for a session still ahead (each counted once however many lines). */
export async function peopleWaiting(tx: Tx, orgId: string, now: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct w.person_id)::int as n from waitlist_entries w
    join sessions s on s.org_id = w.org_id and s.id = w.session_id
    where w.org_id = ${orgId} and w.status = 'waiting' and s.status = 'scheduled' and s.starts_at > ${now}`.execute(tx);
  return rows[0]?.n ?? 0;
}

/** Seats taken (and by how many distinct people) and seats offered by the sessions (not cancelled) that started in [from, to). */
export async function seatsTakenBetween(tx: Tx, orgId: string, from: Date, to: Date): Promise<{ taken: number; people: number; offered: number }> {
  const { rows } = await sql<{ taken: number; people: number; offered: number }>`
    with s as (select id, capacity from sessions where org_id = ${orgId} and status <> 'cancelled' and starts_at >= ${from} and starts_at < ${to}),
    b as (select b.person_id from bookings b join s on s.id = b.session_id where b.org_id = ${orgId} and b.status <> 'cancelled')
    select (select count(*) from b)::int as taken, (select count(distinct person_id) from b)::int as people,
           (select coalesce(sum(capacity), 0) from s)::int as offered`.execute(tx);
  return rows[0] ?? { taken: 0, people: 0, offered: 0 };
}

/** Who the job acts as: the admin who made the standing plan if still an active admin, else the first. */
export async function topUpAdmin(tx: Tx, orgId: string, preferred: string | null) {
  return tx.selectFrom('people').where('org_id', '=', orgId).where('active', '=', true).where(sql<boolean>`'admin' = any(roles)`)
    .select(['id', 'roles', 'time_zone', 'locale'])
    .orderBy(sql`(id = ${preferred}) desc nulls last`).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

/** Active organisations, for the weekly job to look at one by one. */
export async function activeOrganisations(db: Tx): Promise<string[]> {
  const rows = await db.selectFrom('organisations').where('status', '=', 'active').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

export async function lockTopUps(tx: Tx, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`planner-top-up:${orgId}`}, 0))`.execute(tx);
}
