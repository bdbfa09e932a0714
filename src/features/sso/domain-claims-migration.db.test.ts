// Migration 015 on a database that has single sign-on settings from before: each uncontested
// domain stays in force (approved); a domain two organisations listed goes to the one created
// first, and the other's claim is rejected; the audit log of each says so.
import { randomBytes } from 'node:crypto';
import { runMigrations } from 'graphile-worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUrl } from '../../../test/db.ts';
import { silentJobLogger } from '../../db/job-logger.ts';
import { readMigrations } from '../../db/migrate.ts';

const name = `quartet_m015_${randomBytes(6).toString('hex')}`;
let client: pg.Client;
const ids = { first: '', second: '', alone: '' };

async function asAdmin(sqlText: string) {
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  try {
    await admin.query(sqlText);
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  await asAdmin(`create database ${name}`);
  await runMigrations({ connectionString: databaseUrl(name), logger: silentJobLogger });
  client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  const migrations = await readMigrations();
  for (const m of migrations.filter((m) => m.version < '015')) await client.query(m.sql);

  const org = async (slug: string, createdAt: string) =>
    (await client.query<{ id: string }>(`insert into organisations (name, slug, created_at) values ($1, $1, $2) returning id`, [slug, createdAt])).rows[0]!.id;
  // The later organisation is inserted first: its creation time, not the order of rows, must decide.
  ids.second = await org('second', '2026-03-01T00:00:00Z');
  ids.first = await org('first', '2025-01-01T00:00:00Z');
  ids.alone = await org('alone', '2026-05-01T00:00:00Z');
  const settings = `insert into sso_settings (org_id, issuer, client_id, allowed_domains) values ($1, 'https://idp.example.test', 'q', $2)`;
  await client.query(settings, [ids.second, ['shared.test', 'second.test']]);
  await client.query(settings, [ids.first, ['first.test', 'shared.test']]);
  await client.query(settings, [ids.alone, []]);

  await client.query('begin');
  await client.query(migrations.find((m) => m.version === '015')!.sql);
  await client.query('commit');
});

afterAll(async () => {
  await client?.end();
  await asAdmin(`drop database if exists ${name} with (force)`);
});

describe('migration 015 on settings from before', () => {
  it('approves every uncontested domain and gives a shared one to the organisation created first', async () => {
    const { rows } = await client.query(`select org_id, domain, status, decided_at is not null as decided from sso_domain_claims order by domain, status`);
    expect(rows).toEqual([
      { org_id: ids.first, domain: 'first.test', status: 'approved', decided: true },
      { org_id: ids.second, domain: 'second.test', status: 'approved', decided: true },
      { org_id: ids.first, domain: 'shared.test', status: 'approved', decided: true },
      { org_id: ids.second, domain: 'shared.test', status: 'rejected', decided: true },
    ]);
    const routed = await client.query(`select org_id from sso_organisations_for_start(null, 'shared.test')`);
    expect(routed.rows).toEqual([{ org_id: ids.first }]);
  });

  it('says so in each organisation’s audit log, and leaves the claims the only list of domains', async () => {
    const { rows } = await client.query(`
      select org_id, action, actor_kind, detail->>'domain' as domain from audit_log where action like 'sso.domain_%' order by domain, action`);
    expect(rows).toEqual([
      { org_id: ids.first, action: 'sso.domain_approved', actor_kind: 'system', domain: 'first.test' },
      { org_id: ids.second, action: 'sso.domain_approved', actor_kind: 'system', domain: 'second.test' },
      { org_id: ids.first, action: 'sso.domain_approved', actor_kind: 'system', domain: 'shared.test' },
      { org_id: ids.second, action: 'sso.domain_rejected', actor_kind: 'system', domain: 'shared.test' },
    ]);
    const column = await client.query(`select 1 from information_schema.columns where table_name = 'sso_settings' and column_name = 'allowed_domains'`);
    expect(column.rows).toEqual([]);
  });
});
