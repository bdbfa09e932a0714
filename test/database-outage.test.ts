// The database goes away under a booking load, and comes back: Quartet answers 503 with
// Retry-After meanwhile (never 500), serves again by itself without being restarted, and every
// answer it gave holds: each booking answered 201 is there with its confirmation mail, none
// answered 5xx is there. Once on the embedded cluster, whose postmaster is killed (-9) and
// restarted by Quartet's supervisor; once on a PostgreSQL server of the test's own (not the shared
// one), stopped for 30 seconds. And a SIGTERM while the database is away ends the process cleanly.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/lib/config.ts';
import { ensureDatabase, startEmbeddedCluster, type EmbeddedCluster } from '../src/db/embedded.ts';
import { openDatabase, type DbHandle } from '../src/db/pool.ts';
import { startQuartet, type RunningQuartet } from '../src/server.ts';
import { cookiesFor, startBookingLoad, statusOf, waitUntil, type Answer } from './booking-load.ts';
import { REFERENCE_MONDAY } from './dates.ts';
import { freePort } from './free-port.ts';
import { createLoadOrg, type LoadOrg } from './mail-load.ts';
import { ROOT } from './quartet-process.ts';
import { startMailbox, type Mailbox } from './smtp.ts';

// Stated recovery: the app serves again within 20 s of PostgreSQL accepting connections again
// (its breaker probes at most every 5 s); every confirmation is in the inbox within 90 s.
const RECOVERY_MS = 20_000;
const MAIL_MS = 90_000;
const SERVER_DOWN_MS = 30_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean().catch(() => {});
});

function temporaryDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `quartet-${name}-`));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A logger whose lines the test can read. */
function capturingLogger(): { logger: Logger; lines: Array<{ level: number; msg: string }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}

