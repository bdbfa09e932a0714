// Reads and writes of cohorts (migration 026), and the facts around them: the members' people,
// who of them met before (encounters), and what stands in the way of publishing every round.
import { sql, type Insertable } from 'kysely';
import type { CohortDepartmentBound, CohortSolverStatus, CohortsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { coachAway } from '../../db/coach-away.ts';

export type NewCohort = Required<Pick<Insertable<CohortsTable>,
  'org_id' | 'name' | 'module_id' | 'group_size' | 'rounds' | 'time_zone' | 'duration_minutes' | 'format' | 'language' | 'seed' | 'created_by'>>;

export async function insertCohort(
  tx: Tx, cohort: NewCohort,
  members: Array<{ person_id: string; department: string | null }>,
  starts: Date[],
  groups: Array<{ round: number; group_no: number; coach_id: string; room_id: string | null; online_url: string | null }>,
): Promise<string> {
  const { id } = await tx.insertInto('cohorts').values(cohort).returning('id').executeTakeFirstOrThrow();
  const orgId = cohort.org_id;
  await tx.insertInto('cohort_members').values(members.map((m, position) => ({ org_id: orgId, cohort_id: id, position, ...m }))).execute();
  await tx.insertInto('cohort_rounds').values(starts.map((starts_at, round) => ({ org_id: orgId, cohort_id: id, round, starts_at }))).execute();
  await tx.insertInto('cohort_groups').values(groups.map((g) => ({ org_id: orgId, cohort_id: id, ...g }))).execute();
  return id;
}

const COHORT_COLUMNS = [
  'id', 'name', 'module_id', 'status', 'group_size', 'rounds', 'time_zone', 'duration_minutes', 'format', 'language', 'seed',
  'solver_status', 'solver_phase', 'solver_repeats', 'solver_elapsed_ms', 'solver_error', 'solver_method', 'solver_updated_at',
  'schedule', 'department_bounds', 'created_by', 'created_at', 'published_at',
] as const;

export async function findCohort(tx: Tx, orgId: string, id: string, o: { lock?: boolean } = {}) {
  let query = tx.selectFrom('cohorts').where('org_id', '=', orgId).where('id', '=', id).select(COHORT_COLUMNS);
  if (o.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}
export type CohortRow = NonNullable<Awaited<ReturnType<typeof findCohort>>>;

/** Cohorts with their member counts, in one statement. */
export function listCohorts(tx: Tx, orgId: string, createdBy: string | null) {
  let query = tx.selectFrom('cohorts').where('org_id', '=', orgId).select(COHORT_COLUMNS)
    .select((eb) => eb.selectFrom('cohort_members as m').whereRef('m.org_id', '=', 'cohorts.org_id').whereRef('m.cohort_id', '=', 'cohorts.id')
      .select((m) => m.fn.countAll<number>().as('n')).as('members'))
    .orderBy('created_at', 'desc').orderBy('id');
  if (createdBy) query = query.where('created_by', '=', createdBy);
  return query.limit(200).execute();
}

/** The members in solver order, with their names as they are now. */
export function cohortMembers(tx: Tx, orgId: string, cohortId: string) {
  return tx.selectFrom('cohort_members as m')
    .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'm.org_id').onRef('p.id', '=', 'm.person_id'))
    .where('m.org_id', '=', orgId).where('m.cohort_id', '=', cohortId)
    .select(['m.person_id', 'm.position', 'm.department', 'p.name', 'p.active', 'p.time_zone'])
    .orderBy('m.position').execute();
}

export function cohortRounds(tx: Tx, orgId: string, cohortId: string) {
  return tx.selectFrom('cohort_rounds').where('org_id', '=', orgId).where('cohort_id', '=', cohortId)
    .select(['round', 'starts_at']).orderBy('round').execute();
}

export function cohortGroups(tx: Tx, orgId: string, cohortId: string) {
  return tx.selectFrom('cohort_groups as g')
    .innerJoin('people as c', (j) => j.onRef('c.org_id', '=', 'g.org_id').onRef('c.id', '=', 'g.coach_id'))
    .leftJoin('rooms as r', (j) => j.onRef('r.org_id', '=', 'g.org_id').onRef('r.id', '=', 'g.room_id'))
    .where('g.org_id', '=', orgId).where('g.cohort_id', '=', cohortId)
    .select(['g.round', 'g.group_no', 'g.coach_id', 'c.name as coach_name', 'g.room_id', 'r.name as room_name', 'g.online_url', 'g.session_id'])
    .orderBy('g.round').orderBy('g.group_no').execute();
}
export type CohortGroupRow = Awaited<ReturnType<typeof cohortGroups>>[number];

