// SMTP outage: the mail server is down (nothing listening on its port) while 1,000 bookings are
// made. Nothing may be lost: every message waits as a pending row, retried with backoff. When the
// server is back on the same port, every message arrives, once, within two minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { bookEveryone, createLoadOrg, type LoadOrg } from '../../../test/mail-load.ts';
import { startSmtpRecorder, type ParsedArrival, type SmtpRecorder } from '../../../test/smtp-recorder.ts';
import { loadConfig } from '../../lib/config.ts';
import { openDatabase, type DbHandle } from '../../db/pool.ts';
import { createSmtpMailer, parseSender, type Mailer } from '../../lib/mailer.ts';
import { startQuartetWorker, type MessageWorker, type SendOutcome } from '../../worker.ts';

const SESSIONS = 250;
const SEATS = 4; // 1,000 bookings
const BACK_WITHIN_MS = 120_000;
// The server stays down at least this long after the first failed send, so retries back off to
// half a minute, as in a real outage, before it returns.
const DOWN_FOR_MS = 30_000;
const MINUTE = 60_000;

let database: TestDatabase;
let app: DbHandle;
let smtp: SmtpRecorder;
let mailer: Mailer;
let worker: MessageWorker;
let dataDir: string;
const outcomes: Record<SendOutcome, number> = { sent: 0, moot: 0, postponed: 0, failed: 0, skipped: 0 };

