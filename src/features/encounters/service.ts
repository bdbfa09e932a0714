// Who met whom is derived from the bookings: the worker counts sessions as they end, and a rebuild
// computes an organisation's encounters from scratch (the command line, the demo loader). Both run
// migration 024's functions, which compute a pair's row the same way.
import type { Db } from '../../db/pool.ts';
import type { Tx } from '../../db/transaction.ts';
import { countEncounters, rebuildEncounters, type CountResult } from './queries.ts';

/** Sessions counted per transaction: a long history (the first count after an upgrade) goes in rounds. */
export const COUNT_ROUND = 2_000;

/** Counts every session that has ended and is not counted yet, in every organisation. */
export async function countDueEncounters(db: Db, o: { now?: Date; round?: number } = {}): Promise<{ sessions: number; pairs: number }> {
  const round = o.round ?? COUNT_ROUND;
  const total = { sessions: 0, pairs: 0 };
  for (;;) {
    const done = await countEncounters(db, round, o.now);
    total.sessions += done.sessions_counted;
    total.pairs += done.pairs_written;
    if (done.sessions_counted < round) return total;
  }
}

/** The organisation's encounters computed again from every session that has ended; as the owner. */
export async function rebuildOrganisationEncounters(tx: Tx, orgId: string, now?: Date): Promise<{ sessions: number; pairs: number }> {
  const done: CountResult = await rebuildEncounters(tx, orgId, now);
  return { sessions: done.sessions_counted, pairs: done.pairs_written };
}
