// npm run bench:mail — how fast Quartet delivers mail. Starts Quartet on a throwaway embedded
// cluster with an SMTP listener in a process of its own (bench/mail-listener.ts), makes 10,000
// bookings through the booking service while no worker runs, then measures:
//   - the ceiling: nodemailer, with Quartet's pooled transport settings (src/lib/mailer.ts),
//     sending the same 10,000 confirmations, composed beforehand, straight to the same listener;
//   - Quartet: its mail worker (as src/server.ts starts it) delivering the queued confirmations —
//     job queue, re-reading the facts, composing, SMTP, marking sent;
//   - the ceiling again, so that a change in the machine's load shows;
//   - latency: with the worker idle, bookings one at a time at a modest pace, from each booking's
//     commit to the listener having its confirmation.
// Prints the figures and the ratio; exits non-zero if a confirmation was lost, failed or repeated.
// Knobs: BENCH_MAILS (default 10000), BENCH_PACED (default 200), WORKER_CONCURRENCY (default 10).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../src/lib/config.ts';
import { openDatabase, type DbHandle } from '../src/db/pool.ts';
import { startQuartetWorker, type MessageWorker, type SendOutcome } from '../src/worker.ts';
import { createSmtpMailer, parseSender, type OutgoingMail } from '../src/lib/mailer.ts';
import { startQuartet, type RunningQuartet } from '../src/server.ts';
import { startListener, type Listener } from './listener.ts';
import { book, bookAll, composeConfirmations, createMailOrg, SEATS, type MailPerson } from './mail-fixtures.ts';
import { latencies, ms, postgresCpuSeconds, processCpuSeconds, rate } from './stats.ts';
import { freePort } from '../test/free-port.ts';

const MAILS = Number(process.env.BENCH_MAILS ?? 10_000);
const PACED = Number(process.env.BENCH_PACED ?? 200);
const PACE_MS = 100; // ten bookings a second, each alone in the queue
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY ?? 10);
const BOOKING_LANES = 8;
const TARGET = { ratio: 0.5, p99: 2_000 };

const log = (line = '') => console.log(line);
const sleep = (msToWait: number) => new Promise((r) => setTimeout(r, msToWait));



interface Throughput {
  label: string;
  /** CPU per message, in ms: this process (Node) and the PostgreSQL cluster. */
  cpu: { node: number; pg: number };
  delivered: number;
  all: number;
  seconds: number;
  perSecond: number;
  megabytes: number;
}

/** The ceiling: the composed confirmations handed to nodemailer all at once, the pool takes them as it can. */
let postmasterPid: number | undefined;
const cpuNow = () => ({ node: processCpuSeconds(), pg: postgresCpuSeconds(postmasterPid) });
const cpuPer = (since: { node: number; pg: number }, n: number) => {
  const now = cpuNow();
  return { node: ((now.node - since.node) / n) * 1000, pg: ((now.pg - since.pg) / n) * 1000 };
};
const showCpu = (c: { node: number; pg: number }) => `CPU per message: Node ${ms(c.node)}, PostgreSQL ${ms(c.pg)}`;

async function ceiling(listener: Listener, smtpUrl: string, from: string, mails: OutgoingMail[], label: string): Promise<Throughput> {
  listener.reset();
  const cpu0 = cpuNow();
  // createSmtpMailer is nodemailer's pooled transport with Quartet's settings and sendMail arguments, nothing else.
  const mailer = createSmtpMailer(smtpUrl, from);
  const started = Date.now();
  await Promise.all(mails.map((m) => mailer.send(m)));
  const arrived = await listener.waitForAll(mails.map((m) => m.to), 60_000);
  mailer.close();
  if (!arrived) throw new Error(`${label}: not every message arrived`);
  const { count, bytes, last } = listener.stats();
  const seconds = (last - started) / 1000;
  return { label, delivered: mails.length, all: count, seconds, perSecond: mails.length / seconds, megabytes: bytes / 1e6, cpu: cpuPer(cpu0, count) };
}

