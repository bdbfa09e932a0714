// Who met whom (migration 024): counting sessions into encounters, rebuilding an organisation's,
// and the sums the network figures are made of. Participants are encounter_participants' (a seat
// attended, or active where no attendance was recorded, in a counted session not cancelled).
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type { Tx } from '../../db/transaction.ts';

export interface CountResult {
  sessions_counted: number;
  pairs_written: number;
}

/** One round of the worker's count across organisations: at most `limit` sessions. */
export async function countEncounters(db: Db, limit: number, now?: Date): Promise<CountResult> {
  const { rows } = await sql<CountResult>`
    select sessions_counted, pairs_written from count_encounters(${now ?? sql`now()`}, ${limit}::int)`.execute(db);
  return rows[0]!;
}

/** An organisation's encounters from scratch; as the owner (the CLI, the demo loader). */
export async function rebuildEncounters(tx: Tx, orgId: string, now?: Date): Promise<CountResult> {
  const { rows } = await sql<CountResult>`
    select sessions_counted, pairs_written from rebuild_encounters(${orgId}::uuid, ${now ?? sql`now()`})`.execute(tx);
  return rows[0]!;
}

export interface OrganisationRef {
  id: string;
  slug: string;
}

/** Every organisation, or the one with this slug (as the owner: the command line). */
export async function organisationsToRebuild(db: Db, slug?: string): Promise<OrganisationRef[]> {
  let query = db.selectFrom('organisations').select(['id', 'slug']).orderBy('slug');
  if (slug !== undefined) query = query.where('slug', '=', slug);
  return query.execute();
}

export interface AttendanceSums {
  /** Distinct people who took part since the start of the window. */
  people: number;
  attendances: number;
  /** Over every attendance, the others in the same session. */
  co_participants: number;
  /** Pairs who met for the first time in the window (each is new to both). */
  new_pairs: number;
}

export async function attendanceSums(tx: Tx, orgId: string, since: Date): Promise<AttendanceSums> {
  const { rows } = await sql<AttendanceSums>`
    with took_part as (
      select p.session_id, p.person_id from encounter_participants p where p.org_id = ${orgId} and p.starts_at >= ${since}
    ), sizes as (
      select count(*) as n from took_part group by session_id
    )
    select (select count(distinct person_id) from took_part)::int as people,
      (select count(*) from took_part)::int as attendances,
      (select coalesce(sum(n * (n - 1)), 0) from sizes)::int as co_participants,
      (select count(*) from encounters e where e.org_id = ${orgId} and e.first_met >= ${since})::int as new_pairs`.execute(tx);
  return rows[0]!;
}

export interface PartnersRow {
  /** Sessions the people of this row took part in within the window. */
  sessions: number;
  people: number;
  /** Their distinct partners within the window, summed. */
  partners: number;
}

/** People grouped by how many sessions they took part in, with their distinct partners summed. */
export async function partnersBySessions(tx: Tx, orgId: string, since: Date): Promise<PartnersRow[]> {
  const { rows } = await sql<PartnersRow>`
    with attended as (
      select p.person_id, count(*) as sessions from encounter_participants p
      where p.org_id = ${orgId} and p.starts_at >= ${since} group by p.person_id
    ), met as (
      select e.person_a as person_id from encounters e where e.org_id = ${orgId} and e.last_met >= ${since}
      union all
      select e.person_b from encounters e where e.org_id = ${orgId} and e.last_met >= ${since}
    ), partners as (
      select person_id, count(*) as partners from met group by person_id
    )
    select a.sessions::int as sessions, count(*)::int as people, coalesce(sum(pa.partners), 0)::int as partners
    from attended a left join partners pa on pa.person_id = a.person_id
    group by a.sessions order by a.sessions`.execute(tx);
  return rows;
}

export interface DepartmentRow {
  /** '' for people without a department. */
  department: string;
  /** Of them, the people who took part within the window. */
  people: number;
}

