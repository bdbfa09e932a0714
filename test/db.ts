// Each test file gets a database of its own, cloned from the migrated template.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { onCleanup } from './cleanup.ts';
import { openDatabase, type DbHandle } from '../src/db/pool.ts';
import { APP_ROLE_TEST_PASSWORD } from './global-setup.ts';

export interface TestDatabase extends DbHandle {
  /** As the owner: factories and checks see every organisation. */
  url: string;
  /** As the app role quartet_app, bound by row-level security, as Quartet's requests are. */
  appUrl: string;
}

export function databaseUrl(database: string): string {
  const u = new URL(inject('adminUrl'));
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database, dropped after the file's tests. */
export async function createTestDatabase(poolSize = 20): Promise<TestDatabase> {
  const name = `quartet_test_${randomBytes(6).toString('hex')}`;
  const template = inject('templateDatabase');
  // Creating from a template fails while another clone is being made from it; try again.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(async (c) => {
        await c.query(`create database ${name} template ${template}`);
        // A throwaway database: as on the embedded test cluster, a commit need not wait for the disk
        // (on the PostgreSQL server of CI's second pass, that wait was most of a write's time).
        await c.query(`alter database ${name} set synchronous_commit = off`);
      });
      break;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = databaseUrl(name);
  const app = new URL(url);
  app.username = 'quartet_app';
  app.password = APP_ROLE_TEST_PASSWORD;
  const handle = openDatabase(url, poolSize);
  onCleanup(async () => {
    await handle.close();
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  });
  return { ...handle, url, appUrl: app.toString() };
}
