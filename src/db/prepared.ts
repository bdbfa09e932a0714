// Hot queries compiled once. On the booking path, building a query with Kysely and compiling it
// to SQL cost the server more time than anything else it does apart from talking to PostgreSQL
// (bench/booking.ts). Such a query's SQL never changes, only its values: it is built once, with
// named slots where the values go, and each run only fills the slots in.
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable, type CompiledQuery, type Dialect, type QueryResult, type RawBuilder } from 'kysely';
import type { Database } from './schema.ts';

class Slot {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

/** PostgreSQL's SQL dialect over a driver that never connects: for compiling queries only. */
export const compileOnlyDialect: Dialect = {
  createAdapter: () => new PostgresAdapter(),
  createDriver: () => new DummyDriver(),
  createIntrospector: (k) => new PostgresIntrospector(k),
  createQueryCompiler: () => new PostgresQueryCompiler(),
};

const compiler = new Kysely<Database>({ dialect: compileOnlyDialect });

export interface Prepared<P, R> {
  /** Runs the query with these values on `db` (a transaction or the pool). */
  run(db: Kysely<Database>, values: P): Promise<QueryResult<R>>;
}

/**
 * `build` receives `$`, whose fields stand for the values of each run (`$.orgId`); it must build
 * the same query whatever the values are, so no branching on them and no lists of varying length.
 */
export function prepared<P extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, $: P) => Compilable<R> | RawBuilder<R>,
): Prepared<P, R> {
  const $ = new Proxy({}, { get: (_, name) => new Slot(String(name)) }) as P;
  // A raw sql`` query compiles against a Kysely instance; a query builder ignores the argument.
  const query = (build(compiler, $) as RawBuilder<R>).compile(compiler);
  const fill = query.parameters.map((p) => (p instanceof Slot ? p.name : undefined));
  const constants = query.parameters;
  return {
    run(db, values) {
      const parameters = fill.map((name, i) => (name === undefined ? constants[i] : values[name]));
      return db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
    },
  };
}
