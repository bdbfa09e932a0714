// Applies the numbered SQL files in migrations/ in order, each in its own transaction, once.
// An advisory lock lets several processes start at the same time without racing.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runMigrations } from 'graphile-worker';
import pg from 'pg';
import { silentJobLogger } from './job-logger.ts';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
const LOCK_KEY = 7_462_019_283; // arbitrary, fixed: "quartet migrations"

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sqlText = await readFile(path.join(dir, file), 'utf8');
      return {
        version: file.slice(0, 3),
        name: file.slice(4, -4),
        sql: sqlText,
        checksum: createHash('sha256').update(sqlText).digest('hex'),
      };
    }),
  );
}

/** Returns the versions it applied. */
export async function migrate(url: string, log: (msg: string) => void = () => {}): Promise<string[]> {
  // The job queue's schema first: migration 009's trigger adds jobs through it. graphile-worker
  // keeps its own versions and lock.
  await runMigrations({ connectionString: url, logger: silentJobLogger });
  const client = new pg.Client({ connectionString: url, application_name: 'quartet-migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`create table if not exists schema_migrations (
      version text primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`);
    const applied = new Map(
      (await client.query<{ version: string; checksum: string }>('select version, checksum from schema_migrations'))
        .rows.map((r) => [r.version, r.checksum]),
    );
    const done: string[] = [];
    for (const m of await readMigrations()) {
      const known = applied.get(m.version);
      if (known !== undefined) {
        if (known !== m.checksum) {
          throw new Error(`Migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      log(`applying migration ${m.version}_${m.name}`);
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
          m.version, m.name, m.checksum,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${m.version}_${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(m.version);
    }
    return done;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
