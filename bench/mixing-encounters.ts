// The memory figure of bench:mixing: the encounters ledger of a 100,000-person organisation after
// three years of monthly sessions, written into a real PostgreSQL (the embedded cluster, migrated as
// the product migrates it) set-based: everyone in a random group of 4, each
// pair of a group counted as the count job would (first and last met, times). Prints the table's
// size with its indexes, per pair and per person.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { migrate } from '../src/db/migrate.ts';
import { loadConfig } from '../src/lib/config.ts';
import { openConfiguredDatabase } from '../src/server.ts';
import { freePort } from '../test/free-port.ts';

export interface LedgerSize {
  people: number;
  months: number;
  pairs: number;
  meetings: number;
  tableBytes: number;
  totalBytes: number;
  writeMs: number;
}

export async function encountersLedgerSize(people: number, months: number, onMonth: (month: number) => void = () => {}): Promise<LedgerSize> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-bench-network-'));
  const config = loadConfig({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'never', LOG_LEVEL: 'silent' });
  const database = await openConfiguredDatabase(config, pino({ level: 'silent' }));
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    await migrate(database.url);
    const started = performance.now();
    const { rows: [org] } = await pool.query<{ id: string }>(`insert into organisations (name, slug) values ('Bench Network', 'bench-network') returning id`);
    const orgId = org!.id;
    await pool.query(`
      insert into people (org_id, email, name, department, time_zone, roles)
      select $1, 'person' || i || '@bench.test', 'Person ' || i, 'Department ' || (i % 8), 'Europe/Berlin', array['employee']
      from generate_series(0, $2::int - 1) i`, [orgId, people]);
    // All months in one statement: each month's groups from a shuffle of its own, the pairs counted
    // across months — the rows the count job would have left, written once rather than upserted 36 times.
    await pool.query(`set work_mem = '512MB'`);
    await pool.query(`
      with grouped as (
        select p.id, m.month, (row_number() over (partition by m.month order by md5(p.id::text || m.month::text)) - 1) / 4 as g
        from people p cross join generate_series(0, $2::int - 1) as m(month) where p.org_id = $1
      )
      insert into encounters (org_id, person_a, person_b, first_met, last_met, times)
      select $1, a.id, b.id, min(make_date(2024, 1, 15) + a.month * interval '1 month'), max(make_date(2024, 1, 15) + a.month * interval '1 month'), count(*)
      from grouped a join grouped b on a.month = b.month and a.g = b.g and a.id < b.id
      group by a.id, b.id`, [orgId, months]);
    onMonth(months);
    const writeMs = performance.now() - started;
    await pool.query('vacuum analyze encounters');
    const { rows: [size] } = await pool.query<{ pairs: string; meetings: string; table_bytes: string; total_bytes: string }>(`
      select count(*) as pairs, sum(times) as meetings, pg_relation_size('encounters') as table_bytes,
             pg_total_relation_size('encounters') as total_bytes from encounters`);
    return {
      people, months, pairs: Number(size!.pairs), meetings: Number(size!.meetings), tableBytes: Number(size!.table_bytes),
      totalBytes: Number(size!.total_bytes), writeMs,
    };
  } finally {
    await pool.end();
    await database.embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
