// `quartet encounters rebuild [--org SLUG]`: who met whom computed again from the bookings, for one
// organisation or each in turn (each in a transaction of its own). Runs as the owner, like every
// command; the worker's count waits for it (they share a lock) and goes on from its marks.
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { organisationsToRebuild } from './queries.ts';
import { rebuildOrganisationEncounters } from './service.ts';

export const ENCOUNTERS_HELP = `  encounters rebuild [--org SLUG]
                    who met whom computed again from the bookings (every organisation, or one);
                    prints the sessions counted and the pairs written`;

export const ENCOUNTERS_COMMANDS: ReadonlyMap<string, readonly string[]> = new Map([['encounters rebuild', ['org']]]);

export interface RebuildReport {
  organisations: Array<{ slug: string; sessionsNewlyCounted: number; pairs: number }>;
}

export async function runEncountersCommand(db: Db, flags: { org?: string | undefined }, onProgress: (done: number, total: number) => void = () => {}): Promise<RebuildReport> {
  const organisations = await organisationsToRebuild(db, flags.org);
  if (flags.org !== undefined && organisations.length === 0) throw new NotFoundError(`Organisation ${flags.org}`);
  const report: RebuildReport = { organisations: [] };
  for (const org of organisations) {
    const done = await inOrg(db, org.id, (tx) => rebuildOrganisationEncounters(tx, org.id));
    report.organisations.push({ slug: org.slug, sessionsNewlyCounted: done.sessions, pairs: done.pairs });
    onProgress(report.organisations.length, organisations.length);
  }
  return report;
}
