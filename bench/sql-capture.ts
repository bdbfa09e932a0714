// What SQL a piece of Quartet's query code sends, without a database: Kysely compiles it against
// a driver that never connects and we keep what it would have sent.
import { Kysely } from 'kysely';
import type { Db } from '../src/db/pool.ts';
import { compileOnlyDialect } from '../src/db/prepared.ts';
import type { Database } from '../src/db/schema.ts';

export interface CompiledSql {
  sql: string;
  parameters: readonly unknown[];
}

/** Runs `work` against a database that answers every query with no rows; returns the queries. */
export async function compileQueries(work: (db: Db) => Promise<unknown>): Promise<CompiledSql[]> {
  const seen: CompiledSql[] = [];
  const db = new Kysely<Database>({ dialect: compileOnlyDialect, log: (event) => void seen.push(event.query) });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
  return seen;
}
