// npm run bench:rush — the morning a month's sessions open: a 3,000-person organisation with
// about 750 sessions of 4 seats (as many seats as people), and everyone signs in by log-in link and
// tries to book within two minutes, through HTTP. Starts Quartet as `npm start` does (its mail
// worker in the process) on a throwaway embedded cluster, mail going over SMTP to a listener in a
// process of its own (the relay), where the people take their links from. Prints throughput,
// latency percentiles, answers by status, refusals, the seat audit, whether every seat's
// confirmation reached the relay within two minutes of the rush's end, and the raw-SQL ceiling of
// the same bookings measured in the same run. Exits non-zero on any error (5xx included), any
// overbooked or miscounted session, or any confirmation missing two minutes after the rush.
// Knobs: RUSH_PEOPLE (default 3000; sessions and coaches scale with it), RUSH_CLIENTS (virtual
// users at once, default 64), RUSH_WINDOW_SECONDS (no new person starts after it, default 120),
// DB_POOL_SIZE and WORKER_CONCURRENCY (the app's settings).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../src/lib/config.ts';
import { startQuartet, type RunningQuartet } from '../src/server.ts';
import { freePort } from '../test/free-port.ts';
import { auditSeats, drainMail, resetBookings } from './fixtures.ts';
import { startListener } from './listener.ts';
import { checkConfirmations } from './rush-mail.ts';
import { createRushOrg, rushOrgSize } from './rush-org.ts';
import { printAudit, printCeiling, printMail, printRush, printSummary } from './rush-report.ts';
import { inRushThread, terminateRushThreads } from './rush-threads.ts';
import { postgresCpuSeconds, processCpuSeconds } from './stats.ts';

function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be a whole number from ${min} to ${max} (was ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return value;
}

const PEOPLE = setting('RUSH_PEOPLE', 3000, 8, 100_000);
const CLIENTS = setting('RUSH_CLIENTS', 64, 1, 1000);
const WINDOW_SECONDS = setting('RUSH_WINDOW_SECONDS', 120, 1, 3600);
const TRIES = 3;
const PAGE_SIZE = 30; // the web app's list page
const REQUEST_TIMEOUT_MS = 30_000;
const LINK_TIMEOUT_MS = 60_000; // from the 202 until the link is at the relay
const MAIL_GOAL_SECONDS = 120;
const MAIL_WAIT_SECONDS = 180; // long enough to tell late from never
// Everyone here comes from 127.0.0.1, where the per-address defaults (100 links and 100 sign-ins
// per 15 minutes) would stop the rush after 100 people; in production they come from many addresses.
const PER_CLIENT_LIMIT = '1000000/1h';

const log = (line = '') => console.log(line);

