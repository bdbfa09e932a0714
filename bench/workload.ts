// The booking workload: N concurrent clients, each acting for its own handful of people. A person
// with no seat books, one with two or more cancels, one with a single seat does either; half the
// sign-ups aim at a few hot sessions, so those stay full and every cancellation there is fought
// over. The same seeded sequence of choices runs over every driver.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { openDriver, type BenchPerson, type DriverOptions, type Outcome } from './drivers.ts';
import type { ListingPlan, ListingResult } from './listing-load.ts';

export interface LoadPlan extends DriverOptions {
  people: BenchPerson[];
  /** Upcoming sessions, none overlapping another; the first `hot` are the contested ones. */
  sessions: string[];
  hot: number;
  hotShare: number;
  warmupMs: number;
  durationMs: number;
  /**
   * Paced: the clients together send this many requests per second, each client at random
   * (exponential) intervals, instead of the next one the moment the last is answered. Latency then
   * runs from the time a request was due, so a request held back by a slow one before it counts
   * its wait (no coordinated omission).
   */
  opsPerSecond?: number;
}

/** What the worker says when the warm-up is over. */
export const MEASURING = 'measuring';

export interface LoadResult {
  seconds: number;
  bookAttempts: number;
  booked: number;
  cancelAttempts: number;
  cancelled: number;
  refusals: Record<string, number>;
  errors: number;
  status5xx: number;
  errorSamples: string[];
  bookLatency: Float64Array<ArrayBuffer>;
  cancelLatency: Float64Array<ArrayBuffer>;
  /** Event-loop utilisation of the thread running the clients, 0..1. */
  clientElu: number;
}

export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `onMeasuring` is called when the warm-up ends and measuring begins. */
export async function runWorkload(plan: LoadPlan, onMeasuring: () => void = () => {}): Promise<LoadResult> {
  const driver = await openDriver(plan);
  const result: Omit<LoadResult, 'bookLatency' | 'cancelLatency' | 'seconds' | 'clientElu'> = {
    bookAttempts: 0, booked: 0, cancelAttempts: 0, cancelled: 0, refusals: {}, errors: 0, status5xx: 0, errorSamples: [],
  };
  const bookLatency: number[] = [];
  const cancelLatency: number[] = [];
  const start = performance.now();
  const measureFrom = start + plan.warmupMs;
  const stopAt = measureFrom + plan.durationMs;
  let eluStart = performance.eventLoopUtilization();
  const eluTimer = setTimeout(() => {
    eluStart = performance.eventLoopUtilization();
    onMeasuring();
  }, plan.warmupMs);

  const note = (outcome: Outcome, measured: boolean) => {
    if (!measured) return;
    if (outcome.kind === 'refused') result.refusals[outcome.code] = (result.refusals[outcome.code] ?? 0) + 1;
    if (outcome.kind === 'error') {
      result.errors++;
      if ((outcome.status ?? 0) >= 500) result.status5xx++;
      if (result.errorSamples.length < 5) result.errorSamples.push(outcome.message);
    }
  };

  const perClient = Math.floor(plan.people.length / plan.clients);
  const client = async (c: number) => {
    const random = mulberry32(c + 1);
    const mine = plan.people.slice(c * perClient, (c + 1) * perClient).map((person) => ({ person, held: new Map<string, string>() }));
    const meanGapMs = plan.opsPerSecond ? (plan.clients / plan.opsPerSecond) * 1000 : 0;
    const pace = mulberry32(1_000 + c); // its own sequence: pacing leaves the choices as they were
    let due = start + pace() * meanGapMs;
    for (let turn = 0; performance.now() < stopAt; turn++) {
      const me = mine[turn % mine.length]!;
      const cancel = me.held.size >= 2 || (me.held.size === 1 && random() < 0.5);
      if (meanGapMs > 0) {
        if (due >= stopAt) break;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const began = meanGapMs > 0 ? due : performance.now();
      due += -Math.log(1 - pace()) * meanGapMs;
      const measured = began >= measureFrom;
      if (cancel) {
        const entries = [...me.held];
        const [sessionId, bookingId] = entries[Math.floor(random() * entries.length)]!;
        const outcome = await driver.cancel(me.person, bookingId, sessionId);
        if (measured) {
          cancelLatency.push(performance.now() - began);
          result.cancelAttempts++;
          if (outcome.kind === 'ok') result.cancelled++;
        }
        if (outcome.kind !== 'error') me.held.delete(sessionId);
        note(outcome, measured);
      } else {
        let sessionId: string;
        do {
          sessionId = random() < plan.hotShare
            ? plan.sessions[Math.floor(random() * plan.hot)]!
            : plan.sessions[Math.floor(random() * plan.sessions.length)]!;
        } while (me.held.has(sessionId));
        const outcome = await driver.book(me.person, sessionId);
        if (measured) {
          bookLatency.push(performance.now() - began);
          result.bookAttempts++;
          if (outcome.kind === 'ok') result.booked++;
        }
        if (outcome.kind === 'ok') me.held.set(sessionId, outcome.bookingId);
        note(outcome, measured);
      }
    }
  };

  await Promise.all(Array.from({ length: plan.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - measureFrom) / 1000;
  const clientElu = performance.eventLoopUtilization(eluStart).utilization;
  clearTimeout(eluTimer);
  await driver.close();
  return { ...result, seconds, clientElu, bookLatency: Float64Array.from(bookLatency), cancelLatency: Float64Array.from(cancelLatency) };
}

/** Plays the clients on a thread of their own (load-worker.ts), away from the server's event loop. */
export function inWorker(task: { booking: LoadPlan }, onMeasuring: () => void): Promise<LoadResult>;
export function inWorker(task: { listing: ListingPlan }): Promise<ListingResult>;
export function inWorker(task: { booking: LoadPlan } | { listing: ListingPlan }, onMeasuring = () => {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: task });
    running.add(worker);
    worker.on('message', (message: unknown) => {
      if (message === MEASURING) return onMeasuring();
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      running.delete(worker);
      reject(new Error(`the load worker exited with code ${code}`));
    });
  });
}

const running = new Set<Worker>();

/** Stops the clients at once (the run was interrupted). */
export async function terminateWorkers(): Promise<void> {
  await Promise.all([...running].map((w) => w.terminate()));
}
