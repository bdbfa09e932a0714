// The retention run on a fixed clock: every rule at its boundary (a second inside is kept, a second
// past is removed or anonymised), the report it writes, the preview equal to what the run then
// does, two runs at once in two pools (as two app processes), and a second run that finds nothing.
import { mkdtempSync, rmSync, utimesSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCrontab, type Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession, type OrgRow } from '../../../test/factories.ts';
import { openDatabase, type Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { RETENTION_CRONTAB, retentionTask } from './jobs.ts';
import { cutoffsAt, DEFAULT_SETTINGS, nextRunAfter, type RuleCounts } from './rules.ts';
import { countDue, runRetention, wiredRules } from './service.ts';
import { retentionOverview } from './views.ts';

let t: TestDatabase;
let app: Db;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-retention-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  t = await createTestDatabase();
  const handle = openDatabase(t.appUrl, 4);
  app = handle.db;
  return () => handle.close();
});

const NOW = REFERENCE_MONDAY;
const SECOND = 1_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const yearsAgo = (n: number, plusMs = 0) => new Date(Date.UTC(NOW.getUTCFullYear() - n, NOW.getUTCMonth(), NOW.getUTCDate(), NOW.getUTCHours()) + plusMs);
const monthsAgo = (n: number, plusMs = 0) => {
  const d = new Date(NOW);
  d.setUTCMonth(d.getUTCMonth() - n);
  return new Date(d.getTime() + plusMs);
};

/** One row a second inside and one a second past every rule's boundary (two or three kinds of
 * "past" where a rule has several ways to end); returns what the run must touch. */