/**
 * Pairs of the given people who met before (the encounters ledger, migration 024), where the cohort's
 * maker may know them: an admin, who reads every group's roster. A coach reads only their own, and the
 * ledger does not say where a pair met, so a coach's cohort counts none: its figures, solve and swaps
 * would otherwise say who met whom (a cohort of two: one repeat exactly when those two had met).
 */
export async function metBefore(tx: Tx, orgId: string, makerId: string, personIds: string[], o: { makerChecked?: boolean } = {}): Promise<Array<[string, string]>> {
  if (!o.makerChecked && !(await makerKnowsEncounters(tx, orgId, makerId))) return [];
  const rows = await tx.selectFrom('encounters').where('org_id', '=', orgId)
    .where('person_a', '=', sql<string>`any(${personIds}::uuid[])`).where('person_b', '=', sql<string>`any(${personIds}::uuid[])`)
    .select(['person_a', 'person_b']).execute();
  return rows.map((r) => [r.person_a, r.person_b]);
}

/** Whether a cohort's maker may know who met whom among its members: an active admin (see metBefore). */
export async function makerKnowsEncounters(tx: Tx, orgId: string, makerId: string): Promise<boolean> {
  const row = await tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', makerId).where('active', '=', true)
    .where(sql<boolean>`'admin' = any(roles)`).select('id').executeTakeFirst();
  return row !== undefined;
}

/** Active people of the organisation among the ids, with their departments. */
export function peopleByIds(tx: Tx, orgId: string, ids: string[]) {
  return tx.selectFrom('people').where('org_id', '=', orgId).where('id', 'in', ids).select(['id', 'department', 'active', 'roles']).execute();
}

export function roomsByIds(tx: Tx, orgId: string, ids: string[]) {
  return tx.selectFrom('rooms').where('org_id', '=', orgId).where('id', 'in', ids).select(['id', 'capacity', 'retired_at']).execute();
}

export async function cohortSearchSeconds(tx: Tx, orgId: string): Promise<number> {
  const row = await tx.selectFrom('organisations').where('id', '=', orgId).select('cohort_search_seconds').executeTakeFirst();
  return row?.cohort_search_seconds ?? 10;
}

export interface SolverState {
  status: CohortSolverStatus;
  phase?: string | null;
  repeats?: number | null;
  elapsedMs?: number | null;
  error?: string | null;
}

/** Writes the solver's state while it is still the draft's current one (a finished state is final). */
export async function setSolverState(tx: Tx, orgId: string, id: string, state: SolverState): Promise<void> {
  await tx.updateTable('cohorts')
    .set({
      solver_status: state.status,
      ...(state.phase !== undefined && { solver_phase: state.phase }),
      ...(state.repeats !== undefined && { solver_repeats: state.repeats }),
      ...(state.elapsedMs !== undefined && { solver_elapsed_ms: state.elapsedMs === null ? null : Math.round(state.elapsedMs) }),
      ...(state.error !== undefined && { solver_error: state.error === null ? null : state.error.slice(0, 2000) }),
      solver_updated_at: sql`now()`,
    })
    .where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'draft').where('solver_status', 'in', ['queued', 'solving'])
    .execute();
}

export async function storeSolution(
  tx: Tx, orgId: string, id: string,
  s: { schedule: string[][][]; departmentBounds: CohortDepartmentBound[]; repeats: number; elapsedMs: number; method: string },
): Promise<boolean> {
  const result = await tx.updateTable('cohorts')
    .set({
      solver_status: 'done', solver_phase: 'done', solver_repeats: s.repeats, solver_elapsed_ms: Math.round(s.elapsedMs), solver_error: null,
      solver_method: s.method, solver_updated_at: sql`now()`, updated_at: sql`now()`,
      schedule: JSON.stringify(s.schedule), department_bounds: JSON.stringify(s.departmentBounds),
    })
    .where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'draft').where('solver_status', 'in', ['queued', 'solving'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The organisation's drafts whose solve is queued or running and not yet stale (updated within
 * `freshMs`), `except` one. Takes the organisation's solve lock first (held to the end of the
 * transaction), so two requests cannot both take the last place.
 */
