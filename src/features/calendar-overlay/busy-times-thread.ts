// The worker thread that reads one calendar file (busy-times-runner.ts starts it): the file and the
// window as workerData, the busy intervals or why the file cannot be read posted back.
import { parentPort, workerData } from 'node:worker_threads';
import { busyIntervals, NotACalendarError, type BusyWindow } from './busy-times.ts';

if (!parentPort) throw new Error('busy-times-thread.ts runs as a worker thread (busy-times-runner.ts)');
const { icsText, window } = workerData as { icsText: string; window: BusyWindow };
try {
  parentPort.postMessage({ kind: 'busy', busy: busyIntervals(icsText, window) });
} catch (error) {
  if (!(error instanceof NotACalendarError)) throw error;
  parentPort.postMessage({ kind: 'not_calendar', detail: error.message });
}
