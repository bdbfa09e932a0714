// The seat-booking runs: one mode at a time on the same database, from no bookings, with the CPU
// each side spent; runs of a mode combined into one figure; the report of a figure.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pg from 'pg';
import type { RunningQuartet } from '../src/server.ts';
import type { Mode } from './drivers.ts';
import { auditSeats, drainMail, resetBookings, type BookingOrg, type SeatAudit } from './fixtures.ts';
import { latencies, ms, postgresCpuSeconds, processCpuSeconds, rate, showLatencies, type Latencies } from './stats.ts';
import { inWorker, type LoadResult } from './workload.ts';

export const LABELS: Record<Mode, string> = { pg: 'ceiling: raw pg', service: 'service via Kysely', http: 'HTTP (whole app)' };

export interface RunSettings {
  clients: number;
  hotSessions: number;
  warmupMs: number;
  durationMs: number;
  postmasterPid: number | undefined;
  /** As the database owner: resetting and auditing cross what row-level security lets the app see. */
  owner: pg.Pool;
  /** Paced load (workload.ts): this many requests per second in all; unset, every client goes flat out. */
  opsPerSecond?: number;
}

const log = (line = '') => console.log(line);

export interface Phase {
  mode: Mode;
  result: LoadResult;
  all: Latencies;
  book: Latencies;
  cancel: Latencies;
  audits: SeatAudit[];
  cpuPerOp: { node: number; postgres: number };
  /** CPU per op with the mail the runs left queued, sent after them, counted in. */
  cpuPerOpWithMail: { node: number; postgres: number };
  /** Seconds the mail went on being sent after the runs (flat out, mail falls behind). */
  mailBehind: number;
  /** Ops per second over the runs and the sending of their mail: a rate the machine can keep up. */
  sustained: number;
  serverElu: number;
  /** The longest the app's event loop made a ready callback wait, 99th percentile over the runs. */
  loopDelayP99: number;
  poolWaiting: { mean: number; max: number };
}

/** One measured run of one mode, from no bookings at all. */
export interface Run {
  result: LoadResult;
  cpu: { node: number; postgres: number };
  serverElu: number;
  loopDelayP99: number;
  waiting: number[];
  audit: SeatAudit;
  /** Seconds the run's mail went on being sent after it, and the CPU that took. */
  mailBehind: number;
  mailCpu: { node: number; postgres: number };
}

/** Counts what the app sends to PostgreSQL for one sign-up and one cancellation. */
export async function countQueriesPerRequest(url: string, org: BookingOrg): Promise<{ book: number; cancel: number }> {
  const original = pg.Client.prototype.query;
  let count = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    const person = org.people.at(-1)!;
    const post = (p: string) => fetch(`${url}${p}`, { method: 'POST', headers: { cookie: person.cookie } });
    count = 0;
    const booked = (await (await post(`/api/sessions/${org.sessions.at(-1)}/bookings`)).json()) as { id: string };
    const book = count;
    count = 0;
    await post(`/api/bookings/${booked.id}/cancel`);
    return { book, cancel: count };
  } finally {
    pg.Client.prototype.query = original;
  }
}

export async function runOnce(quartet: RunningQuartet, org: BookingOrg, mode: Mode, settings: RunSettings): Promise<Run> {
  const { postmasterPid } = settings;
  const { pool } = quartet.ctx;
  await drainMail(settings.owner); // nothing left from before (the listing, a run cut short)
  await resetBookings(settings.owner, org.orgId);
  const snapshot = () => ({ node: processCpuSeconds(), postgres: postgresCpuSeconds(postmasterPid), elu: performance.eventLoopUtilization() });
  let start = snapshot();
  const waiting: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const result = await inWorker({
    booking: {
      mode, orgId: org.orgId, baseUrl: quartet.url, databaseUrl: pool.options.connectionString!, poolSize: quartet.ctx.config.dbPoolSize,
      clients: settings.clients, people: org.people.map(({ id, cookie }) => ({ id, cookie })), sessions: org.sessions, hot: settings.hotSessions, hotShare: 0.5,
      warmupMs: settings.warmupMs, durationMs: settings.durationMs, opsPerSecond: settings.opsPerSecond,
    },
  }, () => {
    start = snapshot();
    sampler = setInterval(() => waiting.push(pool.waitingCount), 50);
    loopDelay.enable();
  });
  clearInterval(sampler);
  loopDelay.disable();
  const end = snapshot();
  const mailBehind = await drainMail(settings.owner);
  return {
    result,
    cpu: { node: end.node - start.node, postgres: end.postgres - start.postgres },
    serverElu: performance.eventLoopUtilization(start.elu).utilization,
    loopDelayP99: loopDelay.percentile(99) / 1e6,
    waiting,
    audit: await auditSeats(settings.owner, org.orgId),
    mailBehind,
    mailCpu: { node: processCpuSeconds() - end.node, postgres: postgresCpuSeconds(postmasterPid) - end.postgres },
  };
}

