// Runs solve() in a worker thread, off the request thread, with progress messages and bounds: at most
// `maxConcurrent` solves at once in this process (each takes a core for its whole budget), a short
// queue behind them (beyond it: SolverBusyError, so a burst of requests cannot pile up threads), and a
// hard time limit past the search budget, after which the thread is terminated. Pure of the database:
// the caller stores progress and the result.
import { inWorkerThread, threadSlots } from '../../../lib/worker-threads.ts';
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
  const graceMs = options.graceMs ?? 30_000;
  const maxHeapMb = options.maxHeapMb ?? 1024;
  const slots = threadSlots(options.maxConcurrent ?? 2, options.maxQueued ?? 20, () => new SolverBusyError());
  return {
    run: (input, callbacks = {}) => slots.run(() => {
      callbacks.onStart?.();
      const limitMs = (input.budgetMs ?? DEFAULT_SEARCH_SECONDS * 1000) + graceMs;
      return inWorkerThread<SolveResult, Message>(THREAD, input, {
        timeoutMs: limitMs,
        maxHeapMb,
        timedOut: () => new SolverTimeoutError(limitMs),
        read: (message) => {
          if (message.kind === 'result') return { value: message.result };
          callbacks.onProgress?.(message.progress);
          return undefined;
        },
        exited: (code) => new Error(`the solver thread exited (${code}) without a result`),
      });
    }),
    load: slots.load,
  };
}

/** This process's runner: two solves at a time. */
export const solverRunner = createSolverRunner();
