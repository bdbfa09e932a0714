// The wall between organisations, checked over the catalog so a new table cannot be forgotten:
// every table of organisation data has row-level security enabled and forced, with a policy for
// reads and writes; the app role owns nothing and bypasses nothing; without an organisation set,
// it sees nothing at all.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { buildBooking, buildOrganisation, buildPerson, buildRoom, buildSession, authenticateAs } from '../../test/factories.ts';

let t: TestDatabase;
let app: pg.Client;
let orgTables: string[];
const orgs: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase(4);
  for (let i = 0; i < 2; i++) {
    const org = await buildOrganisation(t.db);
    orgs.push(org.id);
    const room = await buildRoom(t.db, { org });
    const session = await buildSession(t.db, { org, room });
    const person = await buildPerson(t.db, { org });
    const booking = await buildBooking(t.db, { session, person });
    await authenticateAs(t.db, person);
    const partner = await buildPerson(t.db, { org });
    await t.pool.query(`insert into encounters (org_id, person_a, person_b, first_met, last_met, times) values ($1, least($2::uuid, $3::uuid), greatest($2::uuid, $3::uuid), now(), now(), 1)`, [org.id, person.id, partner.id]);
    await t.pool.query(`with c as (insert into cohorts (org_id, name, module_id, rounds, time_zone, duration_minutes, format, seed, created_by)
        values ($1, 'Cohort', $2, 1, 'Europe/Berlin', 90, 'virtual', 1, $3) returning id),
      m as (insert into cohort_members (org_id, cohort_id, person_id, position) select $1, c.id, $3, 0 from c),
      r as (insert into cohort_rounds (org_id, cohort_id, round, starts_at) select $1, c.id, 0, now() from c returning cohort_id)
      insert into cohort_groups (org_id, cohort_id, round, group_no, coach_id, online_url) select $1, r.cohort_id, 0, 0, $4, 'https://meet.example.test/c' from r`,
      [org.id, session.module_id, person.id, session.coach_id]);
    await t.pool.query(`insert into session_ratings (org_id, session_id, person_id, rating) values ($1, $2, $3, 4)`, [org.id, session.id, person.id]);
    await t.pool.query(`insert into privacy_notice_details (org_id, controller_name, controller_address, contact_email, authority_name) values ($1, 'Controller', 'Street 1', 'dpo@example.test', 'Authority')`, [org.id]);
    await t.pool.query(`insert into data_exports (org_id, person_id) values ($1, $2)`, [org.id, person.id]);
    await t.pool.query(`insert into rating_links (org_id, booking_id, token_hash, expires_at) values ($1, $2, $3, now())`, [org.id, booking.id, Buffer.from(`${org.id}-rating`)]);
    await t.pool.query(`insert into login_links (org_id, person_id, token_hash, expires_at) values ($1, $2, $3, now())`, [org.id, person.id, Buffer.from(org.id)]);
    await t.pool.query(`insert into idempotency_keys (org_id, person_id, key, request_fingerprint, status_code, response) values ($1, $2, 'k', 'f', 201, '{}')`, [org.id, person.id]);
    await t.pool.query(`insert into erasure_requests (org_id, person_id, expires_at) values ($1, $2, now())`, [org.id, person.id]);
    await t.pool.query(`insert into coach_availability (org_id, person_id, time_zone) values ($1, $2, 'Europe/Berlin')`, [org.id, person.id]);
    await t.pool.query(`insert into waitlist_entries (org_id, session_id, person_id) values ($1, $2, $3)`, [org.id, session.id, partner.id]);
    await t.pool.query(`insert into calendar_connections (org_id, person_id, address_sealed, address_host) values ($1, $2, $3, 'calendar.example.test')`, [org.id, person.id, Buffer.alloc(40, 7)]);
    await t.pool.query(`insert into calendar_busy_intervals (org_id, person_id, starts_at, ends_at) values ($1, $2, now(), now() + interval '1 hour')`, [org.id, person.id]);
    await t.pool.query(`insert into coach_windows (org_id, person_id, weekday, starts_minute, ends_minute) values ($1, $2, 1, 540, 720)`, [org.id, person.id]);
    await t.pool.query(`insert into plan_proposals (org_id, demand, horizon_start, weeks, input, sessions, gaps, achievable_per_week, created_by) values ($1, '{}', now(), 1, '{}', '[]', '[]', '{0}', $2)`, [org.id, person.id]);
    await t.pool.query(`insert into coach_absences (org_id, coach_id, first_day, last_day, starts_at, ends_at) values ($1, $2, '2030-01-01', '2030-01-02', '2030-01-01', '2030-01-03')`, [org.id, person.id]);
    await t.pool.query(`insert into outgoing_messages (org_id, kind, recipient_id) values ($1, 'login_link', $2)`, [org.id, person.id]);
    await t.pool.query(`insert into audit_log (org_id, actor_kind, actor_id, action) values ($1, 'person', $2, 'settings.changed')`, [org.id, person.id]);
    await t.pool.query(`insert into api_tokens (org_id, name, scopes, token_hash, created_by) values ($1, 'sync', '{read}', $2, $3)`, [org.id, Buffer.from(`${org.id}-token`), person.id]);
    await t.pool.query(`insert into sso_settings (org_id, issuer, client_id, client_secret) values ($1, 'https://idp.example.test', 'q', 's')`, [org.id]);
    await t.pool.query(`insert into sso_domain_claims (org_id, domain) values ($1, $2)`, [org.id, `org-${i}.example.test`]);
    await t.pool.query(`insert into sso_attempts (state_hash, org_id, browser_hash, nonce, code_verifier, expires_at) values ($2, $1, $2, 'n', 'v', now())`, [org.id, Buffer.from(`${org.id}-state`)]);
    const { rows: [suggestion] } = await t.pool.query(`insert into suggestions (org_id, session_id, module_id, title) values ($1, $2, $3, 'Fewer meetings') returning id`, [org.id, session.id, session.module_id]);
    await t.pool.query(`insert into suggestion_comments (org_id, suggestion_id, author_id, body) values ($1, $2, $3, 'Asked the plant')`, [org.id, suggestion.id, person.id]);
    await t.pool.query(`insert into suggestion_owners (org_id, person_id, areas) values ($1, $2, '{Production}')`, [org.id, person.id]);
    await t.pool.query(`insert into suggestion_supports (org_id, suggestion_id, person_id) values ($1, $2, $3)`, [org.id, suggestion.id, person.id]);
    await t.pool.query(`with w as (insert into webhook_endpoints (org_id, url, events, secret) values ($1, 'https://hooks.example.test', '{booking.created}', 'whsec_x') returning id),
      e as (insert into webhook_events (org_id, type, payload) values ($1, 'booking.created', '{}') returning id),
      d as (insert into webhook_deliveries (org_id, event_id, endpoint_id) select $1, e.id, w.id from e, w returning id)
      insert into webhook_attempts (org_id, delivery_id, started_at, duration_ms, status_code) select $1, d.id, now(), 3, 200 from d`, [org.id]);
    await t.pool.query(`insert into retention_runs (org_id, ran_at, counts) values ($1, now(), '{"login_links": 1}')`, [org.id]);
  }
  const { rows } = await t.pool.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c join information_schema.tables tb using (table_schema, table_name)
     where c.table_schema = 'public' and c.column_name = 'org_id' and tb.table_type = 'BASE TABLE' order by 1`,
  );
  orgTables = rows.map((r) => r.table_name);
  app = new pg.Client({ connectionString: t.appUrl });
  await app.connect();
});

afterAll(async () => {
  await app?.end();
});

async function countAs(client: pg.Client, table: string, orgId?: string): Promise<number> {
  await client.query('begin');
  try {
    if (orgId) await client.query(`select set_config('app.org_id', $1, true)`, [orgId]);
    return Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
  } finally {
    await client.query('rollback');
  }
}

describe('row-level security over the catalog', () => {
  it('finds the tables of organisation data (and every one holds rows of both organisations)', async () => {
    expect(orgTables).toEqual(expect.arrayContaining(['people', 'modules', 'rooms', 'sessions', 'bookings', 'login_links', 'auth_sessions', 'idempotency_keys']));
    for (const table of orgTables) {
      const { rows } = await t.pool.query(`select count(distinct org_id) as n from ${table}`);
      expect(Number(rows[0].n), table).toBe(2);
    }
  });

  it('has it enabled and forced on every such table, with a policy for the app role covering reads and writes', async () => {
    for (const table of [...orgTables, 'organisations']) {
      const { rows: [rel] } = await t.pool.query(`select relrowsecurity, relforcerowsecurity from pg_class where oid = $1::regclass`, [table]);
      expect(rel, table).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
      const { rows: policies } = await t.pool.query(
        `select cmd, qual, with_check from pg_policies where schemaname = 'public' and tablename = $1 and 'quartet_app' = any(roles)`, [table],
      );
      expect(policies, table).toHaveLength(1);
      expect(policies[0].cmd, table).toBe('ALL');
      expect(policies[0].qual, table).toMatch(/current_org_id\(\)/);
      expect(policies[0].with_check, table).toMatch(/current_org_id\(\)/);
    }
  });

  it('gives the app role no table, no superuser power and no way around the policies', async () => {
    const { rows: [role] } = await t.pool.query(`select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = 'quartet_app'`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const { rows: owned } = await t.pool.query(`select tablename from pg_tables where tableowner = 'quartet_app'`);
    expect(owned).toEqual([]);
    const { rows: [me] } = await app.query('select current_user as name');
    expect(me.name).toBe('quartet_app');
    await expect(app.query('set row_security = off; select count(*) from people')).rejects.toThrow(/row-level security/);
  });

  it('reads every such table as empty when no organisation is set', async () => {
    for (const table of [...orgTables, 'organisations']) expect(await countAs(app, table), table).toBe(0);
  });

  it('reads only the current organisation, and cannot write into another', async () => {
    const [mine, theirs] = orgs as [string, string];
    for (const table of orgTables) {
      const total = Number((await t.pool.query(`select count(*) as n from ${table} where org_id = $1`, [mine])).rows[0].n);
      expect(await countAs(app, table, mine), table).toBe(total);
    }
    expect(await countAs(app, 'organisations', mine)).toBe(1);
    await app.query('begin');
    try {
      await app.query(`select set_config('app.org_id', $1, true)`, [mine]);
      await expect(app.query(`insert into rooms (org_id, name, site, capacity, time_zone) values ($1, 'Sneaky', 'X', 5, 'UTC')`, [theirs]))
        .rejects.toThrow(/row-level security/);
    } finally {
      await app.query('rollback');
    }
    await app.query('begin');
    try {
      await app.query(`select set_config('app.org_id', $1, true)`, [mine]);
      const moved = await app.query(`update people set name = 'Taken over' where org_id = $1`, [theirs]);
      expect(moved.rowCount).toBe(0);
    } finally {
      await app.query('rollback');
    }
  });
});
