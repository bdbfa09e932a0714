// Reminders under crashes: 1,000 active bookings (and 52 cancelled) whose reminders fall due during the test, sent only by
// `quartet worker` processes (two at a time) that are killed with SIGKILL every few seconds and
// replaced. Every active booking must get its reminder exactly once as its reader sees it, none for
// a cancelled booking, none before it is due. A send that reached the server just before its
// worker died is sent again once the dead worker's job is released (at least once, never lost);
// the copy carries the same Message-ID, by which mail stores show it once. How many copies the
// server took is counted and reported, and every copy must repeat its first's Message-ID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { bookEveryone, cancelAs, createLoadOrg } from '../../../test/mail-load.ts';
import { startSmtpRecorder, type SmtpRecorder } from '../../../test/smtp-recorder.ts';
import { openDatabase, type DbHandle } from '../../db/pool.ts';
import { onCleanup } from '../../../test/cleanup.ts';

const SESSIONS = 263;
const SEATS = 4; // 1,052 bookings, of which 1,000 stay active
const CANCELLED = 52;
const HOUR = 3_600_000;
// Reminders fall due from LEAD_MS after the sessions are made, over SPREAD_MS: the bookings must
// be in by then (a booking closer than 24 hours to its start gets no reminder).
const LEAD_MS = 30_000;
const SPREAD_MS = 30_000;
const WORKERS = 2;
const KILL_EVERY_MS = [3_000, 5_000] as const;
const ROOT = path.resolve(import.meta.dirname, '../../..');

let database: TestDatabase;
let app: DbHandle;
let smtp: SmtpRecorder;
let dataDir: string;

interface Worker {
  child: ChildProcess;
  startedAt: number;
  ready: boolean;
  log: string[];
}
const workers = new Set<Worker>();
const exited: Worker[] = [];

function startWorker(): Worker {
  const child = spawn(process.execPath, ['src/cli.ts', 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      APP_DATABASE_URL: database.appUrl,
      SMTP_URL: smtp.url,
      BASE_URL: 'http://quartet.test',
      DATA_DIR: dataDir,
      WORKER_CONCURRENCY: '10',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const w: Worker = { child, startedAt: Date.now(), ready: false, log: [] };
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    if (text.includes('mail worker running')) w.ready = true;
    w.log.push(text);
    if (w.log.length > 200) w.log.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('exit', () => {
    workers.delete(w);
    exited.push(w);
  });
  workers.add(w);
  return w;
}

function exitOf(w: Worker): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => w.child.once('exit', () => resolve()));
}

// However the run ends, no worker process outlives it.
function killAllWorkers(): void {
  for (const w of workers) w.child.kill('SIGKILL');
}
process.once('exit', killAllWorkers);
afterAll(async () => {
  killAllWorkers();
  await Promise.all([...workers].map(exitOf));
});

