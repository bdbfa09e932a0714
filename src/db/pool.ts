// The connection pool and the typed query builder over it.
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { guardPool, type Availability } from './availability.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  /** Whether this pool can reach the database; connects fail fast while it cannot. */
  availability: Availability;
  close(): Promise<void>;
}

/**
 * `actAs` switches every new connection to that role (SET ROLE): for a server where Quartet was
 * given only the owner's credentials; APP_DATABASE_URL, logging in as the role, is the stronger way.
 */
export function openDatabase(url: string, poolSize: number, actAs?: string): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'quartet',
    // A connection whose peer vanished without a word (a network loss) is found out by TCP.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(actAs && { options: `-c role=${actAs}` }),
  });
  // An idle client that loses its connection (server restart) emits here; without a listener
  // the process would die. The pool drops the client and opens a new one on the next query.
  pool.on('error', () => {});
  // A client checked out between two statements when its server goes away emits 'error' too,
  // and nobody else listens there; the statement that follows fails with it, and the pool then
  // discards the broken client.
  pool.on('connect', (client) => client.on('error', () => {}));
  const availability = guardPool(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
  return {
    db,
    pool,
    availability,
    async close() {
      availability.close();
      await db.destroy();
    },
  };
}

// Each parameterised query becomes a named prepared statement on its connection, so PostgreSQL
// parses it once per connection and can keep its plan: planning the joins behind a session view
// cost more than running them (bench/booking.ts). The name is derived from the text, so the same
// text always maps to the same statement. Long IN-lists are left unnamed so that lists of every
// length do not pile up as statements on the server.
const MAX_NAMED_PARAMETERS = 16;
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (statementNames.size < 5_000) statementNames.set(text, name);
  }
  return name;
}

function withPreparedStatements(pool: pg.Pool): PostgresPool {
  // Quartet never streams results, so the cursor form of query() is not needed.
  const adapter = {
    async connect() {
      const client = await pool.connect();
      return {
        query(text: string, parameters: ReadonlyArray<unknown>) {
          const values = [...parameters];
          const named = values.length > 0 && values.length <= MAX_NAMED_PARAMETERS;
          return client.query(named ? { name: statementName(text), text, values } : { text, values });
        },
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
  return adapter as unknown as PostgresPool;
}

/** Resolves when the database answers a trivial query. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
