// Races made to happen in one chosen order, without sleeping: the first transaction is held open
// after its work while the second runs, and the test waits (bounded) until the second either waits
// for a lock the first holds, or has finished — code without the lock never waits, and the test
// then sees what the rule would have prevented.
import type pg from 'pg';

export interface Hold {
  /** Settles once the held transaction has done its work. */
  reached: Promise<void>;
  /** Lets the held transaction go on to commit. */
  release(): void;
  /** Called inside the transaction: marks it reached and waits for release(). */
  here(): Promise<void>;
}

export function hold(): Hold {
  let release!: () => void;
  let reach!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  const reached = new Promise<void>((resolve) => { reach = resolve; });
  return { reached, release, here: () => { reach(); return released; } };
}

/** What a transaction came to: its value, or the error it was refused with. */
export function outcome<T>(work: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return work.then((value) => ({ value }), (error: unknown) => ({ error }));
}

/**
 * Resolves 'waiting' once a backend of this database, seen through `pool`, waits for a lock, or
 * 'done' once `second` has settled; fails after ten seconds. Watch through a pool of the same role
 * as the transactions: PostgreSQL shows another role's wait only to privileged roles.
 */
export async function untilWaitingOrDone(pool: pg.Pool, second: Promise<unknown>): Promise<'waiting' | 'done'> {
  let settled = false;
  void second.finally(() => { settled = true; }).catch(() => {});
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
    if (settled) return 'done';
    const { rows } = await pool.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`);
    if (rows.length > 0) return 'waiting';
  }
  throw new Error('the second transaction neither waited for a lock nor finished within 10 s');
}