beforeAll(async () => {
  // As in Quartet (src/server.ts): the app role's pool, the pooled SMTP transport, a worker of
  // the default concurrency, all in this process; only the mail server comes and goes.
  database = await createTestDatabase(10);
  app = openDatabase(database.appUrl, 20);
  smtp = await startSmtpRecorder();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-outage-'));
  const config = loadConfig({ BASE_URL: 'http://quartet.test', SMTP_URL: smtp.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  mailer = createSmtpMailer(smtp.url, config.mailFrom);
  worker = await startQuartetWorker({
    ownerUrl: database.url,
    deps: { db: app.db, mailer, baseUrl: config.baseUrl, organiser: parseSender(config.mailFrom) },
    concurrency: config.workerConcurrency,
    logger: pino({ level: 'silent' }),
    onOutcome: (outcome) => outcomes[outcome]++,
  });
});

afterAll(async () => {
  await worker?.stop();
  mailer?.close();
  await app?.close();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function waitUntil(what: string, deadlineMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function statusCounts(orgId: string): Promise<Record<string, number>> {
  const rows = await database.db.selectFrom('outgoing_messages').where('org_id', '=', orgId)
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['kind', 'status']).execute();
  return Object.fromEntries(rows.map((r) => [`${r.kind} ${r.status}`, Number(r.n)]));
}

const kindOf = (subject: string) =>
  subject.startsWith('Seat confirmed:') ? 'booking_confirmed' : subject.startsWith('Your group for') ? 'roster_changed' : `other: ${subject}`;

it('keeps every message through an SMTP outage and delivers each once, within two minutes of the server\'s return', { timeout: 4 * MINUTE }, async () => {
  // Sessions later today: no reminders fall due, so the mail is the confirmations and roster notices.
  const firstStart = Date.now() + 3 * 3_600_000;
  const starts = Array.from({ length: SESSIONS }, (_, i) => new Date(firstStart + i * 60_000));
  const load: LoadOrg = await createLoadOrg(database.db, { tag: 'outage', starts, seats: SEATS });

  // The worker's pooled transport first has live connections to the server, as in production.
  const [warm] = await bookEveryone(app.db, { ...load, people: load.people.slice(0, 1) }, 1).then((m) => [...m.values()]);
  expect(warm).toBeDefined();
  await waitUntil('the warm-up mails were sent', 20_000, async () => {
    const c = await statusCounts(load.orgId);
    return c['booking_confirmed sent'] === 1 && c['roster_changed sent'] === 1;
  });
  const warmUp = smtp.arrivals.length;

  await smtp.down();
  const downAt = Date.now();
  const bookedAt = Date.now();
  const bookings = await bookEveryone(app.db, { ...load, people: load.people.slice(1) }, 8);
  const bookingSeconds = (Date.now() - bookedAt) / 1000;
  expect(bookings.size).toBe(SESSIONS * SEATS - 1);

  // Down a little longer, so every message has failed at least once and waits to be retried.
  await waitUntil('every queued message has been tried', MINUTE, async () => {
    const c = await database.db.selectFrom('outgoing_messages').where('org_id', '=', load.orgId)
      .where('status', '=', 'pending').where('attempts', '=', 0).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(c.n) === 0;
  });
  // Nothing lost, nothing given up: every booking's confirmation and every session's roster notice
  // (merged while it waited) is a pending row; nothing reached the listener while it was down.
  const during = await statusCounts(load.orgId);
  expect(during).toEqual({
    'booking_confirmed sent': 1, 'roster_changed sent': 1,
    'booking_confirmed pending': SESSIONS * SEATS - 1, 'roster_changed pending': SESSIONS,
  });
  expect(smtp.arrivals.length).toBe(warmUp);
  expect(outcomes.postponed).toBeGreaterThanOrEqual(SESSIONS * SEATS - 1 + SESSIONS);
  expect(outcomes.failed).toBe(0);
  await new Promise((r) => setTimeout(r, Math.max(0, downAt + DOWN_FOR_MS - Date.now())));
  const pendingRows = await database.db.selectFrom('outgoing_messages').where('org_id', '=', load.orgId)
    .where('status', '=', 'pending').select(['attempts', 'last_error', 'send_after']).execute();
  const maxAttempts = Math.max(...pendingRows.map((r) => r.attempts));
  const errors = [...new Set(pendingRows.map((r) => (r.last_error ?? '').replace(/\d+/g, 'N')))];

  // The server returns on the same port.
  await smtp.up();
  const backAt = Date.now();
  const lastRetry = Math.max(...pendingRows.map((r) => r.send_after.getTime())) - backAt;
  await waitUntil('every message was sent', BACK_WITHIN_MS + 15_000, async () => {
    const c = await statusCounts(load.orgId);
    return (c['booking_confirmed sent'] ?? 0) === SESSIONS * SEATS && (c['roster_changed sent'] ?? 0) === SESSIONS + 1;
  });
  const arrived = smtp.arrivals.slice(warmUp);
  const deliveredWithinMs = Math.max(...arrived.map((a) => a.at)) - backAt;
  // Any straggler would have to be a duplicate: give one a moment to show itself.
  await new Promise((r) => setTimeout(r, 2_000));

  const after = await statusCounts(load.orgId);
  expect(after).toEqual({ 'booking_confirmed sent': SESSIONS * SEATS, 'roster_changed sent': SESSIONS + 1 });
  expect(outcomes.failed).toBe(0);

  // What the database says was sent, against what the listener received, message by message.
  const sent = await database.db.selectFrom('outgoing_messages as m')
    .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'm.org_id').onRef('p.id', '=', 'm.recipient_id'))
    .where('m.org_id', '=', load.orgId).where('m.status', '=', 'sent')
    .select(['m.kind', (eb) => eb.cast<string>('p.email', 'text').as('email'), 'm.sent_at']).execute();
  const expected = new Map<string, number>();
  for (const s of sent) expected.set(`${s.kind} ${s.email}`, (expected.get(`${s.kind} ${s.email}`) ?? 0) + 1);

  const parsed: ParsedArrival[] = await Promise.all(smtp.arrivals.map((a) => smtp.parse(a)));
  const received = new Map<string, number>();
  for (const m of parsed) {
    expect(m.to).toHaveLength(1);
    received.set(`${kindOf(m.subject)} ${m.to[0]}`, (received.get(`${kindOf(m.subject)} ${m.to[0]}`) ?? 0) + 1);
  }
  const missing = [...expected].filter(([k, n]) => (received.get(k) ?? 0) < n).map(([k]) => k);
  const unexpected = [...received.keys()].filter((k) => !expected.has(k));
  const duplicates = [...received].reduce((n, [k, count]) => n + Math.max(0, count - (expected.get(k) ?? count)), 0);
  console.log(`outage: server down ${((backAt - downAt) / 1000).toFixed(1)} s; ${bookings.size + 1} bookings in ${bookingSeconds.toFixed(1)} s with the server down; ` +
    `${outcomes.postponed} sends postponed (errors: ${errors.join(' | ')}; up to ${maxAttempts} attempts per message before the return, next retry at most ${(lastRetry / 1000).toFixed(1)} s after it); ` +
    `${arrived.length} messages arrived within ${(deliveredWithinMs / 1000).toFixed(1)} s of the return; ` +
    `${missing.length} missing, ${unexpected.length} unexpected, ${duplicates} duplicates`);
  expect(missing).toEqual([]);
  expect(unexpected).toEqual([]);
  // The listener was down before the bookings: no send was in flight at the failure, so no duplicate is allowed.
  expect(duplicates).toBe(0);
  expect(parsed.length).toBe(sent.length);
  expect(deliveredWithinMs).toBeLessThanOrEqual(BACK_WITHIN_MS);

  // Each coach's one notice, merged while it waited, names every participant who joined.
  for (const session of load.sessions) {
    const notices = parsed.filter((m) => m.to[0] === session.coachEmail && kindOf(m.subject) === 'roster_changed');
    const joined = load.people.filter((p) => p.sessionId === session.id).map((p) => p.name);
    const last = notices.at(-1)!;
    expect(last.subject).toContain(`${SEATS} of ${SEATS} seats taken`);
    for (const name of joined) expect(last.text).toContain(name);
  }
});
