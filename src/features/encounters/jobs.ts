// The count of who met whom, on graphile-worker's crontab (src/worker.ts hands it to the worker):
// every quarter of an hour, the sessions that have ended since are counted into encounters, and a
// session whose bookings changed after its count (a no-show recorded late) is counted again.
// graphile-worker fires each slot once however many processes run it; the count is idempotent.
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from '../../db/pool.ts';
import { countDueEncounters } from './service.ts';

export const ENCOUNTERS_CRONTAB = '*/15 * * * * count_encounters';

export function countEncountersTask(db: Db, logger: Logger): Task {
  return async () => {
    const counted = await countDueEncounters(db);
    if (counted.sessions > 0) logger.info(counted, 'counted who met whom in the sessions that ended');
  };
}
