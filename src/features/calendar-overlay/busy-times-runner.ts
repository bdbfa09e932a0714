// A calendar file is the employee's to choose, so reading it must not hold the process: ical.js
// loops without end on some rules (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31 never occurs, and its
// iterator looks for it for ever) and expands a VTIMEZONE's rule from its DTSTART, minute by minute
// if it says MINUTELY. No count of occurrences can bound a loop inside one call of ical.js, so the
// file is read in a worker thread, stopped at a time limit, with a heap limit, at most two at once
// per process; the event loop (every organisation's requests) never waits for it.
import { inWorkerThread, threadSlots } from '../../lib/worker-threads.ts';
import { NotACalendarError, type BusyInterval, type BusyWindow } from './busy-times.ts';

export interface ReaderLimits {
  /** Wall time for one file, the thread's start included; a calendar people keep takes well under a second. */
  timeoutMs: number;
  maxHeapMb: number;
  maxConcurrent: number;
  /** Files waiting for a thread; beyond them a read is not tried now (CalendarReaderBusyError). */
  maxQueued: number;
}

export const READER_LIMITS: ReaderLimits = { timeoutMs: 5_000, maxHeapMb: 128, maxConcurrent: 2, maxQueued: 20 };

/** The file took longer than the limit (or more memory) to read: a rule ical.js cannot expand in bounds. */
export class CalendarTooComplexError extends Error {}

/** Too many files wait to be read in this process; nothing was read. */
export class CalendarReaderBusyError extends Error {}

type Message = { kind: 'busy'; busy: BusyInterval[] } | { kind: 'not_calendar'; detail: string };

const THREAD = new URL('./busy-times-thread.ts', import.meta.url);

export function createCalendarReader(limits: ReaderLimits = READER_LIMITS) {
  const slots = threadSlots(limits.maxConcurrent, limits.maxQueued, () => new CalendarReaderBusyError('too many calendars wait to be read'));
  return function readBusy(icsText: string, window: BusyWindow): Promise<BusyInterval[]> {
    return slots.run(() => inWorkerThread<BusyInterval[], Message>(THREAD, { icsText, window }, {
      timeoutMs: limits.timeoutMs,
      maxHeapMb: limits.maxHeapMb,
      timedOut: () => new CalendarTooComplexError(`not read within ${limits.timeoutMs} ms`),
      read: (message) => (message.kind === 'busy' ? { value: message.busy } : { error: new NotACalendarError(message.detail) }),
      failed: (error) => (error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new CalendarTooComplexError('more memory than allowed') : error),
      exited: (code) => new Error(`the calendar thread exited (${code}) without an answer`),
    }));
  };
}

/** This process's reader. */
export const readBusyInThread = createCalendarReader();
