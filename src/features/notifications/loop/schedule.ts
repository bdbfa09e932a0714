// The learning loop's mails come from the worker's schedule rather than from a change: the weekly
// digests on Monday morning (07:00 UTC, before the working day in Europe), and the requests to rate
// every hour (each is sent at nine the day after its session, in the participant's zone).
// graphile-worker fires each slot once however many processes run it; the queueing is idempotent
// besides (one digest a week per person, one request per booking: migration 021).
import type { Task } from 'graphile-worker';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Db } from '../../../db/pool.ts';
import { queueRatingRequests, queueWeeklyDigests } from './queries.ts';

export const LOOP_CRONTAB = ['0 7 * * 1 queue_weekly_digests', '23 * * * * queue_rating_requests'].join('\n');

/** "2026-W49": the ISO week a digest belongs to. */
export function digestWeek(at: Date): string {
  return DateTime.fromJSDate(at, { zone: 'UTC' }).toFormat("kkkk-'W'WW");
}

export function weeklyDigestsTask(db: Db, logger: Logger): Task {
  return async () => {
    const queued = await queueWeeklyDigests(db, digestWeek(new Date()));
    logger.info(queued, 'queued the weekly suggestion digests');
  };
}

export function ratingRequestsTask(db: Db, logger: Logger): Task {
  return async () => {
    const queued = await queueRatingRequests(db);
    if (queued > 0) logger.info({ queued }, 'queued requests to rate sessions');
  };
}
