// Transactions. Every unit of work runs in one, scoped to one organisation: the organisation is
// set per transaction (app.org_id) so row-level policies can see it.
import { CompiledQuery, type Kysely } from 'kysely';
import type { Db } from './pool.ts';
import type { Database } from './schema.ts';
import { pgErrorCode } from './errors.ts';

/** A query builder bound to one connection inside an open transaction. */
export type Tx = Kysely<Database>;

// Serialization failures and deadlocks are the database asking us to try again; the work in a
// transaction is all-or-nothing, so retrying it whole is safe.
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 4;
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function inOrg<T>(db: Db, orgId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  // Sent with BEGIN as one simple-protocol message: one round trip fewer on every request. The
  // id is inlined, so it must be exactly a UUID.
  if (!UUID.test(orgId)) throw new Error(`not an organisation id: ${JSON.stringify(orgId)}`);
  return run(db, `begin; select set_config('app.org_id', '${orgId}', true)`, work);
}

async function run<T>(db: Db, begin: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.connection().execute(async (conn) => {
        await conn.executeQuery(CompiledQuery.raw(begin));
        try {
          const result = await work(conn);
          await conn.executeQuery(COMMIT);
          return result;
        } catch (error) {
          await conn.executeQuery(ROLLBACK).catch(() => {});
          throw error;
        }
      });
    } catch (error) {
      const code = pgErrorCode(error);
      if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