async function seedBoundaries(org: OrgRow): Promise<RuleCounts> {
  const db = t.db;
  const person = await buildPerson(db, { org });
  const session = await buildSession(db, { org, startsAt: at(-30 * DAY) });
  const booking = await buildBooking(db, { session, person });
  const o = org.id;
  const p = person.id;
  await sql`insert into login_links (org_id, person_id, token_hash, expires_at, used_at) values
    (${o}, ${p}, sha256(gen_random_uuid()::text::bytea), ${at(SECOND)}, null),
    (${o}, ${p}, sha256(gen_random_uuid()::text::bytea), ${at(-SECOND)}, null),
    (${o}, ${p}, sha256(gen_random_uuid()::text::bytea), ${at(10 * 60 * SECOND)}, ${at(-SECOND)})`.execute(db);
  await sql`insert into auth_sessions (org_id, person_id, token_hash, idle_expires_at, absolute_expires_at, revoked_at, created_at, last_seen_at) values
    (${o}, ${p}, sha256(gen_random_uuid()::text::bytea), ${at(SECOND)}, ${at(DAY)}, null, ${NOW}, ${NOW}),
    (${o}, ${p}, sha256(gen_random_uuid()::text::bytea), ${at(-SECOND)}, ${at(DAY)}, null, ${NOW}, ${NOW}),
    (${o}, ${p}, sha256(gen_random_uuid()::text::bytea), ${at(DAY)}, ${at(-SECOND)}, null, ${NOW}, ${NOW}),
    (${o}, ${p}, sha256(gen_random_uuid()::text::bytea), ${at(DAY)}, ${at(DAY)}, ${at(-SECOND)}, ${NOW}, ${NOW}),
    (${o}, ${p}, sha256(gen_random_uuid()::text::bytea), ${at(DAY)}, ${at(DAY)}, ${at(SECOND)}, ${NOW}, ${NOW}),
    -- Stored to last a day more, but idle longer than the organisation's idle time (3 days) now allows.
    (${o}, ${p}, sha256(gen_random_uuid()::text::bytea), ${at(DAY)}, ${at(DAY)}, null, ${at(-3 * DAY - SECOND)}, ${at(-3 * DAY - SECOND)})`.execute(db);
  await sql`insert into idempotency_keys (org_id, person_id, key, request_fingerprint, status_code, response, created_at) values
    (${o}, ${p}, 'inside', 'f', 201, '{}', ${at(-DAY + SECOND)}),
    (${o}, ${p}, 'past', 'f', 201, '{}', ${at(-DAY - SECOND)})`.execute(db);
  await sql`insert into rating_links (org_id, booking_id, token_hash, expires_at) values
    (${o}, ${booking.id}, sha256(gen_random_uuid()::text::bytea), ${at(SECOND)}),
    (${o}, ${booking.id}, sha256(gen_random_uuid()::text::bytea), ${at(-SECOND)})`.execute(db);
  await sql`insert into sso_attempts (org_id, state_hash, browser_hash, nonce, code_verifier, expires_at) values
    (${o}, sha256(gen_random_uuid()::text::bytea), sha256(gen_random_uuid()::text::bytea), 'n', 'v', ${at(SECOND)}),
    (${o}, sha256(gen_random_uuid()::text::bytea), sha256(gen_random_uuid()::text::bytea), 'n', 'v', ${at(-SECOND)})`.execute(db);
  const mail = (status: string, updatedAt: Date) => sql`(${o}, 'login_link', ${p}, ${status}, ${status === 'sent' ? updatedAt : null}, ${updatedAt}, ${'{"to":"' + person.email + '"}'}::jsonb, ${status === 'failed' ? 'SMTP 550 for ' + person.email : null})`;
  await sql`insert into outgoing_messages (org_id, kind, recipient_id, status, sent_at, updated_at, detail, last_error) values
    ${mail('sent', at(-90 * DAY + SECOND))}, ${mail('sent', at(-90 * DAY - SECOND))}, ${mail('failed', at(-90 * DAY - SECOND))},
    ${mail('moot', at(-90 * DAY - SECOND))}`.execute(db);
  // A reminder still to be sent is never aged out, however old its row.
  await sql`insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, status, send_after, updated_at, created_at)
    values (${o}, 'reminder', ${p}, ${booking.id}, ${session.id}, 'pending', ${at(DAY)}, ${yearsAgo(1)}, ${yearsAgo(1)})`.execute(db);
  await sql`
    with w as (insert into webhook_endpoints (org_id, url, events, secret) values (${o}, 'https://hooks.example.test/x', '{booking.created}', 'whsec_t') returning id),
    e as (insert into webhook_events (org_id, type, payload, created_at) values
      (${o}, 'booking.created', ${JSON.stringify({ tag: 'inside', email: person.email })}, ${at(-30 * DAY + SECOND)}),
      (${o}, 'booking.created', ${JSON.stringify({ tag: 'past', email: person.email })}, ${at(-30 * DAY - SECOND)}),
      (${o}, 'booking.created', ${JSON.stringify({ tag: 'pending', email: person.email })}, ${at(-300 * DAY)}) returning id, payload),
    d as (insert into webhook_deliveries (org_id, event_id, endpoint_id, status)
      select ${o}, e.id, w.id, case when e.payload ->> 'tag' = 'pending' then 'pending' else 'succeeded' end from e, w returning id)
    insert into webhook_attempts (org_id, delivery_id, started_at, duration_ms, status_code, response)
      select ${o}, d.id, ${at(-300 * DAY)}, 12, 200, 'ok' from d`.execute(db);
  const ratedSession = await buildSession(db, { org, startsAt: yearsAgo(3) });
  const rater = await buildPerson(db, { org });
  await sql`insert into session_ratings (org_id, session_id, person_id, rating, comment, created_at) values
    (${o}, ${session.id}, ${p}, 4, 'Inside the boundary', ${monthsAgo(24, SECOND)}),
    (${o}, ${ratedSession.id}, ${p}, 5, 'Past the boundary', ${monthsAgo(24, -SECOND)}),
    (${o}, ${ratedSession.id}, ${rater.id}, 3, '', ${monthsAgo(30)})`.execute(db);
  await sql`insert into audit_log (org_id, at, actor_kind, action, detail) values
    (${o}, ${yearsAgo(3, SECOND)}, 'system', 'retention.test', '{"tag":"inside"}'),
    (${o}, ${yearsAgo(3, -SECOND)}, 'system', 'retention.test', '{"tag":"past"}')`.execute(db);
  // Bookings of sessions that began 24 months ago, a second either side.
  for (const [tag, startsAt] of [['inside', monthsAgo(24, SECOND)], ['past', monthsAgo(24, -SECOND)]] as const) {
    const held = await buildSession(db, { org, startsAt });
    await buildBooking(db, { session: held, person: await buildPerson(db, { org, name: `Booked ${tag}` }) });
  }
  // People who left 12 months ago, a second either side; and one who left long ago but still
  // coaches a session to come (erasure refuses them until it is reassigned).
  for (const [tag, since] of [['inside', monthsAgo(12, SECOND)], ['past', monthsAgo(12, -SECOND)], ['coach', yearsAgo(2)]] as const) {
    const gone = await buildPerson(db, { org, name: `Departed ${tag}`, active: false, roles: tag === 'coach' ? ['coach', 'employee'] : ['employee'] });
    await sql`update people set deactivated_at = ${since} where id = ${gone.id}`.execute(db);
    if (tag === 'coach') await buildSession(db, { org, coach: gone, startsAt: at(7 * DAY) });
  }
  return {
    login_links: 2, sign_in_sessions: 4, idempotency_keys: 1, rating_links: 1, sso_attempts: 1, mail_records: 3,
    webhook_events: 1, rating_comments: 1, ended_cohorts: 0, bookings_anonymised: 1, departed_people: 1, audit_entries: 1,
  };
}

