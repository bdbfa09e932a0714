// A fingerprint of everything the database holds, to show that a request changed nothing.
import { sql } from 'kysely';
import type { Db } from '../src/db/pool.ts';

// Reading with a session cookie refreshes auth_sessions.last_seen_at by design, and rate-limit
// counters count refused requests too (by design: retrying does not open the limit); every other
// table must stay exactly as it was.
const CHANGES_ON_READ = new Set(['public.auth_sessions', 'public.rate_limit_hits']);

let tables: string[] | undefined;

async function dataTables(db: Db): Promise<string[]> {
  tables ??= (
    await sql<{ name: string }>`select format('%I.%I', table_schema, table_name) as name from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE' order by 1`.execute(db)
  ).rows.map((r) => r.name).filter((name) => !CHANGES_ON_READ.has(name));
  return tables;
}

/**
 * Row count and the sum of the rows' 64-bit hashes for every table in every schema, e.g.
 * { bookings: '3:-8312…' }: any row added, removed or changed changes one or the other. The sum
 * needs no sort; an md5 over the rows sorted as text (what this was) sorted every table by collation
 * twice per fuzzed request, and made the fuzz test most of a CI run.
 */
export async function snapshot(db: Db): Promise<Record<string, string>> {
  const names = await dataTables(db);
  const query = names
    .map((name) => `select '${name.replace(/^public\./, '')}' as name, count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)), 0) as print from ${name} t`)
    .join(' union all ');
  const { rows } = await sql<{ name: string; print: string }>`${sql.raw(query)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.print]));
}
