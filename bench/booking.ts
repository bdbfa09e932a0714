// npm run bench:booking — how fast seats are taken and given up, and how fast the open-sessions
// list answers in a large organisation. Starts Quartet on a throwaway embedded cluster, runs the
// same workload three ways on the same database (raw pg: the ceiling; the service through Kysely;
// HTTP: the whole app), audits every seat after each, then measures the list. Prints numbers and
// ratios; exits non-zero only if a seat was overbooked or miscounted, or a request failed (5xx).
// Knobs: BENCH_SECONDS (measured seconds per mode, default 10), DB_POOL_SIZE (the app's setting).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../src/lib/config.ts';
import { startQuartet, type RunningQuartet } from '../src/server.ts';
import type { Mode } from './drivers.ts';
import { combine, countQueriesPerRequest, LABELS, printPhase, runOnce, type Phase, type Run } from './booking-runs.ts';
import { captureCeilingStatements } from './ceiling-sql.ts';
import { createBookingOrg, signInByLink } from './fixtures.ts';
import { startListener } from './listener.ts';
import { createListingOrg, explainListing, SITES } from './listing-org.ts';
import { latencies, ms, postgresCpuSeconds, processCpuSeconds, rate, showLatencies, type Latencies } from './stats.ts';
import { inWorker, terminateWorkers } from './workload.ts';
import { freePort } from '../test/free-port.ts';

const CLIENTS = 64;
const PEOPLE = 512;
const SESSIONS = 256;
const HOT_SESSIONS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10); // measured per mode, over all rounds
const ROUNDS = 2;
const WARMUP_MS = 1500;
// Listing is measured for one viewer at a time (the wait a person sees) and under 8 at once (load).
const LISTING = { people: 100_000, sessions: 20_000, viewers: 8, concurrencies: [1, 8], warmup: 40, requests: 300 };
const TARGET = { ratio: 0.5, p99: 50, listingP95: 20 };
// Flat out, 64 clients wait 64 / throughput on average (Little's law), so latency there measures
// the machine's capacity. Flat out, the mail also falls behind and goes on after the run, so the
// rate the machine keeps up with, mail included, is the operations over the run and that tail.
// Paced runs put the same 64 clients at a share of that rate for HTTP, as people at keyboards
// would, and show the wait at that load.
const PACED = { shares: [0.25, 0.5, 0.75], seconds: 8, modes: ['pg', 'http'] as const };


const log = (line = '') => console.log(line);

interface ListedKind {
  name: string;
  concurrency: number;
  l: Latencies;
  failures: number;
}

async function listingFigure(quartet: RunningQuartet, pool: pg.Pool, postmasterPid: number | undefined): Promise<ListedKind[]> {
  const listed: ListedKind[] = [];
  log(`listing: building an organisation with ${LISTING.people.toLocaleString('en-US')} people and ${LISTING.sessions.toLocaleString('en-US')} upcoming sessions...`);
  const building = performance.now();
  const big = await createListingOrg(pool, LISTING);
  log(`  built in ${((performance.now() - building) / 1000).toFixed(1)} s: ${big.counts.people} people, ${big.counts.sessions} sessions, ${big.counts.bookings} bookings; ` +
    `${LISTING.requests} requests per kind after ${LISTING.warmup} to warm up`);
  const kinds = [
    { name: 'first page', paths: ['/api/sessions'], filters: {} },
    { name: 'by module', paths: big.moduleIds.map((id) => `/api/sessions?moduleId=${id}`), filters: { moduleId: big.moduleIds[0] } },
    { name: 'by site (in person)', paths: SITES.map((site) => `/api/sessions?site=${site}`), filters: { site: SITES[1] } },
    { name: 'German, seats left', paths: ['/api/sessions?language=de&available=true'], filters: { language: 'de' as const, onlyAvailable: true } },
  ];
  for (const concurrency of LISTING.concurrencies) {
    const cpu0 = { node: processCpuSeconds(), pg: postgresCpuSeconds(postmasterPid) };
    const elu0 = performance.eventLoopUtilization();
    const listing = await inWorker({
      listing: { baseUrl: quartet.url, cookies: big.cookies, kinds, warmup: LISTING.warmup, requests: LISTING.requests, concurrency },
    });
    const requests = kinds.length * (LISTING.warmup + LISTING.requests);
    const cpu = { node: ((processCpuSeconds() - cpu0.node) / requests) * 1000, pg: ((postgresCpuSeconds(postmasterPid) - cpu0.pg) / requests) * 1000 };
    for (const [i, k] of listing.kinds.entries()) {
      const l = latencies(k.latency);
      const plan = await explainListing(pool, big.orgId, { viewerId: big.viewerIds[0]!, ...kinds[i]!.filters });
      const sqlMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
      listed.push({ name: k.name, concurrency, l, failures: k.failures.length });
      log(`  ${concurrency} at once, ${k.name.padEnd(20)} ${showLatencies(l)}; ${k.items} on the page; the list query alone ${ms(sqlMs)}` +
        (k.failures.length ? `; FAILED ${k.failures.length}: ${k.failures[0]}` : ''));
      // Only a slow query deserves its plan; a slow answer over a fast query is spent in Node.
      if (l.p95 > TARGET.listingP95 && !(sqlMs < TARGET.listingP95 / 4)) log(plan.split('\n').map((line) => `      ${line}`).join('\n'));
    }
    log(`  CPU per request: Node ${ms(cpu.node)} (clients and server), PostgreSQL ${ms(cpu.pg)}; server event loop busy ` +
      `${(performance.eventLoopUtilization(elu0).utilization * 100).toFixed(0)}%`);
  }
  return listed;
}