const admin = (org: OrgRow, personId: string): Actor => ({ orgId: org.id, personId, roles: ['admin', 'employee'], timeZone: 'Europe/Berlin', locale: 'en' });

async function remaining(orgId: string) {
  const { rows } = await sql<Record<string, number | string[]>>`select
    (select count(*)::int from login_links where org_id = ${orgId}) as login_links,
    (select count(*)::int from auth_sessions where org_id = ${orgId}) as sign_in_sessions,
    (select array_agg(key) from idempotency_keys where org_id = ${orgId}) as idempotency_keys,
    (select count(*)::int from rating_links where org_id = ${orgId}) as rating_links,
    (select count(*)::int from sso_attempts where org_id = ${orgId}) as sso_attempts,
    (select array_agg(status order by status) from outgoing_messages where org_id = ${orgId}) as mail_records,
    (select array_agg(payload ->> 'tag' order by payload ->> 'tag') from webhook_events where org_id = ${orgId}) as webhook_events,
    (select count(*)::int from webhook_deliveries where org_id = ${orgId}) as webhook_deliveries,
    (select count(*)::int from webhook_attempts where org_id = ${orgId}) as webhook_attempts,
    (select array_agg(comment order by comment) from session_ratings where org_id = ${orgId}) as rating_comments,
    (select array_agg(detail ->> 'tag') from audit_log where org_id = ${orgId} and action = 'retention.test') as audit_entries,
    (select array_agg(p.name order by p.name) from bookings b join people p on p.id = b.person_id
      where b.org_id = ${orgId} and (p.name like 'Booked %' or p.anonymised_at is not null)) as bookings_anonymised,
    (select array_agg(name order by name) from people where org_id = ${orgId} and name like 'Departed %') as departed_people`.execute(t.db);
  return rows[0]!;
}