const DEPARTMENT = (alias: string) => sql.raw(`coalesce(btrim(${alias}.department), '')`);

export async function departmentsTakingPart(tx: Tx, orgId: string, since: Date): Promise<DepartmentRow[]> {
  const { rows } = await sql<DepartmentRow>`
    select ${DEPARTMENT('pe')} as department, count(distinct pe.id)::int as people
    from encounter_participants p join people pe on pe.org_id = p.org_id and pe.id = p.person_id
    where p.org_id = ${orgId} and p.starts_at >= ${since}
    group by 1 order by 1`.execute(tx);
  return rows;
}

export interface DepartmentPairRow {
  /** The two departments, in order ('' for none; null for the folded ones together, always second). */
  first: string | null;
  second: string | null;
  /** Pairs who met within the window. */
  pairs: number;
  /** The distinct people behind them on the first side, on the second, and altogether. */
  people_first: number;
  people_second: number;
  people: number;
  /** Of the pairs, those from one and the same department, and the distinct people behind those and the rest. */
  within_pairs: number;
  within_people: number;
  across_people: number;
}

/**
 * Pairs who met within the window by the departments of the two (people's current department), the
 * departments in `folded` counted as one. A cell of two folded departments holds pairs of both kinds
 * (within one department and across two), so each kind is counted apart too.
 */
export async function pairsByDepartments(tx: Tx, orgId: string, since: Date, folded: readonly string[]): Promise<DepartmentPairRow[]> {
  const { rows } = await sql<DepartmentPairRow>`
    with met as (
      select e.person_a, e.person_b, ${DEPARTMENT('pa')} as da, ${DEPARTMENT('pb')} as db
      from encounters e
      join people pa on pa.org_id = e.org_id and pa.id = e.person_a
      join people pb on pb.org_id = e.org_id and pb.id = e.person_b
      where e.org_id = ${orgId} and e.last_met >= ${since}
    ), grouped as (
      select person_a, person_b, da = db as same,
        case when da = any(${[...folded]}::text[]) then null else da end as ga,
        case when db = any(${[...folded]}::text[]) then null else db end as gb
      from met
    ), oriented as (
      select same, case when in_order then ga else gb end as first, case when in_order then gb else ga end as second,
        case when in_order then person_a else person_b end as p1, case when in_order then person_b else person_a end as p2
      from (select *, gb is null or (ga is not null and ga <= gb) as in_order from grouped) g
    )
    select first, second, count(*)::int as pairs, count(distinct p1)::int as people_first, count(distinct p2)::int as people_second,
      (select count(distinct x) from unnest(array_agg(p1) || array_agg(p2)) as x)::int as people,
      (count(*) filter (where same))::int as within_pairs,
      (select count(distinct x) from unnest(array_agg(p1) filter (where same) || array_agg(p2) filter (where same)) as x)::int as within_people,
      (select count(distinct x) from unnest(array_agg(p1) filter (where not same) || array_agg(p2) filter (where not same)) as x)::int as across_people
    from oriented group by first, second order by first, second`.execute(tx);
  return rows;
}

export interface PersonalNetworkRow {
  colleagues: number;
  departments: number;
}

/** The person's distinct partners since the instant, and the distinct named departments among them. */
export async function personalNetwork(tx: Tx, orgId: string, personId: string, since: Date): Promise<PersonalNetworkRow> {
  const { rows } = await sql<PersonalNetworkRow>`
    with partners as (
      select e.person_b as id from encounters e where e.org_id = ${orgId} and e.person_a = ${personId} and e.last_met >= ${since}
      union all
      select e.person_a from encounters e where e.org_id = ${orgId} and e.person_b = ${personId} and e.last_met >= ${since}
    )
    select count(*)::int as colleagues, count(distinct nullif(${DEPARTMENT('pe')}, ''))::int as departments
    from partners x join people pe on pe.org_id = ${orgId} and pe.id = x.id`.execute(tx);
  return rows[0]!;
}
