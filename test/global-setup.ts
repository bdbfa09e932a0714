// One PostgreSQL per test run: the embedded cluster by default, or the server named by
// TEST_DATABASE_URL. The schema is migrated once into a template that every test file clones.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedCluster, type EmbeddedCluster } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { freePort } from './free-port.ts';

export const APP_ROLE_TEST_PASSWORD = 'quartet-app-test';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}


function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let cluster: EmbeddedCluster | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-test-'));
    cluster = await startEmbeddedCluster({
      dataDir,
      port: await freePort(),
      // A throwaway cluster: durability buys nothing here.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '400' },
    });
    adminUrl = cluster.url('postgres');
  }
  const templateDatabase = `quartet_template_${process.pid}_${project.name.replace(/\W/g, '_')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${templateDatabase}`);
  await admin.query(`create database ${templateDatabase}`);
  await migrate(withDatabase(adminUrl, templateDatabase));
  // The app under test logs in as the app role, as Quartet does, so row-level security applies.
  await admin.query(`alter role quartet_app password '${APP_ROLE_TEST_PASSWORD}'`);
  await admin.end();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${templateDatabase} with (force)`).catch(() => {});
    await client.end();
    await cluster?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