describe('the retention run', () => {
  it('applies each rule exactly at its boundary and reports what it touched', async () => {
    const org = await buildOrganisation(t.db);
    const expected = await seedBoundaries(org);
    const run = await runRetention(t.db, { now: NOW, orgIds: [org.id] });
    expect(run.organisations).toMatchObject([{ orgId: org.id, skipped: false, counts: expected }]);
    expect(run.organisations[0]!.failed).toBeUndefined();
    expect(await remaining(org.id)).toEqual({
      login_links: 1, sign_in_sessions: 2, idempotency_keys: ['inside'], rating_links: 1, sso_attempts: 1,
      mail_records: ['pending', 'sent'], webhook_events: ['inside', 'pending'], webhook_deliveries: 2, webhook_attempts: 2,
      rating_comments: ['', '', 'Inside the boundary'], audit_entries: ['inside'],
      bookings_anonymised: ['(erased)', 'Booked inside'], departed_people: ['Departed coach', 'Departed inside'],
    });
    const reports = await inOrg(app, org.id, (tx) => sql<{ ran_at: Date; counts: RuleCounts }>`select ran_at, counts from retention_runs`.execute(tx));
    expect(reports.rows).toEqual([{ ran_at: NOW, counts: expected }]);
  });

  it('removes the comments that entered the figures together at once, when the oldest of them is due', async () => {
    const org = await buildOrganisation(t.db);
    const o = org.id;
    const session = await buildSession(t.db, { org, startsAt: yearsAgo(3) });
    const other = await buildSession(t.db, { org, startsAt: yearsAgo(2) });
    const [ann, ben, cid, dan] = [await buildPerson(t.db, { org }), await buildPerson(t.db, { org }), await buildPerson(t.db, { org }), await buildPerson(t.db, { org })];
    await sql`insert into session_ratings (org_id, session_id, person_id, rating, comment, created_at) values
      (${o}, ${session.id}, ${ann.id}, 4, 'Due', ${monthsAgo(25)}),
      (${o}, ${session.id}, ${ben.id}, 4, 'Released with it', ${monthsAgo(20)}),
      (${o}, ${other.id}, ${cid.id}, 4, 'Released later', ${monthsAgo(20)}),
      (${o}, ${other.id}, ${dan.id}, 4, 'Never released', ${monthsAgo(20)})`.execute(t.db);
    // One release, then another: migration 041 stamps each with its moment.
    await sql`update session_ratings set released_at = ${monthsAgo(24)} where session_id = ${session.id}`.execute(t.db);
    await sql`update session_ratings set released_at = ${monthsAgo(19)} where person_id = ${cid.id}`.execute(t.db);
    const run = await runRetention(t.db, { now: NOW, orgIds: [org.id] });
    expect(run.organisations[0]!.counts.rating_comments).toBe(2);
    const left = await sql<{ comment: string }>`select comment from session_ratings where org_id = ${o} order by comment`.execute(t.db);
    expect(left.rows.map((r) => r.comment)).toEqual(['', '', 'Never released', 'Released later']);
  });

  it('finds nothing to do right after a run, and reports that too', async () => {
    const org = await buildOrganisation(t.db);
    await seedBoundaries(org);
    await runRetention(t.db, { now: NOW, orgIds: [org.id] });
    const again = await runRetention(t.db, { now: at(SECOND / 2), orgIds: [org.id] });
    expect(Object.values(again.organisations[0]!.counts).every((n) => n === 0)).toBe(true);
    expect(Object.keys(again.organisations[0]!.counts)).toEqual(wiredRules());
  });

  it('follows the organisation’s own settings', async () => {
    const org = await buildOrganisation(t.db);
    const expected = await seedBoundaries(org);
    await sql`update organisations set retention_mail_days = 7, audit_retention_years = 10 where id = ${org.id}`.execute(t.db);
    const run = await runRetention(t.db, { now: NOW, orgIds: [org.id] });
    // Every settled message is older than a week; no audit entry is ten years old.
    expect(run.organisations[0]!.counts).toEqual({ ...expected, mail_records: 4, audit_entries: 0 });
  });

  it('previews exactly what the next run then does', async () => {
    const org = await buildOrganisation(t.db);
    const boss = await buildPerson(t.db, { org, roles: ['admin', 'employee'] });
    await seedBoundaries(org);
    // The day before: the run at 03:00 counts what will have expired by then, not what has now.
    const evening = new Date(NOW.getTime() - 12 * 3_600_000);
    const overview = await inOrg(app, org.id, (tx) => retentionOverview(tx, admin(org, boss.id), evening));
    const nextRun = nextRunAfter(evening);
    expect(overview.nextRun.at).toBe(nextRun.toISOString());
    expect(nextRun.getUTCHours()).toBe(3);
    const run = await runRetention(t.db, { now: nextRun, orgIds: [org.id] });
    const previewed = Object.fromEntries(overview.nextRun.rules.filter((r) => r.rows !== null).map((r) => [r.rule, r.rows]));
    expect(previewed).toEqual(run.organisations[0]!.counts);
    expect(overview.settings).toEqual(DEFAULT_SETTINGS);
    const after = await inOrg(app, org.id, (tx) => retentionOverview(tx, admin(org, boss.id), evening));
    expect(after.runs.map((r) => r.ranAt)).toEqual([nextRun.toISOString()]);
  });

  it('counts the same as the app role (the preview) and as the owner (the run)', async () => {
    const org = await buildOrganisation(t.db);
    const expected = await seedBoundaries(org);
    const c = cutoffsAt(NOW, DEFAULT_SETTINGS);
    expect(await inOrg(app, org.id, (tx) => countDue(tx, org.id, c))).toEqual(expected);
    expect(await inOrg(t.db, org.id, (tx) => countDue(tx, org.id, c))).toEqual(expected);
  });

  it('runs safely twice at once: together the two touch each row once', async () => {
    const org = await buildOrganisation(t.db);
    const expected = await seedBoundaries(org);
    const person = await buildPerson(t.db, { org });
    await sql`insert into login_links (org_id, person_id, token_hash, expires_at)
      select ${org.id}, ${person.id}, sha256(gen_random_uuid()::text::bytea), ${at(-SECOND)} from generate_series(1, 3000)`.execute(t.db);
    await sql`insert into outgoing_messages (org_id, kind, recipient_id, status, sent_at, updated_at)
      select ${org.id}, 'login_link', ${person.id}, 'sent', ${at(-100 * DAY)}, ${at(-100 * DAY)} from generate_series(1, 3000)`.execute(t.db);
    const whole = { ...expected, login_links: expected.login_links! + 3000, mail_records: expected.mail_records! + 3000 };
    // Two pools, as two app processes would have; small batches so the runs overlap in time.
    const second = openDatabase(t.url, 4);
    try {
      const runs = await Promise.all([
        runRetention(t.db, { now: NOW, orgIds: [org.id], batchRows: 100 }),
        runRetention(second.db, { now: NOW, orgIds: [org.id], batchRows: 100 }),
      ]);
      const sum: Record<string, number> = {};
      for (const run of runs) {
        for (const [rule, n] of Object.entries(run.organisations[0]!.counts)) sum[rule] = (sum[rule] ?? 0) + n;
      }
      expect(sum).toEqual(whole);
    } finally {
      await second.close();
    }
    expect(await remaining(org.id)).toMatchObject({ login_links: 1, mail_records: ['pending', 'sent'] });
  });

  it('without the lock, statements racing on the same rows still touch each once', async () => {
    const org = await buildOrganisation(t.db);
    const person = await buildPerson(t.db, { org });
    await sql`insert into auth_sessions (org_id, person_id, token_hash, idle_expires_at, absolute_expires_at)
      select ${org.id}, ${person.id}, sha256(gen_random_uuid()::text::bytea), ${at(-SECOND)}, ${at(DAY)} from generate_series(1, 2000)`.execute(t.db);
    const { applyRuleBatch, SQL_RULES } = await import('./queries.ts');
    const c = cutoffsAt(NOW, DEFAULT_SETTINGS);
    const second = openDatabase(t.url, 8);
    try {
      const batch = (db: Db) => inOrg(db, org.id, (tx) => applyRuleBatch(tx, SQL_RULES.sign_in_sessions!, org.id, c, 2000));
      const results = await Promise.all([batch(t.db), batch(second.db), batch(t.db), batch(second.db)]);
      expect(results.reduce((n, r) => n + r.touched, 0)).toBe(2000);
    } finally {
      await second.close();
    }
  });

  it('sweeps the deployment: ended rate-limit windows and old caught mail files', async () => {
    await sql`insert into rate_limit_hits (bucket, window_start, count) values
      ('retention-test:inside', ${at(-DAY + SECOND)}, 1), ('retention-test:past', ${at(-DAY - SECOND)}, 1)`.execute(t.db);
    const dir = path.join(tmp, 'mail');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const shortest = (await sql<{ d: number }>`select min(retention_mail_days)::int as d from organisations`.execute(t.db)).rows[0]!.d;
    for (const [name, ageMs] of [['inside', shortest * DAY - SECOND], ['past', shortest * DAY + SECOND]] as const) {
      const file = path.join(dir, `${name}.eml`);
      writeFileSync(file, 'Subject: hello\r\n\r\nA caught message');
      const mtime = at(-ageMs);
      utimesSync(file, mtime, mtime);
    }
    const run = await runRetention(t.db, { now: NOW, orgIds: [], caughtMailDir: dir });
    expect(run.deployment.caught_mail_files).toBe(1);
    expect(run.deployment.rate_limit_rows).toBeGreaterThanOrEqual(1);
    expect(readdirSync(dir)).toEqual(['inside.eml']);
    const { rows } = await sql<{ bucket: string }>`select bucket from rate_limit_hits where bucket like 'retention-test:%'`.execute(t.db);
    expect(rows).toEqual([{ bucket: 'retention-test:inside' }]);
  });

  it('is on the worker’s crontab nightly at 03:00 UTC', () => {
    const [entry] = parseCrontab(RETENTION_CRONTAB);
    expect(entry?.task).toBe('apply_retention');
    const hours = Array.from({ length: 24 }, (_, hour) => hour).filter((hour) => entry!.match({ min: 0, hour, date: 1, month: 3, dow: 1 }));
    expect(hours).toEqual([3]);
    expect(entry!.match({ min: 30, hour: 3, date: 1, month: 3, dow: 1 })).toBe(false);
  });
});

