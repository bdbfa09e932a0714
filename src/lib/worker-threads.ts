// Work that could hold the event loop (every organisation's requests) runs in a worker thread: the
// group solver and the reading of an employee's calendar file. Both need the same two bounds, kept
// here once: how many threads run at once with a short queue behind them (beyond it the caller's
// "busy" error, so a burst cannot pile up threads), and a thread stopped at a time and heap limit.
import { Worker } from 'node:worker_threads';

export interface Slots {
  /** Runs `work` once a slot is free; refuses at once with `busy()` when the queue is full. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Running and waiting now. */
  load(): { running: number; queued: number };
}

export function threadSlots(maxConcurrent: number, maxQueued: number, busy: () => Error): Slots {
  let running = 0;
  const waiting: Array<() => void> = [];
  return {
    async run(work) {
      if (running < maxConcurrent) running++;
      else if (waiting.length >= maxQueued) throw busy();
      // A finished run hands its slot straight to the next in line, so no newcomer slips in between.
      else await new Promise<void>((resume) => waiting.push(resume));
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
    load: () => ({ running, queued: waiting.length }),
  };
}

export interface ThreadBounds<T, M> {
  timeoutMs: number;
  maxHeapMb: number;
  timedOut: () => Error;
  /** A message from the thread: its outcome, or undefined to go on waiting (progress). */
  read: (message: M) => { value: T } | { error: Error } | undefined;
  /** The thread's own error, as the caller names it (out of memory, say). */
  failed?: (error: NodeJS.ErrnoException) => Error;
  exited: (code: number) => Error;
}

/** Starts `thread` with `workerData` and settles on its first outcome; the thread is always terminated. */
export function inWorkerThread<T, M>(thread: URL, workerData: unknown, bounds: ThreadBounds<T, M>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(thread, { workerData, resourceLimits: { maxOldGenerationSizeMb: bounds.maxHeapMb } });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(bounds.timedOut())), bounds.timeoutMs);
    worker.on('message', (message: M) => {
      const outcome = bounds.read(message);
      if (!outcome) return;
      settle(() => ('value' in outcome ? resolve(outcome.value) : reject(outcome.error)));
    });
    worker.on('error', (error: NodeJS.ErrnoException) => settle(() => reject(bounds.failed ? bounds.failed(error) : error)));
    worker.on('exit', (code) => settle(() => reject(bounds.exited(code))));
  });
}
