// Reminders follow from the bookings themselves, whatever made them: besides the reminder queued
// when a seat is taken or a session moves, this sweep queues every reminder falling due soon that
// no path queued (the demo loader's bookings, raw inserts, any path added later). Idempotent: a
// reminder with a pending or sent row for the session's current start is never queued again.
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from '../../../db/pool.ts';
import { queueMissingReminders } from '../outbox/queries.ts';

// Every five minutes, reminders due within the next hour: a reminder is queued even if eleven
// sweeps in a row are missed (workers down for a deploy), and never late, at its own time.
export const REMINDER_SWEEP_CRONTAB = '*/5 * * * * queue_missing_reminders';
export const REMINDER_SWEEP_WINDOW_MS = 3_600_000;

/** Queues the missing reminders due within the window; returns how many. */
export async function sweepMissingReminders(db: Db, withinMs = REMINDER_SWEEP_WINDOW_MS): Promise<number> {
  return queueMissingReminders(db, withinMs);
}

export function reminderSweepTask(db: Db, logger: Logger): Task {
  return async () => {
    const queued = await sweepMissingReminders(db);
    if (queued > 0) logger.info({ queued }, 'queued reminders that no booking path had queued');
  };
}