describe('when someone left', () => {
  it('is recorded by the database however they were deactivated, and forgotten when they come back', async () => {
    const org = await buildOrganisation(t.db);
    const person = await buildPerson(t.db, { org });
    const since = async () => (await sql<{ d: Date | null }>`select deactivated_at as d from people where id = ${person.id}`.execute(t.db)).rows[0]!.d;
    expect(await since()).toBeNull();
    await inOrg(app, org.id, (tx) => sql`update people set active = false where id = ${person.id}`.execute(tx));
    const first = await since();
    expect(first).toBeInstanceOf(Date);
    // Another change while away keeps the day they left.
    await sql`update people set active = false, department = 'Sales' where id = ${person.id}`.execute(t.db);
    expect(await since()).toEqual(first);
    await sql`update people set active = true where id = ${person.id}`.execute(t.db);
    expect(await since()).toBeNull();
  });
});

describe('the audit log under retention', () => {
  it('loses exactly its expired entries; every other delete is still refused', async () => {
    const org = await buildOrganisation(t.db);
    await seedBoundaries(org);
    await runRetention(t.db, { now: NOW, orgIds: [org.id] });
    expect((await remaining(org.id)).audit_entries).toEqual(['inside']);
    // The owner with the run's clock, a second too early for the entry left: refused by the guard.
    await expect(t.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      try {
        await sql`select set_config('quartet.retention_now', ${NOW.toISOString()}, true)`.execute(conn);
        await sql`delete from audit_log where org_id = ${org.id}`.execute(conn);
      } finally {
        await sql`rollback`.execute(conn);
      }
    })).rejects.toThrow(/append-only/);
    // The app role may not delete at all.
    await expect(inOrg(app, org.id, (tx) => sql`delete from audit_log where org_id = ${org.id}`.execute(tx))).rejects.toThrow(/permission denied/);
    // The deployment-wide expiry of migration 027 agrees: it leaves the entry a second inside.
    await sql`select expire_audit_entries(${NOW}::timestamptz)`.execute(t.db);
    expect((await remaining(org.id)).audit_entries).toEqual(['inside']);
  });
});

describe('the worker’s task', () => {
  it('runs every organisation as the owner and logs what it did', async () => {
    const org = await buildOrganisation(t.db);
    const person = await buildPerson(t.db, { org });
    await sql`insert into login_links (org_id, person_id, token_hash, expires_at) values (${org.id}, ${person.id}, sha256('task'::bytea), now() - interval '1 minute')`.execute(t.db);
    const logged: Array<{ fields: unknown; message: string }> = [];
    const logger = { info: (fields: unknown, message: string) => logged.push({ fields, message }), error: (fields: unknown, message: string) => logged.push({ fields, message }) } as unknown as Logger;
    await retentionTask(t.url, logger)(undefined, {} as Parameters<Task>[1]);
    const report = await inOrg(app, org.id, (tx) => sql<{ counts: RuleCounts }>`select counts from retention_runs`.execute(tx));
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]!.counts.login_links).toBe(1);
    expect(logged.map((l) => l.message)).toEqual(['retention run finished']);
  });
});