async function main(): Promise<number> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-bench-'));
  const port = await freePort();
  const listener = await startListener();
  const config = loadConfig({
    DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}`,
    EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'never', LOG_LEVEL: 'silent', DB_POOL_SIZE: process.env.DB_POOL_SIZE,
    // As deployed: each booking queues its messages in its transaction and the process's worker
    // sends them meanwhile (sign-in needs the log-in mail); WORKER_CONCURRENCY=… changes it. The
    // mail goes over SMTP to a listener in a process of its own, as to a relay: the development
    // catcher would receive and file every message inside the process being measured.
    WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY, SMTP_URL: listener.url,
  });
  let quartet: RunningQuartet | undefined;
  let owner: pg.Pool | undefined;
  let stopping: Promise<void> | undefined;
  // Once, whoever asks first: the end of the run, or Ctrl-C in the middle of it.
  const stop = () =>
    (stopping ??= (async () => {
      await terminateWorkers();
      await owner?.end();
      await quartet?.stop();
      listener.stop();
      rmSync(dataDir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));
  // Other work on the machine (a test run, a build) takes CPU from every phase: say so.
  const loadBefore = os.loadavg()[0]!;
  try {
    quartet = await startQuartet(config, pino({ level: 'silent' }));
    // Fixtures and audits are written and read as the owner; the app itself runs as quartet_app.
    const pool = new pg.Pool({ connectionString: quartet.ownerUrl, max: 4 });
    pool.on('error', () => {}); // idle connections end when the cluster stops
    owner = pool;
    const postmasterPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
    const pgVersion = (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    const machine = `${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL ${pgVersion} (embedded, default settings)`;
    log(`Quartet booking benchmark — ${machine}`);
    if (loadBefore > 0.5) log(`warning: the machine was already busy (load average ${loadBefore.toFixed(1)} on ${os.availableParallelism()} cores); expect lower figures`);
    log(`app started in ${((performance.now() - started) / 1000).toFixed(1)} s; DB_POOL_SIZE ${config.dbPoolSize}; ${CLIENTS} clients; ${SECONDS} s measured per mode in ${ROUNDS} rounds, each after ${WARMUP_MS / 1000} s of warm-up`);

    const org = await createBookingOrg(pool, PEOPLE, SESSIONS);
    for (const person of org.people.slice(0, 4)) person.cookie = await signInByLink(quartet.url, (email) => listener.loginToken(email), person.email);
    log(`organisation: ${PEOPLE} people with session cookies (4 of them signed in through the log-in link mail), ` +
      `${SESSIONS} sessions × 4 seats, max_future_bookings 100; ${HOT_SESSIONS} hot sessions get half of all sign-up attempts`);
    const queries = await countQueriesPerRequest(quartet.url, org);
    const ceilingSql = await captureCeilingStatements();
    log(`queries per HTTP request: sign-up ${queries.book}, cancel ${queries.cancel} ` +
      `(the ceiling sends ${ceilingSql.book.length + ceilingSql.booked.length + 2} and ${ceilingSql.cancel.length + ceilingSql.cancelled.length + 2}, BEGIN and COMMIT included)`);
    log();

    // The modes take turns, so load from elsewhere on the machine falls on all of them alike.
    const modes = ['pg', 'service', 'http'] as const;
    const settings = { clients: CLIENTS, hotSessions: HOT_SESSIONS, warmupMs: WARMUP_MS, durationMs: (SECONDS * 1000) / ROUNDS, postmasterPid, owner: pool };
    const runs = new Map<Mode, Run[]>(modes.map((m) => [m, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      const line: string[] = [];
      for (const mode of modes) {
        const run = await runOnce(quartet, org, mode, settings);
        runs.get(mode)!.push(run);
        line.push(`${LABELS[mode]} ${rate((run.result.bookAttempts + run.result.cancelAttempts) / run.result.seconds)} ops (its mail sent ${run.mailBehind.toFixed(1)} s after it)`);
      }
      log(`round ${round}/${ROUNDS}: ${line.join(', ')}`);
    }
    log();
    const phases = modes.map((mode) => combine(mode, runs.get(mode)!));
    for (const phase of phases) {
      printPhase(phase);
      log();
    }

    const [ceiling, service, httpPhase] = phases as [Phase, Phase, Phase];
    const opsPerSecond = (p: Phase) => (p.result.bookAttempts + p.result.cancelAttempts) / p.result.seconds;
    // The share of the machine's cores a phase kept busy (this process and PostgreSQL; the mail
    // listener stands for a relay elsewhere and is not counted).
    const cores = os.availableParallelism();
    const cpuMsPerOp = (p: Phase) => p.cpuPerOpWithMail.node + p.cpuPerOpWithMail.postgres;
    const busy = (p: Phase) => ((p.cpuPerOp.node + p.cpuPerOp.postgres) * opsPerSecond(p)) / 1000 / cores;
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

    const paced: Array<{ share: number; offered: number; phase: Phase }> = [];
    log(`paced: the same ${CLIENTS} clients at ${PACED.shares.map((x) => `${x * 100}%`).join(', ')} of the HTTP rate kept up with its mail (${rate(httpPhase.sustained)} ops), ` +
      `${PACED.seconds} s each; latency from each request's due time`);
    for (const share of PACED.shares) {
      const offered = Math.max(1, Math.round(share * httpPhase.sustained));
      const line: string[] = [];
      for (const mode of PACED.modes) {
        const phase = combine(mode, [await runOnce(quartet, org, mode, { ...settings, durationMs: PACED.seconds * 1000, opsPerSecond: offered })]);
        paced.push({ share, offered, phase });
        line.push(`${LABELS[mode]} ${rate(opsPerSecond(phase))} done, ${showLatencies(phase.all)}, machine ${pct(busy(phase))} busy, app event loop delay p99 ${ms(phase.loopDelayP99)}`);
      }
      log(`  ${rate(offered)} offered: ${line.join('; ')}`);
    }
    log();

    const listed = await listingFigure(quartet, pool, postmasterPid);
    const signUps = (p: Phase) => p.result.booked / p.result.seconds;
    const ratio = opsPerSecond(httpPhase) / opsPerSecond(ceiling);
    const allPhases = [...phases, ...paced.map((p) => p.phase)];
    const failures = allPhases.reduce((n, p) => n + p.result.errors, 0) + listed.reduce((n, l) => n + l.failures, 0);
    const badSeats = allPhases.flatMap((p) => p.audits).reduce((n, a) => n + a.overbooked + a.miscounted, 0);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    log();
    log('==================== summary ====================');
    log(`machine      ${machine}`);
    log(`setup        ${CLIENTS} clients, DB_POOL_SIZE ${config.dbPoolSize}, ${PEOPLE} people, ${SESSIONS} sessions × 4 seats, ${SECONDS} s measured per mode in ${ROUNDS} rounds`);
    for (const p of phases) {
      log(`${LABELS[p.mode].padEnd(20)} ${rate(opsPerSecond(p)).padStart(8)} ops  ${rate(signUps(p)).padStart(7)} sign-ups  ${rate(p.result.bookAttempts / p.result.seconds).padStart(7)} attempts   ` +
        `p50 ${ms(p.all.p50)}  p95 ${ms(p.all.p95)}  p99 ${ms(p.all.p99)}   CPU/op Node ${ms(p.cpuPerOp.node)} + PostgreSQL ${ms(p.cpuPerOp.postgres)}`);
    }
    log(`HTTP / ceiling  ${ratio.toFixed(2)} (ops/s; sign-ups ${(signUps(httpPhase) / signUps(ceiling)).toFixed(2)}; service / ceiling ${(opsPerSecond(service) / opsPerSecond(ceiling)).toFixed(2)})  target ≥ ${TARGET.ratio}: ${verdict(ratio >= TARGET.ratio)}`);
    log(`with mail      kept up with its mail: ${phases.map((p) => `${LABELS[p.mode]} ≈ ${rate(p.sustained)} ops (mail ${p.mailBehind.toFixed(1)} s behind)`).join(', ')}; HTTP / ceiling ${(httpPhase.sustained / ceiling.sustained).toFixed(2)}`);
    log(`HTTP p99 flat out ${ms(httpPhase.all.p99)} (sign-up ${ms(httpPhase.book.p99)}, cancel ${ms(httpPhase.cancel.p99)})  target ≤ ${TARGET.p99} ms: ${verdict(httpPhase.all.p99 <= TARGET.p99)}` +
      ` (${CLIENTS} clients that never pause wait ${CLIENTS} / ops per second on average: ${ms((CLIENTS / opsPerSecond(httpPhase)) * 1000)})`);
    // Whatever the code, 64 clients that never pause cannot wait less on average than the CPU each
    // operation takes, times 64, spread over the cores: the bound for the ceiling and for HTTP.
    for (const p of [ceiling, httpPhase]) {
      log(`CPU bound       ${LABELS[p.mode]}: ${ms(cpuMsPerOp(p))} CPU per op (Node ${ms(p.cpuPerOpWithMail.node)}, load clients included, + PostgreSQL ${ms(p.cpuPerOpWithMail.postgres)}; its mail included) on ${cores} cores: ` +
        `at most ${rate((cores * 1000) / cpuMsPerOp(p))} ops, so ${CLIENTS} clients that never pause wait ≥ ${ms((CLIENTS * cpuMsPerOp(p)) / cores)} on average ` +
        `(PostgreSQL's share alone: ≥ ${ms((CLIENTS * p.cpuPerOpWithMail.postgres) / cores)})`);
    }
    for (const p of paced.filter((x) => x.phase.mode === 'http')) {
      const pg = paced.find((x) => x.share === p.share && x.phase.mode === 'pg')!.phase;
      log(`HTTP p99 paced  ${ms(p.phase.all.p99)} at ${rate(p.offered)} offered (${p.share * 100}% of the rate kept up with its mail; ${CLIENTS} clients; machine ${pct(busy(p.phase))} busy), p50 ${ms(p.phase.all.p50)}; ` +
        `the ceiling at the same load ${ms(pg.all.p99)}  target ≤ ${TARGET.p99} ms: ${verdict(p.phase.all.p99 <= TARGET.p99)}`);
    }
    log(`5xx / errors    ${allPhases.reduce((n, p) => n + p.result.status5xx, 0)} × 5xx, ${failures} failed requests in all (listing included)`);
    log(`overbooking     ${badSeats === 0 ? 'none' : `${badSeats} sessions wrong`} (every session audited after each of the ${allPhases.reduce((n, p) => n + p.audits.length, 0)} runs)`);
    for (const l of listed) log(`listing ${String(l.concurrency).padStart(2)} at once, ${l.name.padEnd(20)} p50 ${ms(l.l.p50)}  p95 ${ms(l.l.p95)}  p99 ${ms(l.l.p99)}`);
    for (const c of LISTING.concurrencies) {
      const worst = Math.max(...listed.filter((l) => l.concurrency === c).map((l) => l.l.p95));
      log(`listing p95     worst ${ms(worst)} with ${c} viewer${c > 1 ? 's' : ''} at once, ${LISTING.people.toLocaleString('en-US')} people / ${LISTING.sessions.toLocaleString('en-US')} sessions  target ≤ ${TARGET.listingP95} ms: ${verdict(worst <= TARGET.listingP95)}`);
    }
    log(`total time      ${((performance.now() - started) / 1000).toFixed(0)} s; load average before the run ${loadBefore.toFixed(1)}`);
    return failures > 0 || badSeats > 0 ? 1 : 0;
  } finally {
    await stop();
  }
}

process.exitCode = await main();