export async function solvesUnderway(tx: Tx, orgId: string, freshMs: number, except?: string): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`cohort-solves:${orgId}`}, 0))`.execute(tx);
  const row = await tx.selectFrom('cohorts')
    .where('org_id', '=', orgId).where('status', '=', 'draft').where('solver_status', 'in', ['queued', 'solving'])
    .where('solver_updated_at', '>', sql<Date>`now() - make_interval(secs => ${freshMs / 1000})`)
    .$if(except !== undefined, (q) => q.where('id', '<>', except!))
    .select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/** Starts a new solve of a draft: its state back to queued with a new seed. */
export async function requeueSolve(tx: Tx, orgId: string, id: string, seed: number): Promise<void> {
  await tx.updateTable('cohorts')
    .set({ solver_status: 'queued', solver_phase: null, solver_repeats: null, solver_elapsed_ms: null, solver_error: null, seed, solver_updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function setSchedule(tx: Tx, orgId: string, id: string, schedule: string[][][]): Promise<void> {
  await tx.updateTable('cohorts').set({ schedule: JSON.stringify(schedule), updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function markPublished(tx: Tx, orgId: string, id: string, by: string): Promise<void> {
  await tx.updateTable('cohorts').set({ status: 'published', published_at: sql`now()`, published_by: by, updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function setGroupSession(tx: Tx, orgId: string, cohortId: string, round: number, groupNo: number, sessionId: string): Promise<void> {
  await tx.updateTable('cohort_groups').set({ session_id: sessionId })
    .where('org_id', '=', orgId).where('cohort_id', '=', cohortId).where('round', '=', round).where('group_no', '=', groupNo).execute();
}

export interface Slot {
  round: number;
  group: number;
  from: Date;
  to: Date;
  coachId: string;
  roomId: string | null;
  people: string[];
}

export interface SlotClash {
  roomBusy: boolean;
  coachBusy: boolean;
  /** The coach reported the round's time as a day away (features/absences). */
  coachAway: boolean;
  /** The coach is deactivated, erased or no longer has the coach role. */
  coachGone: boolean;
  /** Members holding a seat in (or coaching) another session at that time. */
  busyPeople: string[];
}

/**
 * One statement for every group of every round: what the exclusion constraints would refuse (the
 * room, the coach), a seat the coach holds, and members already busy at that time, so every date at
 * fault can be listed before anything is written.
 */
export async function slotClashes(tx: Tx, orgId: string, slots: Slot[]): Promise<SlotClash[]> {
  const { rows } = await sql<{ i: string; room_busy: boolean; coach_busy: boolean; coach_gone: boolean; coach_away: boolean; busy_people: string[] }>`
    select o.i,
      ${coachAway({ orgId, coach: sql.ref('o.coach'), from: sql.ref('o.f'), to: sql.ref('o.t') })} as coach_away,
      not exists (
        select 1 from people p where p.org_id = ${orgId} and p.id = o.coach and p.active and 'coach' = any(p.roles)) as coach_gone,
      o.room is not null and exists (
        select 1 from sessions s
        where s.org_id = ${orgId} and s.room_id = o.room and s.status <> 'cancelled'
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t)) as room_busy,
      exists (
        select 1 from sessions s
        where s.org_id = ${orgId} and s.coach_id = o.coach and s.status <> 'cancelled'
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t))
      or exists (
        select 1 from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
        where b.org_id = ${orgId} and b.person_id = o.coach and b.status <> 'cancelled' and s.status <> 'cancelled'
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t)) as coach_busy,
      array(
        select distinct p.id::text from unnest(string_to_array(o.people, ',')::uuid[]) as p(id)
        where exists (
          select 1 from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
          where b.org_id = ${orgId} and b.person_id = p.id and b.status <> 'cancelled' and s.status <> 'cancelled'
            and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t))
        or exists (
          select 1 from sessions s
          where s.org_id = ${orgId} and s.coach_id = p.id and s.status <> 'cancelled'
            and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t))
        order by 1) as busy_people
    from unnest(
      ${slots.map((s) => s.from)}::timestamptz[], ${slots.map((s) => s.to)}::timestamptz[],
      ${slots.map((s) => s.coachId)}::uuid[], ${slots.map((s) => s.roomId)}::uuid[], ${slots.map((s) => s.people.join(','))}::text[]
    ) with ordinality as o(f, t, coach, room, people, i)
    order by o.i`.execute(tx);
  return rows.map((r) => ({ roomBusy: r.room_busy, coachBusy: r.coach_busy, coachGone: r.coach_gone, coachAway: r.coach_away, busyPeople: r.busy_people }));
}

/** Who holds a seat (booked, or since attended or marked absent) in any of these sessions. */
export async function seatHolders(tx: Tx, orgId: string, sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await tx.selectFrom('bookings').where('org_id', '=', orgId).where('session_id', 'in', sessionIds).where('status', '<>', 'cancelled')
    .select(['session_id', 'person_id']).execute();
  return new Set(rows.map((r) => `${r.session_id}:${r.person_id}`));
}

/** The members' active seats in the cohort's sessions of one round. */
export function seatsInSessions(tx: Tx, orgId: string, sessionIds: string[]) {
  return tx.selectFrom('bookings').where('org_id', '=', orgId).where('session_id', 'in', sessionIds).where('status', '=', 'active')
    .select(['id', 'session_id', 'person_id']).execute();
}