async function messageCounts(owner: pg.Pool, orgId: string): Promise<Record<string, number>> {
  const { rows } = await owner.query<{ key: string; n: number }>(
    `select kind || ' ' || status as key, count(*)::int as n from outgoing_messages where org_id = $1 group by 1 order by 1`, [orgId]);
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

async function main(): Promise<number> {
  const started = Date.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-bench-mail-'));
  const loadBefore = os.loadavg()[0]!;
  let quartet: RunningQuartet | undefined;
  let owner: pg.Pool | undefined;
  let ownerDb: DbHandle | undefined;
  let worker: MessageWorker | undefined;
  let listener: Listener | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await worker?.stop();
      await ownerDb?.close();
      await owner?.end();
      await quartet?.stop();
      listener?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));

  try {
    listener = await startListener();
    const port = await freePort();
    // No worker in the app (WORKER_CONCURRENCY 0): the bookings' mail waits in the queue until the
    // benchmark starts one, as src/server.ts does.
    const config = loadConfig({
      DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}`,
      EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'never', LOG_LEVEL: 'silent', SMTP_URL: listener.url, WORKER_CONCURRENCY: '0',
    });
    quartet = await startQuartet(config, pino({ level: 'silent' }));
    postmasterPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
    owner = new pg.Pool({ connectionString: quartet.ownerUrl, max: 4 });
    owner.on('error', () => {});
    ownerDb = openDatabase(quartet.ownerUrl, 2);
    const pgVersion = (await owner.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    const machine = `${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL ${pgVersion} (embedded)`;
    log(`Quartet mail benchmark — ${machine}`);
    if (loadBefore > 0.5) log(`warning: the machine was already busy (load average ${loadBefore.toFixed(1)} on ${os.availableParallelism()} cores); expect lower figures`);

    const org = await createMailOrg(owner, MAILS, PACED);
    const bookingStarted = Date.now();
    await bookAll(quartet.ctx.db, org.orgId, org.bulk, BOOKING_LANES);
    log(`setup: ${MAILS.toLocaleString('en-US')} bookings through the booking service in ${((Date.now() - bookingStarted) / 1000).toFixed(1)} s ` +
      `(${Math.ceil(MAILS / SEATS)} sessions of ${SEATS} seats later today, one employee per booking); queued: ${JSON.stringify(await messageCounts(owner, org.orgId))}`);

    const organiser = parseSender(config.mailFrom);
    const composed = await composeConfirmations(ownerDb.db, org.orgId, org.bulk, { baseUrl: config.baseUrl, organiser });
    const averageSize = composed.reduce((n, m) => n + m.text.length + m.html.length + (m.calendar?.content.length ?? 0), 0) / composed.length;
    log(`each confirmation: text, HTML and a calendar invitation, ~${(averageSize / 1000).toFixed(1)} kB before MIME encoding`);
    log();

    const before = await ceiling(listener, listener.url, config.mailFrom, composed, 'ceiling (nodemailer direct), before');
    log(`${before.label}: ${rate(before.perSecond)} (${before.delivered.toLocaleString('en-US')} in ${before.seconds.toFixed(2)} s); ${showCpu(before.cpu)}`);

    // Quartet: the worker as src/server.ts starts it, over the app role's pool and the app's mailer.
    listener.reset();
    const outcomes: Partial<Record<SendOutcome, number>> = {};
    const cpu0 = cpuNow();
    const workerStarted = Date.now();
    worker = await startQuartetWorker({
      ownerUrl: quartet.ownerUrl,
      deps: { db: quartet.ctx.db, mailer: quartet.ctx.mailer, baseUrl: config.baseUrl, organiser },
      concurrency: CONCURRENCY,
      logger: pino({ level: 'silent' }),
      onOutcome: (o) => (outcomes[o] = (outcomes[o] ?? 0) + 1),
    });
    const emails = org.bulk.map((p) => p.email);
    if (!(await listener.waitForAll(emails, 10 * 60_000))) throw new Error('Quartet: not every confirmation arrived within 10 minutes');
    const lastConfirmation = Math.max(...emails.map((e) => listener!.arrivals.get(e)![0]!));
    const quartetSeconds = (lastConfirmation - workerStarted) / 1000;
    const q: Throughput = {
      label: `Quartet (worker concurrency ${CONCURRENCY})`, delivered: MAILS, all: listener.stats().count, seconds: quartetSeconds,
      perSecond: MAILS / quartetSeconds, megabytes: listener.stats().bytes / 1e6, cpu: cpuPer(cpu0, listener.stats().count),
    };
    const repeatedInRun = emails.reduce((n, e) => n + listener!.arrivals.get(e)!.length - 1, 0);
    log(`${q.label}: ${rate(q.perSecond)} confirmations (${MAILS.toLocaleString('en-US')} in ${q.seconds.toFixed(2)} s from the worker's start; ` +
      `${(q.all - MAILS).toLocaleString('en-US')} roster notices to coaches went out in the same time); outcomes ${JSON.stringify(outcomes)}; ${showCpu(q.cpu)}`);

    const after = await ceiling(listener, listener.url, config.mailFrom, composed, 'ceiling (nodemailer direct), after');
    log(`${after.label}: ${rate(after.perSecond)} (${after.delivered.toLocaleString('en-US')} in ${after.seconds.toFixed(2)} s); ${showCpu(after.cpu)}`);

    // Latency with the worker idle: one booking at a time, each confirmation timed from the commit.
    listener.reset();
    const committed = new Map<string, number>();
    for (const p of org.paced as MailPerson[]) {
      await book(quartet.ctx.db, org.orgId, p);
      committed.set(p.email, Date.now());
      await sleep(PACE_MS);
    }
    const pacedEmails = org.paced.map((p) => p.email);
    if (!(await listener.waitForAll(pacedEmails, 60_000))) throw new Error('latency: not every confirmation arrived within a minute');
    const waits = pacedEmails.map((e) => listener!.arrivals.get(e)![0]! - committed.get(e)!);
    const l = latencies(waits);
    log(`latency, commit to listener, ${PACED} bookings ${PACE_MS} ms apart with the worker otherwise idle: p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}`);

    // Nothing lost, failed or repeated.
    await sleep(1_000);
    const counts = await messageCounts(owner, org.orgId);
    const confirmed = counts['booking_confirmed sent'] ?? 0;
    const repeatedPaced = pacedEmails.reduce((n, e) => n + listener!.arrivals.get(e)!.length - 1, 0);
    const problems = [
      confirmed !== MAILS + PACED && `${confirmed} confirmations marked sent, expected ${MAILS + PACED}`,
      Object.keys(counts).some((k) => !k.endsWith(' sent')) && `messages not sent: ${JSON.stringify(counts)}`,
      repeatedInRun + repeatedPaced > 0 && `${repeatedInRun + repeatedPaced} confirmations arrived more than once`,
    ].filter(Boolean);

    const best = before.perSecond >= after.perSecond ? before : after;
    const ratio = q.perSecond / best.perSecond;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    log();
    log('==================== summary ====================');
    log(`machine         ${machine}`);
    log(`ceiling         ${rate(before.perSecond)} before, ${rate(after.perSecond)} after (nodemailer, pooled: 5 connections, as src/lib/mailer.ts)`);
    log(`Quartet         ${rate(q.perSecond)} confirmations (${rate(q.all / q.seconds)} messages with the roster notices), worker concurrency ${CONCURRENCY}`);
    log(`CPU per message ceiling Node ${ms(best.cpu.node)} + PostgreSQL ${ms(best.cpu.pg)}; Quartet Node ${ms(q.cpu.node)} + PostgreSQL ${ms(q.cpu.pg)} (the listener runs in a process of its own); ` +
      `ceiling/Quartet Node CPU ${(best.cpu.node / q.cpu.node).toFixed(2)}, all CPU ${((best.cpu.node + best.cpu.pg) / (q.cpu.node + q.cpu.pg)).toFixed(2)} (less sensitive to other load on the machine than the rates)`);
    log(`Quartet/ceiling ${ratio.toFixed(2)} (against the faster ceiling run)  target ≥ ${TARGET.ratio}: ${verdict(ratio >= TARGET.ratio)}`);
    log(`latency         commit → listener p50 ${ms(l.p50)}, p99 ${ms(l.p99)} (${PACED} bookings, worker idle)  target p99 ≤ ${TARGET.p99} ms: ${verdict(l.p99 <= TARGET.p99)}`);
    log(`delivery        ${problems.length === 0 ? `every confirmation sent once (${(MAILS + PACED).toLocaleString('en-US')}), nothing pending or failed` : problems.join('; ')}`);
    log(`total time      ${((Date.now() - started) / 1000).toFixed(0)} s; load average before the run ${loadBefore.toFixed(1)}, after ${os.loadavg()[0]!.toFixed(1)}`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await stop();
  }
}

process.exitCode = await main();