async function main(): Promise<number> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-bench-rush-'));
  const port = await freePort();
  const listener = await startListener();
  const config = loadConfig({
    DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}`,
    EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'never', LOG_LEVEL: 'silent', SMTP_URL: listener.url,
    DB_POOL_SIZE: process.env.DB_POOL_SIZE, WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY,
    RATE_LIMIT_LOGIN_LINKS_PER_IP: PER_CLIENT_LIMIT, RATE_LIMIT_SIGN_INS_PER_IP: PER_CLIENT_LIMIT,
  });
  let quartet: RunningQuartet | undefined;
  let owner: pg.Pool | undefined;
  let stopping: Promise<void> | undefined;
  // Once, whoever asks first: the end of the run, or Ctrl-C in the middle of it.
  const stop = () =>
    (stopping ??= (async () => {
      await terminateRushThreads();
      await owner?.end();
      await quartet?.stop();
      listener.stop();
      rmSync(dataDir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));
  const loadBefore = os.loadavg()[0]!;
  try {
    quartet = await startQuartet(config, pino({ level: 'silent' }));
    const pool = new pg.Pool({ connectionString: quartet.ownerUrl, max: 4 });
    pool.on('error', () => {}); // idle connections end when the cluster stops
    owner = pool;
    const postmasterPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
    const pgVersion = (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    const machine = `${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL ${pgVersion} (embedded, default settings)`;
    log(`Quartet rush benchmark — ${machine}`);
    if (loadBefore > 0.5) log(`warning: the machine was already busy (load average ${loadBefore.toFixed(1)} on ${os.availableParallelism()} cores); expect lower figures`);

    const org = await createRushOrg(pool, rushOrgSize(PEOPLE));
    const n = org.counts;
    log(`app started and organisation built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${n.people} people in ${n.departments} departments, ` +
      `${n.coaches} coaches, ${org.moduleIds.length} modules, ${n.rooms} rooms; ${n.sessions} sessions (${n.inPerson} in person) on workdays ${n.firstDay} … ${n.lastDay}, ` +
      `${n.seats} seats for ${n.people} people`);
    const setup = `${PEOPLE} people, ${CLIENTS} virtual users, window ${WINDOW_SECONDS} s, at most ${TRIES} tries each, ` +
      `DB_POOL_SIZE ${config.dbPoolSize}, WORKER_CONCURRENCY ${config.workerConcurrency}`;
    log(`${setup}; each person: log-in link → mail at the relay → session cookie → GET /api/sessions (first page or one module, seats left, ${PAGE_SIZE} a page) → book, ` +
      `another from the page if full`);
    const limit = loadConfig({}).rateLimits.loginLinksPerIp;
    log(`rate limits: log-in links and sign-ins per client address raised to ${PER_CLIENT_LIMIT} (all people come from 127.0.0.1 here; ` +
      `in production they come from many addresses, each under the default ${limit.max} per ${limit.windowSeconds / 60} minutes)`);
    log();

    const cpu = () => ({ node: processCpuSeconds(), postgres: postgresCpuSeconds(postmasterPid) });
    const since = (from: ReturnType<typeof cpu>) => ({ node: processCpuSeconds() - from.node, postgres: postgresCpuSeconds(postmasterPid) - from.postgres });
    let rushFrom = cpu();
    const rush = await inRushThread({
      rush: {
        baseUrl: quartet.url, people: org.people, moduleIds: org.moduleIds, clients: CLIENTS, windowMs: WINDOW_SECONDS * 1000,
        tries: TRIES, pageSize: PAGE_SIZE, requestTimeoutMs: REQUEST_TIMEOUT_MS,
      },
    }, () => (rushFrom = cpu()), listener, LINK_TIMEOUT_MS);
    const rushCpu = since(rushFrom);
    const relay = listener.stats().count;
    printRush(rush, PEOPLE, rushCpu);
    const audit = await auditSeats(pool, org.orgId);
    printAudit('seats after the rush', audit);
    const mail = await checkConfirmations(listener, pool, org.orgId, rush, org.people, MAIL_GOAL_SECONDS * 1000, MAIL_WAIT_SECONDS * 1000);
    printMail(mail, MAIL_GOAL_SECONDS, relay / ((rush.endedAt - rush.startedAt) / 1000));
    log();

    // The same seats again, through raw SQL, from no bookings: the rush's mail has left first, so
    // the ceiling shares the machine only with the sending of its own confirmations.
    await drainMail(pool, 60_000).catch((error: unknown) => log(`warning: ${(error as Error).message}; the ceiling shares the machine with that mail`));
    await resetBookings(pool, org.orgId);
    listener.reset();
    let ceilingFrom = cpu();
    const ceiling = await inRushThread({
      ceiling: {
        orgId: org.orgId, databaseUrl: quartet.ctx.pool.options.connectionString!, poolSize: config.dbPoolSize, clients: CLIENTS,
        bookings: rush.bookings.map((b) => ({ personId: org.people[b.person]!.id, sessionId: b.sessionId })),
      },
    }, () => (ceilingFrom = cpu()));
    const ceilingCpu = since(ceilingFrom);
    printCeiling(ceiling, CLIENTS, config.dbPoolSize, ceilingCpu);
    const ceilingAudit = await auditSeats(pool, org.orgId);
    printAudit('seats after the ceiling', ceilingAudit);

    const v = printSummary({ machine, setup, rush, people: PEOPLE, clients: CLIENTS, windowSeconds: WINDOW_SECONDS, audit, mail, ceiling, ceilingAudit, goalSeconds: MAIL_GOAL_SECONDS, rushCpu, ceilingCpu });
    log(`load average after the run ${os.loadavg()[0]!.toFixed(1)} (before ${loadBefore.toFixed(1)}) on ${os.availableParallelism()} cores`);
    return v.errors && v.seats && v.mail ? 0 : 1;
  } finally {
    await stop();
  }
}

process.exitCode = await main();
