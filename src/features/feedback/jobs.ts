// Ratings enter the figures on graphile-worker's crontab, every hour: those whose session ended more
// than the rating days and a day ago, in releases of at least five people (migration 041). The
// release is idempotent and serialised in the database, so a slot fired twice releases nothing twice.
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from '../../db/pool.ts';
import { releaseRatings } from './service.ts';

export const RATING_RELEASE_CRONTAB = '41 * * * * release_final_ratings';

export function releaseRatingsTask(db: Db, logger: Logger): Task {
  return async () => {
    const sessions = await releaseRatings(db);
    if (sessions > 0) logger.info({ sessions }, 'released the final ratings of sessions into the figures');
  };
}
