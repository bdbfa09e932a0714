// An organisation with years of history for the privacy benchmarks (bench:retention, and erasure's):
// 100,000 people by default, sessions every week for five years with their bookings, attendance,
// ratings, mail records, sign-ins (log-in links and sessions), idempotent answers, webhook events,
// audit entries, single sign-on attempts, people who left, and who met whom — everything a
// retention run or an erasure touches, spread evenly over the years up to `now`.
// Written as the owner with set-based SQL in one transaction. Triggers and foreign-key checks are
// off while it loads (session_replication_role = replica: the data is consistent by construction),
// so the seat counts are set in one statement at the end, and who met whom is aggregated from the
// bookings as the count would.
// runPrivacyBench is the rest both benchmarks share: an embedded Quartet of its own, this
// organisation in it (knobs BENCH_PEOPLE, BENCH_YEARS, BENCH_SESSIONS_PER_WEEK), and the teardown.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, type DbHandle } from '../src/db/pool.ts';
import { loadConfig } from '../src/lib/config.ts';
import { startQuartet, type RunningQuartet } from '../src/server.ts';
import { freePort } from '../test/free-port.ts';

export interface PrivacyOrgOptions {
  people?: number;
  years?: number;
  sessionsPerWeek?: number;
  /** Sign-ins (a log-in link and the session it opened) per person and year. */
  signInsPerYear?: number;
  /** The end of the history. */
  now?: Date;
  slug?: string;
  /** Who met whom, from the bookings (erasure and anonymisation recompute pairs). */
  encounters?: boolean;
  progress?: (line: string) => void;
}

export interface PrivacyOrg {
  orgId: string;
  now: Date;
  /** A person with history in every table (for an erasure benchmark): active, booked every few weeks. */
  samplePersonId: string;
  rows: Record<string, number>;
  seconds: number;
}

const BULK_TABLES = [
  'bookings', 'session_ratings', 'rating_links', 'outgoing_messages', 'idempotency_keys', 'login_links', 'auth_sessions', 'audit_log',
  'webhook_events', 'webhook_deliveries', 'webhook_attempts', 'sso_attempts',
];
const DEPARTMENTS = ['Production', 'Logistics', 'Finance', 'Sales', 'Engineering', 'People & Culture', 'IT', 'Purchasing'];

