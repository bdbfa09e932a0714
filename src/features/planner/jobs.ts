// The planner's weekly top-up on graphile-worker's crontab (src/worker.ts hands it to the worker):
// Monday 06:00 UTC, before the working day in Europe. graphile-worker fires the slot once however
// many processes run it; the run is idempotent per planned week besides (supply.ts).
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from '../../db/pool.ts';
import { runTopUps } from './supply.ts';

export const PLANNER_TOP_UP_CRONTAB = '0 6 * * 1 planner_top_up';

export function plannerTopUpTask(db: Db, logger: Logger): Task {
  return async () => {
    const outcomes = await runTopUps(db, new Date(), {
      onError: (orgId, error) => logger.error({ orgId, err: error }, 'planner top-up failed for an organisation; next week tries again'),
    });
    const proposed = [...outcomes.values()].filter((o) => o.outcome === 'proposed').length;
    logger.info({ organisations: outcomes.size, proposed }, 'planner top-up run finished');
  };
}
