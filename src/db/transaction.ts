// Transactions. Every unit of work runs in one, scoped to one organisation: the organisation is
// set per transaction (app.org_id) so row-level policies can see it.
import { sql, type Transaction } from 'kysely';
import type { Db } from './pool.ts';
import type { Database } from './schema.ts';
import { pgErrorCode } from './errors.ts';

export type Tx = Transaction<Database>;

// Serialization failures and deadlocks are the database asking us to try again; the work in a
// transaction is all-or-nothing, so retrying it whole is safe.
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 4;

export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      const code = pgErrorCode(error);
      if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

export function inOrg<T>(db: Db, orgId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    await sql`select set_config('app.org_id', ${orgId}, true)`.execute(tx);
    return work(tx);
  });
}