export async function createPrivacyOrg(pool: pg.Pool, o: PrivacyOrgOptions = {}): Promise<PrivacyOrg> {
  const people = o.people ?? 100_000;
  const years = o.years ?? 5;
  const perWeek = o.sessionsPerWeek ?? 800;
  const signIns = o.signInsPerYear ?? 2;
  const now = o.now ?? new Date();
  const progress = o.progress ?? (() => {});
  const coaches = Math.max(10, Math.round(people / 100));
  const weeks = Math.round(years * 52.18);
  const sessions = weeks * perWeek;
  const spanSeconds = years * 365.25 * 86_400;
  const started = performance.now();
  const client = await pool.connect();
  const step = async (label: string, text: string, values: unknown[]) => {
    const t0 = performance.now();
    const result = await client.query(text, values);
    progress(`  ${label}: ${(result.rowCount ?? 0).toLocaleString('en-US')} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  try {
    await client.query('begin');
    await client.query(`set local session_replication_role = replica`);
    await client.query(`set local maintenance_work_mem = '256MB'`);
    // Indexes not behind a constraint are dropped while loading and built again after: one sort
    // per index instead of millions of insertions into each.
    const { rows: dropped } = await client.query<{ name: string; def: string }>(`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1)
        and not exists (select from pg_constraint c where c.conname = i.indexname)`, [BULK_TABLES]);
    for (const index of dropped) await client.query(`drop index ${index.name}`);
    const { rows: [org] } = await client.query<{ id: string }>(
      `insert into organisations (name, slug) values ('Bench Privacy', $1) returning id`, [o.slug ?? `bench-privacy-${Date.now()}`]);
    const orgId = org!.id;
    await client.query(`select set_config('app.org_id', $1, true)`, [orgId]);
    // Ordinal n: 0 the admin, 1..coaches the coaches, the rest employees; every 50th employee left
    // at some point of the years (deactivated then).
    await step('people', `
      insert into people (org_id, email, name, department, time_zone, roles, active, deactivated_at, created_at, updated_at)
      select $1, 'person' || n || '@bench.test', 'Person ' || n, ($2::text[])[1 + n % 8], 'Europe/Berlin',
             case when n = 0 then array['admin', 'employee'] when n <= $4 then array['coach', 'employee'] else array['employee'] end,
             not (n > $4 and n % 50 = 7),
             case when n > $4 and n % 50 = 7 then $5::timestamptz - ((n * 7919) % ($6::bigint)) * interval '1 second' end,
             $5::timestamptz - $6 * interval '1 second', $5::timestamptz - $6 * interval '1 second'
      from generate_series(0, $3::int - 1) n`, [orgId, DEPARTMENTS, people, coaches, now, Math.round(spanSeconds)]);
    await client.query(`create temporary table bench_people on commit drop as
      select row_number() over (order by id) - 1 as n, id from people where org_id = $1 and active and not ('coach' = any(roles))`, [orgId]);
    await client.query(`create unique index on bench_people (n)`);
    await client.query(`create temporary table bench_coaches on commit drop as
      select row_number() over (order by id) - 1 as n, id from people where org_id = $1 and 'coach' = any(roles)`, [orgId]);
    await client.query(`create unique index on bench_coaches (n)`);
    const { rows: [counts] } = await client.query<{ p: number; c: number }>(`select (select count(*)::int from bench_people) as p, (select count(*)::int from bench_coaches) as c`);
    await step('modules', `insert into modules (org_id, code, title, language) select $1, 'P-' || i, 'Module ' || i, 'en' from generate_series(1, 60) i`, [orgId]);
    await client.query(`create temporary table bench_modules on commit drop as
      select row_number() over (order by code) - 1 as n, id from modules where org_id = $1`, [orgId]);
    // Session i starts span * i / sessions after the first: a coach's next session is `coaches`
    // slots later, days apart, so no coach is ever in two at once.
    await step('sessions', `
      insert into sessions (org_id, module_id, coach_id, starts_at, ends_at, time_zone, format, online_url, language, status, seats_taken,
                            created_by, created_at, encounters_counted_at)
      select $1, m.id, c.id, t.starts_at, t.starts_at + interval '90 minutes', 'Europe/Berlin', 'virtual', 'https://meet.bench.test/' || i, 'en',
             case when t.starts_at + interval '90 minutes' <= $4 then 'completed' else 'scheduled' end, 0, c.id, t.starts_at - interval '14 days',
             case when t.starts_at + interval '90 minutes' <= $4 then t.starts_at + interval '90 minutes' end
      from generate_series(0, $2::int - 1) i
      cross join lateral (select $4::timestamptz - $3 * interval '1 second' + (i::float8 * $3 / $2) * interval '1 second' as starts_at) t
      join bench_coaches c on c.n = i % $5
      join bench_modules m on m.n = i % 60`,
    [orgId, sessions, Math.round(spanSeconds), now, counts!.c]);
    await client.query(`create temporary table bench_sessions on commit drop as
      select row_number() over (order by starts_at) - 1 as n, id, starts_at, ends_at from sessions where org_id = $1`, [orgId]);
    // Four seats a session: each round through everyone, the group is four people a stride apart,
    // the stride changing from round to round (so groups mix as they do in life); one seat in ten
    // was given up, one in twenty a no-show, the rest attended (or active while yet to happen).
    await step('bookings', `
      insert into bookings (org_id, session_id, person_id, status, created_at, cancelled_at, cancelled_by, cancel_reason, attendance_marked_at)
      select $1, s.id, p.id,
             case when (s.n * 4 + k) % 10 = 3 then 'cancelled' when s.ends_at > $3 then 'active' when (s.n * 4 + k) % 20 = 5 then 'no_show' else 'attended' end,
             s.starts_at - interval '7 days',
             case when (s.n * 4 + k) % 10 = 3 then s.starts_at - interval '2 days' end,
             case when (s.n * 4 + k) % 10 = 3 then p.id end,
             case when (s.n * 4 + k) % 10 = 3 then 'employee' end,
             case when (s.n * 4 + k) % 10 <> 3 and s.ends_at <= $3 then s.ends_at end
      from bench_sessions s cross join generate_series(0, 3) k
      join bench_people p on p.n = ((s.n * 4) % $2 + k * (1 + ((s.n * 4) / $2) % 97)) % $2`, [orgId, counts!.p, now]);
    await client.query(`update sessions s set seats_taken = b.n from (
      select session_id, count(*)::int as n from bookings where org_id = $1 and status <> 'cancelled' group by session_id) b
      where s.org_id = $1 and s.id = b.session_id`, [orgId]);
    // A third of those who attended rated the session (half with a comment); the mail asking them
    // carried a link that worked for 14 days.
    await step('ratings', `
      insert into session_ratings (org_id, session_id, person_id, rating, comment, created_at, updated_at)
      select b.org_id, b.session_id, b.person_id, 1 + abs(hashtext(b.id::text)) % 5,
             case when abs(hashtext(b.id::text)) % 2 = 0 then 'It helped: we tried the checklist together.' else '' end,
             s.ends_at + interval '1 day', s.ends_at + interval '1 day'
      from bookings b join sessions s on s.id = b.session_id
      where b.org_id = $1 and b.status = 'attended' and abs(hashtext(b.id::text || 'r')) % 3 = 0`, [orgId]);
    await step('rating links', `
      insert into rating_links (org_id, booking_id, token_hash, expires_at, created_at)
      select b.org_id, b.id, sha256(b.id::text::bytea), s.ends_at + interval '15 days', s.ends_at + interval '1 day'
      from bookings b join sessions s on s.id = b.session_id where b.org_id = $1 and b.status = 'attended'`, [orgId]);
    // Each seat's confirmation and reminder, sent; mail still to come waits pending.
    await step('mail records', `
      insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, status, send_after, sent_at, created_at, updated_at, detail)
      select b.org_id, k.kind, b.person_id, b.id, b.session_id,
             case when k.at <= $2 then 'sent' else 'pending' end, k.at, case when k.at <= $2 then k.at end, b.created_at, least(k.at, $2), '{}'::jsonb
      from bookings b join sessions s on s.id = b.session_id
      cross join lateral (values ('booking_confirmed', b.created_at), ('reminder', s.starts_at - interval '1 day')) k(kind, at)
      where b.org_id = $1`, [orgId, now]);
    await step('idempotency keys', `
      insert into idempotency_keys (org_id, person_id, key, request_fingerprint, status_code, response, created_at)
      select org_id, person_id, id::text, 'bench', 201, '{}'::jsonb, created_at from bookings
      where org_id = $1 and abs(hashtext(id::text || 'i')) % 2 = 0`, [orgId]);
    // Sign-ins spread over the years: the link used within minutes, the session idle after a week
    // and over after 30 days; one in five signed out (revoked) after an hour.
    const perPerson = Math.max(1, Math.round(signIns * years));
    await client.query(`create temporary table bench_sign_ins on commit drop as
      select p.id as person_id, $2::timestamptz - ((hashtext(p.id::text || j)::bigint & 2147483647) % $3::bigint) * interval '1 second' as at, j
      from people p cross join generate_series(1, $4::int) j where p.org_id = $1 and p.active`, [orgId, now, Math.round(spanSeconds), perPerson]);
    await step('log-in links', `
      insert into login_links (org_id, person_id, token_hash, expires_at, used_at, created_at)
      select $1, person_id, sha256((person_id::text || j)::bytea), at + interval '15 minutes', at + interval '2 minutes', at from bench_sign_ins`, [orgId]);
    await step('sign-in sessions', `
      insert into auth_sessions (org_id, person_id, token_hash, created_at, last_seen_at, idle_expires_at, absolute_expires_at, revoked_at)
      select $1, person_id, sha256((person_id::text || j || 's')::bytea), at, at, at + interval '7 days', at + interval '30 days',
             case when j % 5 = 0 then at + interval '1 hour' end from bench_sign_ins`, [orgId]);
    await step('audit entries', `
      insert into audit_log (org_id, at, actor_kind, actor_id, action, subject_kind, subject_id, detail)
      select $1, at, 'person', person_id, 'auth.signed_in', 'person', person_id, '{"via": "login_link"}'::jsonb from bench_sign_ins where j % 2 = 0`, [orgId]);
    // One webhook endpoint, told of one booking in ten: the event, its delivery and the attempt.
    await client.query(`insert into webhook_endpoints (org_id, url, events, secret) values ($1, 'https://hooks.bench.test/q', '{booking.created}', 'whsec_bench')`, [orgId]);
    await step('webhook events', `
      insert into webhook_events (org_id, id, type, payload, created_at)
      select b.org_id, b.id, 'booking.created', jsonb_build_object('booking', jsonb_build_object('id', b.id, 'personId', b.person_id)), b.created_at
      from bookings b where b.org_id = $1 and abs(hashtext(b.id::text || 'w')) % 10 = 0`, [orgId]);
    await step('webhook deliveries', `
      insert into webhook_deliveries (org_id, id, event_id, endpoint_id, status, attempts, round_attempts, next_attempt_at, last_status_code, created_at, updated_at)
      select e.org_id, e.id, e.id, w.id, 'succeeded', 1, 1, e.created_at, 200, e.created_at, e.created_at
      from webhook_events e join webhook_endpoints w on w.org_id = e.org_id where e.org_id = $1`, [orgId]);
    await step('webhook attempts', `
      insert into webhook_attempts (org_id, delivery_id, started_at, duration_ms, status_code, response)
      select org_id, id, created_at, 40, 200, '{"ok":true}' from webhook_deliveries where org_id = $1`, [orgId]);
    await step('single sign-on attempts', `
      insert into sso_attempts (state_hash, org_id, browser_hash, nonce, code_verifier, expires_at, created_at)
      select sha256(($1::text || i)::bytea), $1::uuid, sha256(($1::text || i || 'b')::bytea), 'n', 'v', at + interval '10 minutes', at
      from (select i, $2::timestamptz - (i * 7919 % $3::bigint) * interval '1 second' as at from generate_series(1, $4::int) i) x`,
    [orgId, now, Math.round(spanSeconds), Math.round(people / 5)]);
    const indexed = performance.now();
    for (const index of dropped) await client.query(index.def);
    progress(`  ${dropped.length} indexes built again: ${((performance.now() - indexed) / 1000).toFixed(1)} s`);
    await client.query('commit');
    // Statistics before who met whom: without them the pairs' self-join over the bookings just
    // loaded is planned blind and runs for minutes.
    await client.query('analyze');
    if (o.encounters ?? true) {
      const t0 = performance.now();
      // The pairs as the count computes them (migration 024: every pair of participants of a counted
      // session), in one aggregate: rebuild_encounters goes person by person, minutes at this size.
      const e = await client.query(`
        insert into encounters (org_id, person_a, person_b, first_met, last_met, times)
        select $1, a.person_id, b.person_id, min(a.starts_at), max(a.starts_at), count(*)::int
        from encounter_participants a join encounter_participants b on b.org_id = a.org_id and b.session_id = a.session_id and b.person_id > a.person_id
        where a.org_id = $1 group by a.person_id, b.person_id`, [orgId]);
      progress(`  encounters: ${(e.rowCount ?? 0).toLocaleString('en-US')} pairs, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await client.query('analyze encounters');
    }
    const { rows: [sample] } = await client.query<{ id: string }>(
      `select person_id as id from bookings where org_id = $1 and status = 'attended' group by person_id order by count(*) desc, person_id limit 1`, [orgId]);
    const rows = await countRows(client, orgId);
    return { orgId, now, samplePersonId: sample!.id, rows, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const TABLES = [
  'people', 'sessions', 'bookings', 'session_ratings', 'rating_links', 'outgoing_messages', 'idempotency_keys', 'login_links', 'auth_sessions',
  'audit_log', 'webhook_events', 'webhook_deliveries', 'webhook_attempts', 'sso_attempts', 'encounters',
];

export async function countRows(client: pg.PoolClient | pg.Pool, orgId: string): Promise<Record<string, number>> {
  const { rows: [row] } = await client.query<Record<string, number>>(
    `select ${TABLES.map((t) => `(select count(*)::int from ${t} where org_id = $1) as ${t}`).join(', ')}`, [orgId]);
  return row!;
}

export interface PrivacyBench {
  /** The owner's connections, for plain SQL. */
  pool: pg.Pool;
  /** The owner's, as the app's services take it (they run in inOrg as the owner here). */
  owner: DbHandle;
  org: PrivacyOrg;
  /** The years of history built (BENCH_YEARS). */
  years: number;
  log: (line?: string) => void;
}

const log = (line = '') => console.log(line);
const n = (x: number) => x.toLocaleString('en-US');

/**
 * Runs a privacy benchmark: starts an embedded Quartet in a fresh data directory, builds the
 * organisation, hands both to `work`, and exits with 0 when `work` says its goal was met, 1
 * otherwise (or on an error); everything is stopped and removed either way.
 */
export function runPrivacyBench(name: string, work: (bench: PrivacyBench) => Promise<boolean>): void {
  const people = Number(process.env.BENCH_PEOPLE ?? 100_000);
  const years = Number(process.env.BENCH_YEARS ?? 5);
  const perWeek = Number(process.env.BENCH_SESSIONS_PER_WEEK ?? 800);
  const main = async (): Promise<number> => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `quartet-bench-${name}-`));
    const port = await freePort();
    const config = loadConfig({
      DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}`,
      EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'never', LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '0',
    });
    let quartet: RunningQuartet | undefined;
    try {
      quartet = await startQuartet(config, pino({ level: 'silent' }));
      const pool = new pg.Pool({ connectionString: quartet.ownerUrl, max: 3 });
      pool.on('error', () => {});
      const owner = openDatabase(quartet.ownerUrl, 4);
      try {
        const pgVersion = (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
        log(`Quartet ${name} benchmark — ${os.availableParallelism()} cores, Node ${process.version}, PostgreSQL ${pgVersion} (embedded, default settings)`);
        // The history ends now, as a night's run or an erasure would read the clock.
        log(`building an organisation of ${n(people)} people, ${years} years, ${n(perWeek)} sessions a week …`);
        const org = await createPrivacyOrg(pool, { people, years, sessionsPerWeek: perWeek, now: new Date(), progress: log });
        log(`built in ${org.seconds.toFixed(1)} s: ${Object.entries(org.rows).map(([t, c]) => `${t} ${n(c)}`).join(', ')}`);
        return (await work({ pool, owner, org, years, log })) ? 0 : 1;
      } finally {
        await owner.close();
        await pool.end();
      }
    } finally {
      await quartet?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  main().then((code) => process.exit(code), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