function concat(arrays: Float64Array[]): Float64Array<ArrayBuffer> {
  const all = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    all.set(a, at);
    at += a.length;
  }
  return all;
}

export function combine(mode: Mode, runs: Run[]): Phase {
  const rs = runs.map((r) => r.result);
  const sum = (pick: (r: LoadResult) => number) => rs.reduce((n, r) => n + pick(r), 0);
  const seconds = sum((r) => r.seconds);
  const refusals: Record<string, number> = {};
  for (const r of rs) for (const [code, n] of Object.entries(r.refusals)) refusals[code] = (refusals[code] ?? 0) + n;
  const result: LoadResult = {
    seconds, refusals,
    bookAttempts: sum((r) => r.bookAttempts), booked: sum((r) => r.booked),
    cancelAttempts: sum((r) => r.cancelAttempts), cancelled: sum((r) => r.cancelled),
    errors: sum((r) => r.errors), status5xx: sum((r) => r.status5xx), errorSamples: rs.flatMap((r) => r.errorSamples).slice(0, 5),
    bookLatency: concat(rs.map((r) => r.bookLatency)), cancelLatency: concat(rs.map((r) => r.cancelLatency)),
    clientElu: sum((r) => r.clientElu * r.seconds) / seconds,
  };
  const ops = result.bookAttempts + result.cancelAttempts;
  const mailBehind = runs.reduce((n, r) => n + r.mailBehind, 0);
  const waiting = runs.flatMap((r) => r.waiting);
  return {
    mode, result,
    all: latencies(concat([result.bookLatency, result.cancelLatency])),
    book: latencies(result.bookLatency),
    cancel: latencies(result.cancelLatency),
    audits: runs.map((r) => r.audit),
    // CPU in the measured windows per op: a rough split, not a profile.
    cpuPerOp: {
      node: (runs.reduce((n, r) => n + r.cpu.node, 0) / ops) * 1000,
      postgres: (runs.reduce((n, r) => n + r.cpu.postgres, 0) / ops) * 1000,
    },
    cpuPerOpWithMail: {
      node: (runs.reduce((n, r) => n + r.cpu.node + r.mailCpu.node, 0) / ops) * 1000,
      postgres: (runs.reduce((n, r) => n + r.cpu.postgres + r.mailCpu.postgres, 0) / ops) * 1000,
    },
    mailBehind,
    sustained: ops / (seconds + mailBehind),
    serverElu: runs.reduce((n, r) => n + r.serverElu * r.result.seconds, 0) / seconds,
    loopDelayP99: Math.max(...runs.map((r) => r.loopDelayP99)),
    poolWaiting: { mean: waiting.reduce((a, b) => a + b, 0) / Math.max(1, waiting.length), max: Math.max(0, ...waiting) },
  };
}

export function printPhase(p: Phase) {
  const r = p.result;
  const perSecond = (n: number) => rate(n / r.seconds);
  log(`${LABELS[p.mode]}: ${perSecond(r.bookAttempts + r.cancelAttempts)} ops (${perSecond(r.booked)} sign-ups, ` +
    `${perSecond(r.bookAttempts)} booking attempts, ${perSecond(r.cancelled)} cancellations) over ${r.seconds.toFixed(1)} s`);
  log(`  all ops   ${showLatencies(p.all)}`);
  log(`  sign-up   ${showLatencies(p.book)}`);
  log(`  cancel    ${showLatencies(p.cancel)}`);
  log(`  refusals  ${Object.entries(r.refusals).map(([code, n]) => `${code} ${n}`).join(', ') || 'none'}; errors ${r.errors} (5xx ${r.status5xx})`);
  for (const sample of r.errorSamples) log(`    ! ${sample}`);
  log(`  CPU per op: Node ${ms(p.cpuPerOp.node)} (clients and server), PostgreSQL ${ms(p.cpuPerOp.postgres)}; client thread busy ${(r.clientElu * 100).toFixed(0)}%` +
    `, server event loop busy ${(p.serverElu * 100).toFixed(0)}%, its delay p99 ${ms(p.loopDelayP99)}`);
  log(`  mail: sent for ${p.mailBehind.toFixed(1)} s more after the runs; with it, CPU per op Node ${ms(p.cpuPerOpWithMail.node)}, PostgreSQL ${ms(p.cpuPerOpWithMail.postgres)}, ` +
    `and a rate the machine keeps up with its mail ≈ ${rate(p.sustained)} ops`);
  if (p.mode === 'http') log(`  app pool: ${p.poolWaiting.mean.toFixed(1)} queries waiting for a connection on average (max ${p.poolWaiting.max})`);
  for (const a of p.audits) {
    log(`  seats after a run: ${a.sessions} sessions, ${a.seatsHeld} seats held, ${a.fullSessions} full; overbooked ${a.overbooked}, miscounted ${a.miscounted}`);
  }
}
