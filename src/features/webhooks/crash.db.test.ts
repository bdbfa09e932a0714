// Deliveries while `quartet worker` processes are killed: 400 events go to a receiver that takes
// its time to answer, sent only by worker processes (two at a time) killed with SIGKILL every one
// to two seconds and replaced. Every event must reach the receiver; a delivery whose answer came
// just before its worker died is sent again once the dead worker's job is released (at least
// once, never lost), and every such repeat carries an event id (and body) the receiver has already
// seen, by which it recognises it. How many repeats arrived is reported.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { onCleanup } from '../../../test/cleanup.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildOrganisation } from '../../../test/factories.ts';
import { startSmtpRecorder, type SmtpRecorder } from '../../../test/smtp-recorder.ts';
import { startReceiver } from '../../../test/webhook-receiver.ts';
import { queueWebhookEvent } from './outbox/service.ts';

const EVENTS = 400;
const WORKERS = 2;
const ROOT = path.resolve(import.meta.dirname, '../../..');

let database: TestDatabase;
let smtp: SmtpRecorder;
let dataDir: string;
const workers = new Set<ChildProcess>();

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['src/cli.ts', 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env, DATABASE_URL: database.url, APP_DATABASE_URL: database.appUrl, SMTP_URL: smtp.url, BASE_URL: 'http://quartet.test',
      DATA_DIR: dataDir, WORKER_CONCURRENCY: '10', LOG_LEVEL: 'warn', WEBHOOKS_ALLOW_LOOPBACK: 'true',
    },
    stdio: 'ignore',
  });
  workers.add(child);
  child.once('exit', () => workers.delete(child));
  return child;
}
const exitOf = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null
  ? Promise.resolve()
  : new Promise<void>((resolve) => child.once('exit', () => resolve())));
function killAll() {
  for (const child of workers) child.kill('SIGKILL');
}
process.once('exit', killAll);
afterAll(async () => {
  killAll();
  await Promise.all([...workers].map(exitOf));
});

beforeAll(async () => {
  database = await createTestDatabase(10);
  smtp = await startSmtpRecorder();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-webhook-crash-'));
  onCleanup(async () => {
    killAll();
    await Promise.all([...workers].map(exitOf));
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('delivers every event while worker processes are killed; every repeat carries an event id already seen', { timeout: 4 * 60_000 }, async () => {
  const receiver = await startReceiver();
  receiver.otherwise({ status: 200, body: 'ok', delayMs: 120 });
  const org = await buildOrganisation(database.db);
  await sql`insert into webhook_endpoints (org_id, url, events, secret) values (${org.id}, ${receiver.url}, '{booking.created}', 'whsec_crash')`.execute(database.db);
  await database.db.transaction().execute(async (tx) => {
    for (let i = 0; i < EVENTS; i++) await queueWebhookEvent(tx, org.id, 'booking.created', { booking: { n: i } });
  });

  for (let i = 0; i < WORKERS; i++) startWorker();
  let kills = 0;
  let killing = true;
  const killer = (async () => {
    while (killing) {
      await sleep(1_000 + Math.random() * 1_000);
      if (!killing) break;
      const victim = [...workers][Math.floor(Math.random() * workers.size)];
      if (victim) {
        victim.kill('SIGKILL');
        kills++;
        await exitOf(victim);
      }
      while (workers.size < WORKERS) startWorker();
    }
  })();

  const pending = async () => (await sql<{ n: number }>`
    select count(*)::int as n from webhook_deliveries where org_id = ${org.id} and status <> 'succeeded'`.execute(database.db)).rows[0]!.n;
  // Killing goes on while most deliveries are still to be made; then the two left finish,
  // including what the dead ones held (released by the survivors' sweep).
  while (killing) {
    await sleep(200);
    if ((await pending()) < EVENTS / 10 || kills >= 12) killing = false;
  }
  await killer;
  const deadline = Date.now() + 2 * 60_000;
  while ((await pending()) > 0) {
    if (Date.now() > deadline) throw new Error(`${await pending()} deliveries not succeeded two minutes after the killing ended`);
    await sleep(250);
  }

  const { rows: events } = await sql<{ id: string }>`select id from webhook_events where org_id = ${org.id}`.execute(database.db);
  expect(events).toHaveLength(EVENTS);
  const ids = receiver.eventIds();
  // Every event arrived; nothing arrived that is not an event.
  expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
  // A repeat is recognisable: its id was seen before, and its body is the first one's, byte for byte.
  const first = new Map<string, string>();
  let repeats = 0;
  for (const r of receiver.received) {
    const id = String(r.headers['quartet-event-id']);
    const seen = first.get(id);
    if (seen === undefined) first.set(id, r.body);
    else {
      repeats++;
      expect(r.body).toBe(seen);
    }
  }
  expect(kills).toBeGreaterThan(0);
  console.log(`webhooks under crashes: ${kills} SIGKILLs, ${EVENTS} events, ${receiver.received.length} requests received, ` +
    `${repeats} repeats (each with an event id already seen)`);
});
