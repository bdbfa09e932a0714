// The admin's page: the settings, what the next nightly run will touch (counted at that run's clock
// with the run's own predicates), and the latest runs.
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { presentCounts, presentRun } from './presenters.ts';
import { latestRuns } from './queries.ts';
import { cutoffsAt, nextRunAfter } from './rules.ts';
import { countDue, readRetentionSettings } from './service.ts';

const RUNS_SHOWN = 14;

/** `now`: the clock the next run is found from (tests fix it). */
export async function retentionOverview(tx: Tx, actor: Actor, now: Date = new Date()) {
  requireRole(actor, 'admin');
  const settings = await readRetentionSettings(tx, actor.orgId);
  const at = nextRunAfter(now);
  const due = await countDue(tx, actor.orgId, cutoffsAt(at, settings));
  const runs = await latestRuns(tx, actor.orgId, RUNS_SHOWN);
  return { settings, nextRun: { at: at.toISOString(), rules: presentCounts(due) }, runs: runs.map(presentRun) };
}
