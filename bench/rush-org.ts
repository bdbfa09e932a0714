// The rush benchmark's organisation: employees in departments and sites, coaches, a module
// library, rooms, and a month of sessions (workdays of the next four weeks) with as many seats as
// there are employees, so that demand meets supply and the popular sessions fill. Bulk data goes in
// with plain SQL, as bench/fixtures.ts does; nobody holds a cookie: the rush signs everyone in.
import type pg from 'pg';
import { createOrganisation, inOrgTx } from './fixtures.ts';

const DEPARTMENTS = ['Finance', 'Sales', 'Marketing', 'Engineering', 'Operations', 'Legal', 'People', 'Support', 'Logistics', 'Purchasing', 'Research', 'Facilities'];
const SITES = ['Hamburg', 'Berlin', 'Munich', 'Vienna'];
const MODULES = 12; // every third in German
const ZONE = 'Europe/Berlin';

export interface RushOrgSize {
  /** Employees who take part in the rush. */
  people: number;
  coaches: number;
  sessions: number;
  /** Coaches 0..inPersonCoaches-1 teach in a room of their own; the rest meet online. */
  inPersonCoaches: number;
}

/** 3,000 people → 40 coaches, 750 sessions × 4 seats; smaller runs keep the proportions. */
export function rushOrgSize(people: number): RushOrgSize {
  const coaches = Math.max(8, Math.round(people / 75));
  return { people, coaches, sessions: Math.max(1, Math.round(people / 4)), inPersonCoaches: Math.round(coaches * 0.3) };
}

export interface RushOrg {
  orgId: string;
  people: Array<{ id: string; email: string }>;
  moduleIds: string[];
  counts: { people: number; coaches: number; sessions: number; seats: number; rooms: number; departments: number; inPerson: number; firstDay: string; lastDay: string };
}

export async function createRushOrg(pool: pg.Pool, size: RushOrgSize): Promise<RushOrg> {
  const orgId = await createOrganisation(pool, 'Rush benchmark');
  const org = await inOrgTx(pool, orgId, async (c) => {
    await c.query(
      `insert into modules (org_id, code, title, summary, language)
       select $1, 'RUSH-' || g, 'Module ' || g, 'Practise it together, then again.', case when g % 3 = 2 then 'de' else 'en' end
       from generate_series(0, $2::int - 1) g`, [orgId, MODULES],
    );
    await c.query(
      `insert into rooms (org_id, name, site, capacity, time_zone)
       select $1, 'Room ' || g, ($2::text[])[1 + g % 4], 6, $4 from generate_series(0, $3::int - 1) g`,
      [orgId, SITES, size.inPersonCoaches, ZONE],
    );
    await c.query(
      `insert into people (org_id, email, name, department, site, time_zone, roles)
       select $1, 'coach-' || g || '@rush.test', 'Coach ' || g, 'People', ($2::text[])[1 + g % 4], $4, '{coach,employee}'
       from generate_series(0, $3::int - 1) g`,
      [orgId, SITES, size.coaches, ZONE],
    );
    const people = await c.query<{ id: string; email: string }>(
      `insert into people (org_id, email, name, department, site, time_zone, locale, roles)
       select $1, 'person-' || g || '@rush.test', 'Person ' || g, ($2::text[])[1 + g % cardinality($2::text[])],
         ($3::text[])[1 + g % 4], $5, case when g % 5 = 0 then 'de' else 'en' end, '{employee}'
       from generate_series(0, $4::int - 1) g order by g returning id, email`,
      [orgId, DEPARTMENTS, SITES, size.people, ZONE],
    );
    // Session g: coach g % coaches on workday g / coaches, at a time of day fixed per coach, so no
    // coach (and no room: each in-person coach has their own) is in two sessions at once.
    await c.query(
      `with days as (
         select d::date as day, (row_number() over (order by d) - 1)::int as n
         from generate_series((now() at time zone $3)::date + 1, (now() at time zone $3)::date + 60, interval '1 day') d
         where extract(isodow from d) < 6),
       coach as (select id, (substring(email from 7 for position('@' in email) - 7))::int as n from people where org_id = $1 and 'coach' = any(roles)),
       module as (select id, language, (substring(code from 6))::int as n from modules where org_id = $1),
       room as (select id, (substring(name from 6))::int as n from rooms where org_id = $1)
       insert into sessions (org_id, module_id, coach_id, starts_at, ends_at, time_zone, format, room_id, online_url, language, capacity, created_by)
       select $1, m.id, c.id, t.starts_at, t.starts_at + interval '90 minutes', $3,
         case when r.id is null then 'virtual' else 'in_person' end, r.id,
         case when r.id is null then 'https://meet.example.test/rush-' || g end, m.language, 4, c.id
       from generate_series(0, $2::int - 1) g
       join days d on d.n = g / $4::int
       join coach c on c.n = g % $4::int
       join module m on m.n = (g * 5) % ${MODULES}
       left join room r on r.n = c.n
       cross join lateral (select (d.day + make_time(8 + (c.n % 5) * 2, 0, 0)) at time zone $3 as starts_at) t`,
      [orgId, size.sessions, ZONE, size.coaches],
    );
    const modules = await c.query<{ id: string }>('select id from modules where org_id = $1 order by code', [orgId]);
    const counts = await c.query<RushOrg['counts']>(
      `select (select count(*)::int from people where org_id = $1 and not ('coach' = any(roles))) as people,
              (select count(*)::int from people where org_id = $1 and 'coach' = any(roles)) as coaches,
              (select count(*)::int from rooms where org_id = $1) as rooms,
              (select count(distinct department)::int from people where org_id = $1) as departments,
              count(*)::int as sessions, coalesce(sum(capacity), 0)::int as seats,
              count(*) filter (where format = 'in_person')::int as "inPerson",
              to_char(min(starts_at at time zone $2), 'YYYY-MM-DD') as "firstDay", to_char(max(starts_at at time zone $2), 'YYYY-MM-DD') as "lastDay"
       from sessions where org_id = $1`,
      [orgId, ZONE],
    );
    return { orgId, people: people.rows, moduleIds: modules.rows.map((m) => m.id), counts: counts.rows[0]! };
  });
  if (org.counts.sessions !== size.sessions) throw new Error(`made ${org.counts.sessions} sessions instead of ${size.sessions} (too few workdays for the coaches?)`);
  await pool.query('analyze people, modules, rooms, sessions').catch(() => {}); // needs ownership; a nicety
  return org;
}