async function startQuartetOn(env: Record<string, string>, logger: Logger, mailbox: Mailbox): Promise<RunningQuartet> {
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}`, SMTP_URL: mailbox.url,
    SEED_DEMO: 'never', WORKER_CONCURRENCY: '4', ...env,
  });
  const quartet = await startQuartet(config, logger);
  cleanups.push(() => quartet.stop());
  return quartet;
}

interface Scenario {
  quartet: RunningQuartet;
  owner: DbHandle;
  mailbox: Mailbox;
  load: LoadOrg;
  cookies: Map<string, string>;
  /** Takes the database away; returns when it is gone. */
  cutOff(): Promise<void>;
  /** Brings it back, for an outage the test ends itself; absent when Quartet must do it. */
  restore?: () => Promise<void>;
}

async function prepare(quartet: RunningQuartet): Promise<{ owner: DbHandle; load: LoadOrg; cookies: Map<string, string> }> {
  const owner = openDatabase(quartet.ownerUrl, 4);
  cleanups.push(() => owner.close());
  const from = REFERENCE_MONDAY.getTime();
  const load = await createLoadOrg(owner.db, { tag: 'outage', starts: Array.from({ length: 250 }, (_, i) => new Date(from + i * 2 * 3_600_000)), seats: 4 });
  return { owner, load, cookies: await cookiesFor(owner.db, load) };
}

async function runOutage(s: Scenario): Promise<{ answers: Answer[]; recoveredInMs: number; healthz: number[] }> {
  const { url } = s.quartet;
  const traffic = startBookingLoad({ url, origin: s.quartet.ctx.config.baseUrl, people: s.load.people, cookies: s.cookies, clients: 8, pauseMs: 40 });
  const booked = () => traffic.answers.filter((a) => a.status === 201).length;
  await waitUntil('bookings before the outage', 30_000, () => booked() >= 40);

  const healthz: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      healthz.push(await statusOf(`${url}/healthz`));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();

  await s.cutOff();
  await waitUntil('503 answers while the database is away', 30_000, () => traffic.answers.some((a) => a.status === 503));
  expect(await statusOf(`${url}/readyz`)).toBe(503);
  if (s.restore) {
    await new Promise((r) => setTimeout(r, SERVER_DOWN_MS));
    await s.restore();
  }
  const recoveredInMs = await waitUntil('ready again', RECOVERY_MS + 20_000, async () => (await statusOf(`${url}/readyz`)) === 200);
  const bookedAtRecovery = booked();
  await waitUntil('bookings after the outage', 30_000, () => booked() >= bookedAtRecovery + 40);
  traffic.stop();
  await traffic.done;
  sampling = false;
  await sampler;
  return { answers: traffic.answers, recoveredInMs, healthz };
}

async function expectEveryAnswerHeld(s: Scenario, answers: Answer[]) {
  const statuses = new Set(answers.map((a) => a.status));
  expect([...statuses].filter((st) => st >= 500 && st !== 503), 'no 5xx but 503').toEqual([]);
  expect(statuses.has(0), 'every request answered').toBe(false);
  const unavailable = answers.filter((a) => a.status === 503);
  expect(unavailable.length).toBeGreaterThan(0);
  for (const a of unavailable) {
    expect(a.code).toBe('DATABASE_UNAVAILABLE');
    expect(Number(a.retryAfter)).toBeGreaterThan(0);
  }
  const rows = await s.owner.db.selectFrom('bookings').select(['person_id', 'session_id', 'status']).where('org_id', '=', s.load.orgId).execute();
  const bookingOf = new Map(rows.map((r) => [`${r.person_id}/${r.session_id}`, r.status]));
  const created = answers.filter((a) => a.status === 201);
  for (const a of created) expect(bookingOf.get(`${a.person.id}/${a.person.sessionId}`), `booking of ${a.person.email} answered 201`).toBe('active');
  for (const a of unavailable) expect(bookingOf.has(`${a.person.id}/${a.person.sessionId}`), `booking of ${a.person.email} answered 503`).toBe(false);
  // Nothing was made that no one was told about either.
  expect(rows.length).toBe(created.length);
  const unconfirmed = () => created.filter((a) => s.mailbox.to(a.person.email).length === 0).map((a) => a.person.email);
  await waitUntil('a confirmation for every booking answered 201', MAIL_MS, () => unconfirmed().length === 0).catch((error: Error) => {
    throw new Error(`${error.message}; still without one: ${unconfirmed().join(', ')}`);
  });
}

/** Each distinct warning or error said at most a few times: state changes, not attempts. */
function expectQuietLog(lines: Array<{ level: number; msg: string }>) {
  const loud = lines.filter((l) => l.level >= 40);
  const counts = new Map<string, number>();
  for (const l of loud) counts.set(l.msg, (counts.get(l.msg) ?? 0) + 1);
  expect([...counts].filter(([, n]) => n > 3), 'a warning repeated per attempt').toEqual([]);
  expect(loud.length, loud.map((l) => l.msg).join('\n')).toBeLessThan(25);
}

describe('the database goes away under a booking load', () => {
  it('the embedded cluster killed with -9 is restarted by Quartet, which serves again without a restart', { timeout: 240_000 }, async () => {
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.close());
    const { logger, lines } = capturingLogger();
    const dataDir = temporaryDir('outage-embedded');
    const quartet = await startQuartetOn({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) }, logger, mailbox);
    const scenario: Scenario = {
      quartet, mailbox, ...(await prepare(quartet)),
      async cutOff() {
        const pid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(pid, 'SIGKILL');
      },
    };
    const { answers, recoveredInMs, healthz } = await runOutage(scenario);
    console.log(`embedded: ${answers.length} requests, ${answers.filter((a) => a.status === 503).length} answered 503; ready again ${(recoveredInMs / 1000).toFixed(1)} s after the kill was seen`);
    expect(recoveredInMs).toBeLessThan(RECOVERY_MS);
    // The process could recover by itself all along: an orchestrator had no reason to restart it.
    expect(healthz.length).toBeGreaterThan(0);
    expect(healthz.every((status) => status === 200)).toBe(true);
    await expectEveryAnswerHeld(scenario, answers);
    expect(lines.some((l) => l.msg.startsWith('the embedded PostgreSQL stopped unexpectedly'))).toBe(true);
    expect(lines.some((l) => l.msg === 'the embedded PostgreSQL is running again')).toBe(true);
    expectQuietLog(lines);
  });

  it('a PostgreSQL server stopped for 30 s: the pools reconnect and nothing half-made remains', { timeout: 300_000 }, async () => {
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.close());
    const serverDir = temporaryDir('outage-server');
    const port = await freePort();
    let server: EmbeddedCluster = await startEmbeddedCluster({ dataDir: serverDir, port });
    cleanups.push(() => server.stop());
    await ensureDatabase(server.url('postgres'), 'quartet');
    const { logger, lines } = capturingLogger();
    const quartet = await startQuartetOn({ DATABASE_URL: server.url('quartet'), DATA_DIR: temporaryDir('outage-app') }, logger, mailbox);
    const scenario: Scenario = {
      quartet, mailbox, ...(await prepare(quartet)),
      cutOff: () => server.stop(),
      async restore() {
        server = await startEmbeddedCluster({ dataDir: serverDir, port });
      },
    };
    const { answers, recoveredInMs } = await runOutage(scenario);
    console.log(`server: ${answers.length} requests, ${answers.filter((a) => a.status === 503).length} answered 503; ready again ${(recoveredInMs / 1000).toFixed(1)} s after the server was back`);
    expect(recoveredInMs).toBeLessThan(RECOVERY_MS);
    await expectEveryAnswerHeld(scenario, answers);
    expectQuietLog(lines);
  });
});

describe('SIGTERM while the database is away', () => {
  async function stopWhileAway(env: NodeJS.ProcessEnv, takeAway: () => Promise<void>) {
    const child = spawn(process.execPath, ['src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    cleanups.push(async () => void child.kill('SIGKILL'));
    await waitUntil('Quartet ready', 60_000, () => {
      if (child.exitCode !== null) throw new Error(`Quartet exited at start:\n${output}`);
      return output.includes('Quartet is ready');
    });
    await takeAway();
    await waitUntil('the outage noticed', 30_000, () => output.includes('the database cannot be reached') || output.includes('stopped unexpectedly'));
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    return { code, stoppedInMs: Date.now() - signalledAt, output };
  }

  it('ends cleanly within a few seconds, on a server and on the embedded cluster', { timeout: 180_000 }, async () => {
    const serverDir = temporaryDir('sigterm-server');
    const port = await freePort();
    const server = await startEmbeddedCluster({ dataDir: serverDir, port });
    cleanups.push(() => server.stop());
    await ensureDatabase(server.url('postgres'), 'quartet');
    const appPort = await freePort();
    const onServer = await stopWhileAway(
      { DATABASE_URL: server.url('quartet'), PORT: String(appPort), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${appPort}`, DATA_DIR: temporaryDir('sigterm-app'), SMTP_URL: 'smtp://127.0.0.1:9', SEED_DEMO: 'never' },
      async () => {
        await server.stop();
        await fetch(`http://127.0.0.1:${appPort}/api/auth/login-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a@b.test"}' });
      },
    );
    expect(onServer.code, onServer.output).toBe(0);
    // closeWithGrace's own limit is 15 s: a stop that waited for the database would reach it.
    expect(onServer.stoppedInMs).toBeLessThan(10_000);

    const dataDir = temporaryDir('sigterm-embedded');
    const embeddedPort = await freePort();
    const embedded = await stopWhileAway(
      { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(embeddedPort), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${embeddedPort}`, SMTP_URL: '', SEED_DEMO: 'never' },
      async () => {
        const pid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(pid, 'SIGKILL');
      },
    );
    expect(embedded.code, embedded.output).toBe(0);
    expect(embedded.stoppedInMs).toBeLessThan(10_000);
  });
});
