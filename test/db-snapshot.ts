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

/**
 * A change log for a test that compares thousands of times: after this, every table (as snapshot
 * reads them) notes each row inserted, deleted or changed, and each truncation, in the writing
 * transaction, so a rolled-back write leaves no note. The returned function gives the notes per
 * table, e.g. { bookings: 3 }: equal before and after means nothing was written that stayed. Reading
 * it costs a fraction of a millisecond where snapshot() hashes every row of every table (11 ms, most
 * of it planning a 49-table query): the fuzz test compared 17,000 times and spent 80 % of its
 * minutes there. Install it before the writes it should see; an update to identical values is no
 * change, as for snapshot().
 */
export async function watchChanges(db: Db): Promise<() => Promise<Record<string, number>>> {
  const names = await dataTables(db);
  await sql`create schema test_watch`.execute(db);
  await sql`create unlogged table test_watch.notes (name text not null)`.execute(db);
  // Security definer: the app role writes the tables and may not write here.
  await sql.raw(`create function test_watch.note() returns trigger language plpgsql security definer set search_path = pg_catalog as $$
    begin
      if tg_op = 'UPDATE' and old::text is not distinct from new::text then return null; end if;
      insert into test_watch.notes values (tg_table_schema || '.' || tg_table_name);
      return null;
    end $$`).execute(db);
  for (const name of names) {
    await sql.raw(`create trigger zz_test_watch after insert or update or delete on ${name} for each row execute function test_watch.note();
      create trigger zz_test_watch_truncate after truncate on ${name} for each statement execute function test_watch.note()`).execute(db);
  }
  return async () => {
    const { rows } = await sql<{ name: string; notes: number }>`select name, count(*)::int as notes from test_watch.notes group by name`.execute(db);
    return Object.fromEntries(rows.map((r) => [r.name.replace(/^public\./, ''), r.notes]));
  };
}
