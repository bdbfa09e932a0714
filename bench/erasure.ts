// npm run bench:erasure — erasing a person with five years of history in an organisation of
// 100,000 (bench/privacy-org.ts), against the goal of 1 s. Each of several people is first given
// the history issue 15 names (≈60 sessions attended, so ≈180 partners met, ratings, mails, audit
// entries, a future seat), then erased through the service as the API does (one transaction).
// Printed beside it, measured in the same database: the ceiling, a plain delete of a comparable
// person's rows (rolled back), and which large tables any erasure read by a sequential scan
// (pg_stat_user_tables: an erasure must find a person's rows by index).
// Knobs: BENCH_PEOPLE (default 100000), BENCH_YEARS (5), BENCH_SESSIONS_PER_WEEK (800), BENCH_ERASURES (5).
import { sql } from 'kysely';
import type pg from 'pg';
import { inOrg } from '../src/db/transaction.ts';
import { erasePerson } from '../src/features/erasure/service.ts';
import { runPrivacyBench } from './privacy-org.ts';
import { latencies, ms } from './stats.ts';

const ERASURES = Number(process.env.BENCH_ERASURES ?? 5);
const SESSIONS_EACH = 60;
const GOAL_MS = 1000;

/** Gives `count` employees (and one more, for the ceiling) issue 15's history; returns their ids. */
async function richHistories(pool: pg.Pool, orgId: string, count: number, now: Date): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('app.org_id', $1, true)`, [orgId]);
    const { rows } = await client.query<{ id: string }>(`
      select id from people where org_id = $1 and active and roles = '{employee}' order by id limit $2`, [orgId, count]);
    const ids = rows.map((r) => r.id);
    // Each joins SESSIONS_EACH held sessions of their own (a fifth seat), spread over the years, and
    // one still to come; seat counts follow (capacity 5 where needed).
    await client.query(`
      create temporary table picked on commit drop as
      select p.id as person_id, s.id as session_id, s.ends_at
      from unnest($2::uuid[]) p(id)
      cross join lateral (
        select id, starts_at, ends_at from sessions
        where org_id = $1 and status = 'completed' and abs(hashtext(id::text || p.id::text)) % 3000 = 0
        order by starts_at limit $3) s`, [orgId, ids, SESSIONS_EACH]);
    // Two of them may pick the same session: room for each.
    await client.query(`update sessions s set capacity = greatest(s.capacity, s.seats_taken + p.n)
      from (select session_id, count(*)::int as n from picked group by session_id) p where s.id = p.session_id`);
    await client.query(`
      insert into bookings (org_id, session_id, person_id, status, created_at, attendance_marked_at)
      select $1, session_id, person_id, 'attended', ends_at - interval '10 days', ends_at from picked`, [orgId]);
    // And a seat still to come (a fifth one), which the erasure gives up.
    await client.query(`
      create temporary table future on commit drop as
      select p.id as person_id, (select s.id from sessions s where s.org_id = $1 and s.status = 'scheduled' and s.starts_at > $3
        order by s.starts_at offset p.i * 7 limit 1) as session_id
      from unnest($2::uuid[]) with ordinality p(id, i)`, [orgId, ids, now]);
    await client.query(`update sessions s set capacity = greatest(capacity, seats_taken + 1) where s.id in (select session_id from future)`);
    await client.query(`insert into bookings (org_id, session_id, person_id, status) select $1, session_id, person_id, 'active' from future where session_id is not null`, [orgId]);
    await client.query(`update sessions s set seats_taken = (select count(*) from bookings b where b.session_id = s.id and b.status <> 'cancelled')
      where s.id in (select session_id from bookings where person_id = any($1))`, [ids]);
    await client.query(`
      insert into session_ratings (org_id, session_id, person_id, rating, comment)
      select b.org_id, b.session_id, b.person_id, 4, 'Good session' from bookings b
      where b.person_id = any($1) and b.status = 'attended' and abs(hashtext(b.id::text)) % 3 = 0
      on conflict do nothing`, [ids]);
    await client.query(`
      insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, status, send_after, sent_at, detail)
      select b.org_id, 'booking_confirmed', b.person_id, b.id, b.session_id, 'sent', b.created_at, b.created_at, '{}'
      from bookings b where b.person_id = any($1)`, [ids]);
    await client.query(`
      insert into audit_log (org_id, actor_kind, actor_id, action, subject_kind, subject_id, detail)
      select $1, 'person', p, 'people.changed', 'person', p, jsonb_build_object('fields', jsonb_build_array('department'))
      from unnest($2::uuid[]) p cross join generate_series(1, 20)`, [orgId, ids]);
    // Their pairs, as the count would compute them now.
    await client.query(`delete from encounters where org_id = $1 and (person_a = any($2) or person_b = any($2))`, [orgId, ids]);
    await client.query(`
      insert into encounters (org_id, person_a, person_b, first_met, last_met, times)
      select $1, least(a.person_id, b.person_id), greatest(a.person_id, b.person_id), min(a.starts_at), max(a.starts_at), count(*)::int
      from encounter_participants a join encounter_participants b on b.org_id = a.org_id and b.session_id = a.session_id and b.person_id <> a.person_id
      where a.org_id = $1 and a.person_id = any($2) and not (b.person_id = any($2) and b.person_id < a.person_id)
      group by 2, 3 on conflict do nothing`, [orgId, ids]);
    await client.query('commit');
    await client.query('analyze');
    return ids;
  } finally {
    client.release();
  }
}

async function historyOf(pool: pg.Pool, orgId: string, id: string) {
  const { rows: [r] } = await pool.query<{ sessions: number; partners: number; ratings: number; mails: number; audit: number }>(`
    select (select count(*)::int from bookings where person_id = $2) as sessions,
      (select count(*)::int from encounters where org_id = $1 and (person_a = $2 or person_b = $2)) as partners,
      (select count(*)::int from session_ratings where org_id = $1 and person_id = $2) as ratings,
      (select count(*)::int from outgoing_messages where recipient_id = $2) as mails,
      (select count(*)::int from audit_log where org_id = $1 and (actor_id = $2 or subject_id = $2)) as audit`, [orgId, id]);
  return r!;
}

const BIG = ['bookings', 'sessions', 'outgoing_messages', 'audit_log', 'encounters', 'session_ratings', 'login_links', 'auth_sessions', 'webhook_events', 'people', 'idempotency_keys', 'rating_links'];

async function seqScans(pool: pg.Pool): Promise<Record<string, number>> {
  await pool.query('select pg_stat_force_next_flush()').catch(() => {});
  const { rows } = await pool.query<{ relname: string; seq_scan: string }>(
    `select relname, seq_scan from pg_stat_user_tables where schemaname = 'public' and relname = any($1)`, [BIG]);
  return Object.fromEntries(rows.map((r) => [r.relname, Number(r.seq_scan)]));
}

runPrivacyBench('erasure', async ({ pool, owner, org, log }) => {
  const now = org.now;
  const ids = await richHistories(pool, org.orgId, ERASURES + 1, now);
  const ceilingPerson = ids.pop()!;

  const before = await seqScans(pool);
  const times: number[] = [];
  log();
  log('person     sessions  partners  ratings  mails  audit   erased in   seats given up');
  for (const [i, id] of ids.entries()) {
    const h = await historyOf(pool, org.orgId, id);
    const t0 = performance.now();
    const erasure = await inOrg(owner.db, org.orgId, (tx) => erasePerson(tx, org.orgId, id, { kind: 'command_line' }, { now }));
    const took = performance.now() - t0;
    times.push(took);
    log(`#${String(i + 1).padEnd(8)} ${String(h.sessions).padStart(8)} ${String(h.partners).padStart(9)} ${String(h.ratings).padStart(8)} ${String(h.mails).padStart(6)} ${String(h.audit).padStart(6)} ${ms(took).padStart(11)} ${String(erasure.bookingsCancelled).padStart(16)}`);
  }
  const after = await seqScans(pool);
  // Measured after the erasures, on as warm a cache as theirs.
  // The ceiling: the same kind of person's rows removed by plain deletes, no anonymous form kept.
  const c0 = performance.now();
  await owner.db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      await sql`select set_config('app.org_id', ${org.orgId}, true)`.execute(conn);
      for (const [table, column] of [['rating_links', null], ['outgoing_messages', 'recipient_id'], ['session_ratings', 'person_id'], ['idempotency_keys', 'person_id'],
        ['login_links', 'person_id'], ['auth_sessions', 'person_id'], ['encounters', null], ['bookings', 'person_id'], ['people', 'id']] as const) {
        if (table === 'rating_links') await sql`delete from rating_links r using bookings b where b.person_id = ${ceilingPerson} and r.booking_id = b.id`.execute(conn);
        else if (table === 'encounters') await sql`delete from encounters where org_id = ${org.orgId} and (person_a = ${ceilingPerson} or person_b = ${ceilingPerson})`.execute(conn);
        else await sql`delete from ${sql.table(table)} where ${sql.ref(column!)} = ${ceilingPerson}`.execute(conn);
      }
    } finally {
      await sql`rollback`.execute(conn);
    }
  });
  const ceilingMs = performance.now() - c0;
  const scanned = BIG.filter((t) => (after[t] ?? 0) > (before[t] ?? 0));
  const l = latencies(times);
  log();
  log(`erasure: p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, max ${ms(l.max)} over ${l.count} people; goal ${GOAL_MS} ms`);
  log(`ceiling (plain delete of a comparable person's rows, rolled back): ${ms(ceilingMs)}; erasure p50 / ceiling = ${(l.p50 / ceilingMs).toFixed(2)}`);
  log(scanned.length === 0
    ? `sequential scans of the large tables during the erasures: none`
    : `SEQUENTIAL SCANS during the erasures: ${scanned.map((t) => `${t} ×${(after[t] ?? 0) - (before[t] ?? 0)}`).join(', ')}`);
  const ok = l.max < GOAL_MS;
  log(ok ? `every erasure under ${GOAL_MS} ms` : `NOT MET: an erasure took ${ms(l.max)}`);
  return ok;
});
