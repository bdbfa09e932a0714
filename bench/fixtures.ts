// The booking benchmark's organisation, its people's session cookies, and the checks run after
// each phase. Bulk data goes in with plain SQL; a few people sign in through the real link flow.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { SESSION_COOKIE } from '../src/http/auth.ts';
import { hashSecret, newSecret } from '../src/lib/secrets.ts';
import type { BenchPerson } from './drivers.ts';

const HOUR = 3_600_000;

/** Runs `work` in one transaction scoped to the organisation, as the app's inOrg does. */
export async function inOrgTx<T>(pool: pg.Pool, orgId: string, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('app.org_id', $1, true)`, [orgId]);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

export async function createOrganisation(pool: pg.Pool, name: string): Promise<string> {
  const slug = `bench-${randomBytes(4).toString('hex')}`;
  const { rows } = await pool.query<{ id: string }>(
    'insert into organisations (name, slug, max_future_bookings) values ($1, $2, 100) returning id', [name, slug],
  );
  return rows[0]!.id;
}

/** Live session cookies for the people, made as test/factories.ts authenticateAs does, in one insert. */
export async function createCookies(client: pg.PoolClient, orgId: string, personIds: string[]): Promise<string[]> {
  const tokens = personIds.map(() => newSecret());
  const now = Date.now();
  await client.query(
    `insert into auth_sessions (org_id, person_id, token_hash, idle_expires_at, absolute_expires_at)
     select $1, p, h, $4, $5 from unnest($2::uuid[], $3::bytea[]) as t(p, h)`,
    [orgId, personIds, tokens.map(hashSecret), new Date(now + 24 * HOUR), new Date(now + 48 * HOUR)],
  );
  return tokens.map((t) => `${SESSION_COOKIE}=${t}`);
}

export interface BookingOrg {
  orgId: string;
  people: Array<BenchPerson & { email: string }>;
  /** Soonest first; each in a slot of its own, so nobody's seats overlap. */
  sessions: string[];
}

export async function createBookingOrg(pool: pg.Pool, peopleCount: number, sessionCount: number): Promise<BookingOrg> {
  const orgId = await createOrganisation(pool, 'Booking benchmark');
  return inOrgTx(pool, orgId, async (c) => {
    const coach = await c.query<{ id: string }>(
      `insert into people (org_id, email, name, time_zone, roles) values ($1, 'coach@booking.test', 'Bench coach', 'Europe/Berlin', '{coach,employee}') returning id`,
      [orgId],
    );
    const people = await c.query<{ id: string; email: string }>(
      `insert into people (org_id, email, name, department, site, time_zone, roles)
       select $1, 'person-' || g || '@booking.test', 'Bench person ' || g, 'Department ' || (g % 8), 'Hamburg', 'Europe/Berlin', '{employee}'
       from generate_series(1, $2::int) g returning id, email`,
      [orgId, peopleCount],
    );
    const module = await c.query<{ id: string }>(
      `insert into modules (org_id, code, title, summary) values ($1, 'BENCH-1', 'Giving Feedback', 'Practise it together.') returning id`, [orgId],
    );
    // 90-minute sessions two hours apart, from tomorrow on: one coach, no overlaps, far from the cut-off.
    const first = new Date(Math.ceil((Date.now() + 24 * HOUR) / HOUR) * HOUR);
    const sessions = await c.query<{ id: string }>(
      `insert into sessions (org_id, module_id, coach_id, starts_at, ends_at, time_zone, format, online_url, language, capacity, created_by)
       select $1, $2, $3, $4::timestamptz + g * interval '2 hours', $4::timestamptz + g * interval '2 hours' + interval '90 minutes',
         'Europe/Berlin', 'virtual', 'https://meet.example.test/bench-' || g, 'en', 4, $3
       from generate_series(0, $5::int - 1) g order by g returning id`,
      [orgId, module.rows[0]!.id, coach.rows[0]!.id, first, sessionCount],
    );
    const cookies = await createCookies(c, orgId, people.rows.map((p) => p.id));
    return {
      orgId,
      people: people.rows.map((p, i) => ({ id: p.id, email: p.email, cookie: cookies[i]! })),
      sessions: sessions.rows.map((s) => s.id),
    };
  });
}

/** Signs in through the log-in link, as a person does: asks for the mail, takes the link from it. */
export async function signInByLink(baseUrl: string, mailedToken: (email: string) => Promise<string>, email: string): Promise<string> {
  const asked = await fetch(`${baseUrl}/api/auth/login-link`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }),
  });
  if (asked.status !== 202) throw new Error(`login-link answered ${asked.status}`);
  const token = await mailedToken(email);
  const res = await fetch(`${baseUrl}/api/auth/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (res.status !== 200 || !cookie) throw new Error(`signing in with the link answered ${res.status}`);
  return cookie;
}

export interface SeatAudit {
  sessions: number;
  seatsHeld: number;
  overbooked: number;
  miscounted: number;
  fullSessions: number;
}

/** For every session: non-cancelled bookings within capacity, and seats_taken equal to them. */
export async function auditSeats(pool: pg.Pool, orgId: string): Promise<SeatAudit> {
  return inOrgTx(pool, orgId, async (c) => {
    const { rows } = await c.query<SeatAudit>(
      `select count(*)::int as sessions, coalesce(sum(held), 0)::int as "seatsHeld",
         count(*) filter (where held > capacity)::int as overbooked,
         count(*) filter (where held <> seats_taken)::int as miscounted,
         count(*) filter (where held = capacity)::int as "fullSessions"
       from (select s.capacity, s.seats_taken,
               (select count(*) from bookings b where b.session_id = s.id and b.status <> 'cancelled') as held
             from sessions s where s.org_id = $1) per_session`,
      [orgId],
    );
    return rows[0]!;
  });
}

/**
 * Waits until the job queue holds nothing due (the messages of the last run sent), so that no run
 * pays for the mail of the one before it. Returns the seconds waited.
 */
export async function drainMail(pool: pg.Pool, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { rows } = await pool.query<{ due: number }>('select count(*)::int as due from graphile_worker._private_jobs where run_at <= now()');
    if (rows[0]!.due === 0) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs) throw new Error(`${rows[0]!.due} mail jobs still due after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Gives every phase the same start: no bookings, no dead rows left by the phase before. */
export async function resetBookings(pool: pg.Pool, orgId: string): Promise<void> {
  // The messages the last phase queued go first (they point at its bookings); their jobs then find
  // nothing to send.
  await inOrgTx(pool, orgId, async (c) => {
    await c.query('delete from outgoing_messages where org_id = $1', [orgId]);
    await c.query('delete from bookings where org_id = $1', [orgId]);
  });
  await pool.query('vacuum analyze bookings, sessions, people, outgoing_messages').catch(() => {}); // needs ownership; a nicety
}
