// A large organisation for the listing figure: 100,000 people, 20,000 upcoming sessions over
// eight weeks, a third of their seats taken. Inserted with generate_series; every coach has a
// room of their own (or none), so the coach and room exclusion constraints hold by construction.
import type pg from 'pg';
import { inOrg } from '../src/db/transaction.ts';
import { listOpenSessions, type OpenSessionFilters } from '../src/features/sessions/queries.ts';
import { createCookies, createOrganisation, inOrgTx } from './fixtures.ts';
import { compileQueries } from './sql-capture.ts';

export const SITES = ['Hamburg', 'Berlin', 'Munich', 'Vienna'];
const COACHES = 500;
const IN_PERSON_COACHES = 150; // 30% of the sessions, in 150 rooms over 4 sites

export interface ListingOrg {
  orgId: string;
  /** The people the cookies sign in, in the same order. */
  viewerIds: string[];
  cookies: string[];
  moduleIds: string[];
  counts: { people: number; sessions: number; bookings: number };
}

export async function createListingOrg(pool: pg.Pool, o: { people: number; sessions: number; viewers: number }): Promise<ListingOrg> {
  const orgId = await createOrganisation(pool, 'Listing benchmark');
  const org = await inOrgTx(pool, orgId, async (c) => {
    // The joins below are on computed numbers the planner cannot estimate; a nested loop over
    // 80,000 × 100,000 rows would take minutes, a hash join takes a second.
    await c.query('set local enable_nestloop = off');
    await c.query(
      `insert into modules (org_id, code, title, summary, language)
       select $1, 'LM-' || g, 'Module ' || g, 'Practise it together, then again.', case when g % 3 = 0 then 'de' else 'en' end
       from generate_series(0, 79) g`, [orgId],
    );
    await c.query(
      `insert into rooms (org_id, name, site, capacity, time_zone)
       select $1, 'Room ' || g, ($2::text[])[1 + g % 4], 8, 'Europe/Berlin' from generate_series(0, $3::int - 1) g`,
      [orgId, SITES, IN_PERSON_COACHES],
    );
    // Person n is a coach for n < COACHES; coach n teaches in room n while n < IN_PERSON_COACHES.
    await c.query(
      `insert into people (org_id, email, name, department, site, time_zone, roles)
       select $1, 'p' || g || '@listing.test', 'Person ' || g, 'Department ' || (g % 8), ($2::text[])[1 + g % 4], 'Europe/Berlin',
         case when g < $3 then '{coach,employee}' else '{employee}' end::text[]
       from generate_series(0, $4::int - 1) g`,
      [orgId, SITES, COACHES, o.people],
    );
    // Session g: coach g % 500, the coach's k-th session (k = g / 500) 33 hours after the last.
    const first = new Date(Math.ceil((Date.now() + 3 * 3_600_000) / 3_600_000) * 3_600_000);
    await c.query(
      `with coach as (select id, (substring(email from 2 for position('@' in email) - 2))::int as n
                      from people where org_id = $1 and 'coach' = any(roles)),
            module as (select id, language, (substring(code from 4))::int as n from modules where org_id = $1),
            room as (select id, (substring(name from 6))::int as n from rooms where org_id = $1)
       insert into sessions (org_id, module_id, coach_id, starts_at, ends_at, time_zone, format, room_id, online_url, language, capacity, created_by)
       select $1, m.id, c.id, t.starts_at, t.starts_at + interval '90 minutes', 'Europe/Berlin',
         case when r.id is null then 'virtual' else 'in_person' end, r.id,
         case when r.id is null then 'https://meet.example.test/l-' || g end, m.language, 4, c.id
       from generate_series(0, $3::int - 1) g
       cross join lateral (select $2::timestamptz + (g / ${COACHES}) * interval '33 hours' + (g % 48) * interval '10 minutes' as starts_at) t
       join coach c on c.n = g % ${COACHES}
       join module m on m.n = (g * 7) % 80
       left join room r on r.n = c.n`,
      [orgId, first, o.sessions],
    );
    // Session number n holds n % 5 seats (0..4, so a fifth are full), by people who coach nothing.
    await c.query(
      `with s as (select id, row_number() over (order by starts_at, id) - 1 as n from sessions where org_id = $1),
            p as (select id, row_number() over (order by id) - 1 as n from people where org_id = $1 and not ('coach' = any(roles)))
       insert into bookings (org_id, session_id, person_id)
       select $1, s.id, p.id from s cross join generate_series(0, 3) seat
       join p on p.n = (s.n * 4 + seat) % ($2::int - ${COACHES})
       where seat < s.n % 5`,
      [orgId, o.people],
    );
    const viewers = await c.query<{ id: string }>(
      `select id from people where org_id = $1 and not ('coach' = any(roles)) order by email limit $2`, [orgId, o.viewers],
    );
    const cookies = await createCookies(c, orgId, viewers.rows.map((v) => v.id));
    const modules = await c.query<{ id: string }>('select id from modules where org_id = $1 order by code', [orgId]);
    const counts = await c.query<ListingOrg['counts']>(
      `select (select count(*)::int from people where org_id = $1) as people,
              (select count(*)::int from sessions where org_id = $1) as sessions,
              (select count(*)::int from bookings where org_id = $1) as bookings`, [orgId],
    );
    return { orgId, viewerIds: viewers.rows.map((v) => v.id), cookies, moduleIds: modules.rows.map((m) => m.id), counts: counts.rows[0]! };
  });
  await pool.query('analyze people, modules, rooms, sessions, bookings, auth_sessions').catch(() => {});
  return org;
}

/** EXPLAIN ANALYZE of the list query exactly as the app compiles it for these filters. */
export async function explainListing(pool: pg.Pool, orgId: string, filters: Omit<OpenSessionFilters, 'from' | 'limit'>): Promise<string> {
  const [query] = (await compileQueries((db) =>
    inOrg(db, orgId, (tx) => listOpenSessions(tx, orgId, { ...filters, from: new Date(), limit: 51 })),
  )).slice(1); // after set_config
  if (!query) throw new Error('the list query was not captured');
  return inOrgTx(pool, orgId, async (c) => {
    const { rows } = await c.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