beforeAll(async () => {
  database = await createTestDatabase(10);
  app = openDatabase(database.appUrl, 20);
  smtp = await startSmtpRecorder();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-crash-'));
  // Registered after the database's own clean-up, so it runs before the database is dropped.
  onCleanup(async () => {
    killAllWorkers();
    await Promise.all([...workers].map(exitOf));
    await app.close();
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('sends every reminder while worker processes are killed, at least 99.9 % exactly once, none cancelled, none early', { timeout: 5 * 60_000 }, async () => {
  const t0 = Date.now();
  const remindAt = Array.from({ length: SESSIONS }, (_, i) => t0 + LEAD_MS + Math.round((i * SPREAD_MS) / (SESSIONS - 1)));
  const load = await createLoadOrg(database.db, { tag: 'crash', starts: remindAt.map((t) => new Date(t + 24 * HOUR)), seats: SEATS });
  const lastDue = Math.max(...load.sessions.map((s) => s.startsAt.getTime())) - 24 * HOUR;

  // Two workers run; every 3 to 5 seconds one of them is killed and another started.
  for (let i = 0; i < WORKERS; i++) startWorker();
  let kills = 0;
  const killedAt: number[] = [];
  let killedWhileStarting = 0;
  let killing = true;
  const killer = (async () => {
    while (killing) {
      await sleep(KILL_EVERY_MS[0] + Math.random() * (KILL_EVERY_MS[1] - KILL_EVERY_MS[0]));
      if (!killing) break;
      const running = [...workers];
      const victim = running[Math.floor(Math.random() * running.length)];
      if (victim) {
        if (!victim.ready) killedWhileStarting++;
        victim.child.kill('SIGKILL');
        killedAt.push(Date.now());
        kills++;
        await exitOf(victim);
      }
      while (workers.size < WORKERS) startWorker();
    }
  })();

  try {
    const bookings = await bookEveryone(app.db, load, 8);
    const bookedIn = Date.now() - t0;
    const reminderRows = await database.db.selectFrom('outgoing_messages').where('org_id', '=', load.orgId)
      .where('kind', '=', 'reminder').select(['booking_id', 'send_after', 'status']).execute();
    // A test that ran its setup too slowly to schedule the reminders says so rather than passing vacuously.
    expect(reminderRows, `the bookings took ${bookedIn} ms; reminders must be scheduled for all`).toHaveLength(SESSIONS * SEATS);
    expect(reminderRows.every((r) => r.status === 'pending')).toBe(true);

    // 52 bookings are cancelled: half at once, half three seconds before their reminder is due.
    const people = load.people;
    const victims = Array.from({ length: CANCELLED }, (_, i) => people[Math.floor((i * people.length) / CANCELLED) + (i % SEATS)]!);
    const sessionStart = new Map(load.sessions.map((s) => [s.id, s.startsAt.getTime()]));
    const cancelledAt = new Map<string, number>();
    const cancelling = Promise.all(victims.map(async (p, i) => {
      if (i % 2 === 1) await sleep(Math.max(0, sessionStart.get(p.sessionId)! - 24 * HOUR - 3_000 - Date.now()));
      await cancelAs(app.db, load.orgId, p.id, bookings.get(p.id)!);
      cancelledAt.set(p.id, Date.now());
    }));
    await cancelling;
    for (const p of victims) expect(cancelledAt.get(p.id)!).toBeLessThan(sessionStart.get(p.sessionId)! - 24 * HOUR);

    // The killing goes on until the last reminder is due; then two workers finish the work,
    // including what the dead ones held (released once their locks are 30 s old).
    await sleep(Math.max(0, lastDue + 5_000 - Date.now()));
    killing = false;
    await killer;
    const killingEndedAt = Date.now();
    const deadline = Date.now() + 3 * 60_000;
    for (;;) {
      const pending = await database.db.selectFrom('outgoing_messages').where('org_id', '=', load.orgId)
        .where('status', '=', 'pending').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const { rows: jobs } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_message'`.execute(database.db);
      if (Number(pending.n) === 0 && jobs[0]!.n === 0) break;
      if (Date.now() > deadline) {
        // What was left, to tell a lock nobody released from a retry put far off or attempts used up.
        const { rows: left } = await sql<Record<string, unknown>>`
          select j.id, j.key, j.attempts, j.max_attempts, j.run_at, j.locked_at, j.locked_by, j.last_error,
                 exists (select 1 from pg_stat_activity a where a.application_name = 'quartet-worker ' || j.locked_by) as holder_alive,
                 m.status as message_status, m.kind as message_kind
          from graphile_worker._private_jobs j
          left join outgoing_messages m on m.id = (j.payload->>'messageId')::uuid
          join graphile_worker._private_tasks t on t.id = j.task_id
          where t.identifier = 'send_message'`.execute(database.db);
        throw new Error(`${pending.n} messages still pending, ${jobs[0]!.n} jobs left 3 minutes after the killing ended: ${JSON.stringify(left)}; ` +
          `worker logs:\n${[...workers, ...exited].slice(-3).map((w) => w.log.join('')).join('\n---\n').slice(-4000)}`);
      }
      await sleep(500);
    }
    const settledIn = Date.now() - killingEndedAt;
    await sleep(1_000);

    // What arrived, by recipient: every employee has one booking, so the address names it.
    const parsed = await Promise.all(smtp.arrivals.map((a) => smtp.parse(a)));
    const reminders = new Map<string, number[]>();
    const reminderIds = new Map<string, string[]>();
    const byKind = new Map<string, Map<string, number>>();
    for (const m of parsed) {
      expect(m.to).toHaveLength(1);
      const kind = m.subject.split(':')[0]!.split(' ').slice(0, 2).join(' ');
      const counts = byKind.get(kind) ?? new Map<string, number>();
      counts.set(m.to[0]!, (counts.get(m.to[0]!) ?? 0) + 1);
      byKind.set(kind, counts);
      if (m.subject.startsWith('Reminder:')) {
        reminders.set(m.to[0]!, [...(reminders.get(m.to[0]!) ?? []), m.at]);
        reminderIds.set(m.to[0]!, [...(reminderIds.get(m.to[0]!) ?? []), m.messageId]);
      }
    }

    const rows = await database.db.selectFrom('outgoing_messages as m')
      .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'm.org_id').onRef('p.id', '=', 'm.recipient_id'))
      .innerJoin('bookings as b', (j) => j.onRef('b.org_id', '=', 'm.org_id').onRef('b.id', '=', 'm.booking_id'))
      .innerJoin('sessions as s', (j) => j.onRef('s.org_id', '=', 'b.org_id').onRef('s.id', '=', 'b.session_id'))
      .where('m.org_id', '=', load.orgId).where('m.kind', '=', 'reminder')
      .select([(eb) => eb.cast<string>('p.email', 'text').as('email'), 'm.status', 'm.send_after', 'm.sent_at', 'b.status as booking_status', 's.starts_at'])
      .execute();
    const active = rows.filter((r) => r.booking_status === 'active');
    const cancelled = rows.filter((r) => r.booking_status === 'cancelled');
    expect(active).toHaveLength(SESSIONS * SEATS - CANCELLED);
    expect(cancelled).toHaveLength(CANCELLED);

    const missing = active.filter((r) => !reminders.has(r.email)).map((r) => r.email);
    // As the reader sees it: copies with one Message-ID are one mail.
    const once = active.filter((r) => new Set(reminderIds.get(r.email)).size === 1).length;
    const withoutId = active.filter((r) => reminderIds.get(r.email)?.some((id) => !id)).map((r) => r.email);
    const otherIds = active.filter((r) => new Set(reminderIds.get(r.email)).size > 1).map((r) => `${r.email}: ${reminderIds.get(r.email)!.join(' ')}`);
    // As the server took them: a copy sent again after a SIGKILL.
    const handedOnce = active.filter((r) => reminders.get(r.email)?.length === 1).length;
    const duplicates = active.reduce((n, r) => n + Math.max(0, (reminders.get(r.email)?.length ?? 0) - 1), 0);
    const toCancelled = cancelled.filter((r) => reminders.has(r.email)).map((r) => r.email);
    const early = active.flatMap((r) => (reminders.get(r.email) ?? [])
      .filter((at) => at < r.send_after.getTime() || at < r.starts_at.getTime() - 24 * HOUR)
      .map((at) => `${r.email} ${at - r.send_after.getTime()} ms`));
    const lateness = active.flatMap((r) => (reminders.get(r.email) ?? []).slice(0, 1).map((at) => at - r.send_after.getTime())).sort((a, b) => a - b);
    // How long after the server had a reminder its row was marked sent: a worker killed within
    // that window leaves a delivered message pending, and it is sent again.
    const markedAfter = active.flatMap((r) => (r.sent_at ? [r.sent_at.getTime() - reminders.get(r.email)!.at(-1)!] : [])).sort((a, b) => a - b);
    const repeated = active.filter((r) => (reminders.get(r.email)?.length ?? 0) > 1)
      .map((r) => {
        const [first, ...again] = reminders.get(r.email)!;
        // A duplicate is a send the server had taken when its worker was killed, before the row said so.
        const kill = killedAt.find((k) => k >= first!);
        return `${r.email}: again after ${again.map((at) => at - first!).join(', ')} ms (the first arrived ${kill === undefined ? '?' : kill - first!} ms before a SIGKILL)`;
      });
    // Each coach's latest roster notice against the group as it ended (a figure for the report:
    // a sign-up merged into a notice while that notice was being sent is never told).
    const finalSeats = await database.db.selectFrom('sessions').where('org_id', '=', load.orgId).select(['id', 'seats_taken']).execute();
    const seatsBySession = new Map(finalSeats.map((r) => [r.id, r.seats_taken]));
    const staleRosters = load.sessions.filter((session) => {
      const last = parsed.filter((m) => m.to[0] === session.coachEmail && m.subject.startsWith('Your group')).sort((a, b) => a.at - b.at).at(-1);
      return !last?.subject.includes(`: ${seatsBySession.get(session.id)} of ${SEATS} seats taken`);
    }).length;
    // A session's coach is reminded too: the sessions here are written by SQL, so when the workers'
    // reminder sweep (crontab, every 5 minutes) falls within the run it queues the coaches' reminders
    // that no publish did. Anyone else reminded is a stranger.
    const coaches = new Set(load.sessions.map((session) => session.coachEmail.toLowerCase()));
    const strangers = [...reminders.keys()].filter((email) => !rows.some((r) => r.email === email) && !coaches.has(email.toLowerCase()));
    const dupSummary = [...byKind].map(([kind, counts]) =>
      `${kind} ${[...counts.values()].reduce((n, c) => n + c, 0)} (${[...counts.values()].reduce((n, c) => n + c - 1, 0)} repeated)`).join(', ');
    console.log(`reminders under crashes: bookings in ${(bookedIn / 1000).toFixed(1)} s; ${kills} SIGKILLs ` +
      `(${killedWhileStarting} of a worker still starting), ${exited.length} worker processes ended, ${smtp.resets()} SMTP connections cut; ` +
      `${active.length} active bookings: ${once} reminded exactly once as read (${((once / active.length) * 100).toFixed(2)} %), ` +
      `${handedOnce} handed to the server once (${((handedOnce / active.length) * 100).toFixed(2)} %), ` +
      `${duplicates} copies sent again with the first's Message-ID, ${missing.length} missing; ${toCancelled.length} to cancelled bookings; ${early.length} early; ` +
      `first arrival after due: p50 ${lateness[Math.floor(lateness.length / 2)]} ms, max ${lateness.at(-1)} ms; ` +
      `all settled ${(settledIn / 1000).toFixed(1)} s after the killing ended; ` +
      `marked sent after the server had it: p50 ${markedAfter[Math.floor(markedAfter.length / 2)]} ms, p99 ${markedAfter[Math.floor(markedAfter.length * 0.99)]} ms, max ${markedAfter.at(-1)} ms; ` +
      `coaches whose latest roster notice shows another count than the final one: ${staleRosters}; mail by subject: ${dupSummary}` + (repeated.length ? `; repeated: ${repeated.join('; ')}` : ''));

    expect(missing).toEqual([]);
    // Every active booking's confirmation arrived too (a booking cancelled at once may have had its withdrawn).
    const confirmed = byKind.get('Seat confirmed') ?? new Map<string, number>();
    expect(active.filter((r) => !confirmed.has(r.email))).toEqual([]);
    expect(toCancelled).toEqual([]);
    expect(early).toEqual([]);
    expect(strangers).toEqual([]);
    expect(withoutId).toEqual([]);
    expect(otherIds).toEqual([]);
    expect(once / active.length).toBeGreaterThanOrEqual(0.999);
    expect(active.every((r) => r.status === 'sent')).toBe(true);
    expect(cancelled.every((r) => r.status === 'moot')).toBe(true);
    // The crashes were real: workers died, with work in hand, and others took it over.
    expect(kills).toBeGreaterThanOrEqual(10);
  } finally {
    killing = false;
    await killer;
  }
});
