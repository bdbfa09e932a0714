// Runs solve() in a worker thread, off the request thread, with progress messages and bounds: at most
// `maxConcurrent` solves at once in this process (each takes a core for its whole budget), a short
// queue behind them (beyond it: SolverBusyError, so a burst of requests cannot pile up threads), and a
// hard time limit past the search budget, after which the thread is terminated. Pure of the database:
// the caller stores progress and the result.
import { Worker } from 'node:worker_threads';
import type { SolveInput, SolveProgress, SolveResult } from './solve.ts';

export const DEFAULT_SEARCH_SECONDS = 10;
export const MIN_SEARCH_SECONDS = 1;
export const MAX_SEARCH_SECONDS = 60;

/** The search budget in milliseconds for a setting in seconds (absent or out of range: the default, clamped). */
export function searchBudgetMs(seconds: number | null | undefined): number {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DEFAULT_SEARCH_SECONDS * 1000;
  return Math.round(Math.min(MAX_SEARCH_SECONDS, Math.max(MIN_SEARCH_SECONDS, seconds)) * 1000);
}

/** More solves are waiting in this process than it takes; try again later. */
export class SolverBusyError extends Error {
  constructor() {
    super('The group solver is busy; try again in a minute.');
  }
}

/** The thread ran past its time limit (budget + grace) and was stopped. */
export class SolverTimeoutError extends Error {
  constructor(limitMs: number) {
    super(`The group solver did not finish within ${Math.round(limitMs / 1000)} s and was stopped.`);
  }
}

export interface SolveCallbacks {
  /** The solve left the queue and its thread started. */
  onStart?: () => void;
  onProgress?: (progress: SolveProgress) => void;
}

export interface SolverRunnerOptions {
  maxConcurrent?: number;
  maxQueued?: number;
  /** Time allowed beyond the input's budget (building the first schedule always runs whole). */
  graceMs?: number;
  /** The worker's heap limit; the solver for 100,000 people stays under 1 GB. */
  maxHeapMb?: number;
}

export interface SolverRunner {
  run(input: SolveInput, callbacks?: SolveCallbacks): Promise<SolveResult>;
  /** Solves running and waiting now. */
  load(): { running: number; queued: number };
}

type Message = { kind: 'progress'; progress: SolveProgress } | { kind: 'result'; result: SolveResult };

const THREAD = new URL('./solver-thread.ts', import.meta.url);

export function createSolverRunner(options: SolverRunnerOptions = {}): SolverRunner {
  const maxConcurrent = options.maxConcurrent ?? 2;
  const maxQueued = options.maxQueued ?? 20;
  const graceMs = options.graceMs ?? 30_000;
  const maxHeapMb = options.maxHeapMb ?? 1024;
  let running = 0;
  const waiting: Array<() => void> = [];

  const inThread = (input: SolveInput, callbacks: SolveCallbacks) => new Promise<SolveResult>((resolve, reject) => {
    callbacks.onStart?.();
    const worker = new Worker(THREAD, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
    const limitMs = (input.budgetMs ?? DEFAULT_SEARCH_SECONDS * 1000) + graceMs;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(new SolverTimeoutError(limitMs))), limitMs);
    worker.on('message', (message: Message) => {
      if (message.kind === 'progress') callbacks.onProgress?.(message.progress);
      else settle(() => resolve(message.result));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the solver thread exited (${code}) without a result`))));
  });

  return {
    async run(input, callbacks = {}) {
      if (running < maxConcurrent) running++;
      else if (waiting.length >= maxQueued) throw new SolverBusyError();
      // A finished solve hands its slot straight to the next in line, so no newcomer slips in between.
      else await new Promise<void>((resume) => waiting.push(resume));
      try {
        return await inThread(input, callbacks);
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
    load: () => ({ running, queued: waiting.length }),
  };
}

/** This process's runner: two solves at a time. */
export const solverRunner = createSolverRunner();
