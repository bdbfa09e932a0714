// The nightly retention run on graphile-worker's crontab (src/worker.ts hands it to the worker):
// graphile-worker fires the slot once however many processes run it, and the run itself is safe
// twice at once (an advisory lock per organisation; every batch re-checks its rule on each row).
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { openDatabase } from '../../db/pool.ts';
import { RUN_HOUR_UTC } from './rules.ts';
import { runRetention } from './service.ts';

export const RETENTION_CRONTAB = `0 ${RUN_HOUR_UTC} * * * apply_retention`;

/** The run works as the database owner (`ownerUrl`), on a pool of its own for the run's length. */
export function retentionTask(ownerUrl: string, logger: Logger, caughtMailDir?: string): Task {
  return async () => {
    const owner = openDatabase(ownerUrl, 2);
    try {
      const started = Date.now();
      const outcome = await runRetention(owner.db, { caughtMailDir });
      for (const org of outcome.organisations) {
        if (org.failed) logger.error({ orgId: org.orgId, failed: org.failed, counts: org.counts }, 'retention: a rule failed; the next run tries again');
      }
      logger.info({
        seconds: (Date.now() - started) / 1000, organisations: outcome.organisations.length,
        skipped: outcome.organisations.filter((o) => o.skipped).length, deployment: outcome.deployment,
      }, 'retention run finished');
    } finally {
      await owner.close();
    }
  };
}
