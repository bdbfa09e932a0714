// An organisation leaving, part one: the operator exports its whole data set, one CSV per table
// the catalog says holds its rows, with a manifest; through the API (streamed) and the command line.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOperatorToken, type OrgRow } from '../../../test/factories.ts';
import { buildFilledOrganisation, rowsOf, tablesWithOrgId } from '../../../test/organisation-fixtures.ts';
import type { ArchiveManifest } from './operator-export.ts';
import { runCli } from '../../../test/run-cli.ts';

let t: TestApp;
let operator: Awaited<ReturnType<typeof buildOperatorToken>>;
let leaving: OrgRow;
let staying: OrgRow;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-org-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(t.database.url, tmp, args);

beforeAll(async () => {
  // No worker: the jobs the organisation's rows queued stay in the queue.
  t = await startTestApp({ worker: false });
  operator = await buildOperatorToken(t.database.db);
  ({ org: leaving } = await buildFilledOrganisation(t));
  ({ org: staying } = await buildFilledOrganisation(t));
});

/** The archive's files, and the manifest read from it. */
function openArchive(zip: Uint8Array) {
  const files = unzipSync(zip);
  const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as ArchiveManifest;
  const csv = (name: string) => parse(strFromU8(files[name]!), { relax_column_count: false }) as string[][];
  return { files, manifest, csv };
}

describe('the organisation’s archive', () => {
  it('has rows of both organisations in every table with org_id (else the fixture misses a table)', async () => {
    for (const org of [leaving, staying]) {
      const counts = await rowsOf(t, org.id);
      expect(Object.entries(counts).filter(([, n]) => n === 0).map(([table]) => table), org.slug).toEqual([]);
    }
  });

  it('streams from the operator API: a CSV per catalog table with every row of the organisation and none of another', async () => {
    const res = await fetch(`${t.url}/api/operator/organisations/${leaving.id}/export`, { headers: operator.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="quartet-${leaving.slug}-\\d{4}-\\d{2}-\\d{2}\\.zip"$`));
    const { files, manifest, csv } = openArchive(new Uint8Array(await res.arrayBuffer()));

    const counts = await rowsOf(t, leaving.id);
    const catalog = [...(await tablesWithOrgId(t)), 'organisations'].sort();
    expect(manifest.tables.map((table) => table.name).sort()).toEqual(catalog);
    expect(Object.keys(files).sort()).toEqual([...catalog.map((table) => `${table}.csv`), 'manifest.json'].sort());
    expect(Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows]))).toEqual(counts);
    expect(manifest).toMatchObject({
      format: 'quartet-organisation-export/1',
      organisation: { id: leaving.id, slug: leaving.slug, name: leaving.name, status: 'active' },
      schemaVersion: expect.stringMatching(/^\d{3}_[a-z0-9_]+$/),
      exportedBy: { kind: 'operator', operatorTokenId: expect.any(String) },
    });
    const lastMigration = (await t.database.pool.query('select version, name from schema_migrations order by version desc limit 1')).rows[0];
    expect(manifest.schemaVersion).toBe(`${lastMigration.version}_${lastMigration.name}`);

    for (const table of manifest.tables) {
      const [header, ...records] = csv(table.file);
      expect(header, table.name).toEqual(table.columns);
      expect(records, table.name).toHaveLength(table.rows);
      const orgColumn = header!.indexOf(table.name === 'organisations' ? 'id' : 'org_id');
      expect(records.filter((r) => r[orgColumn] !== leaving.id), table.name).toEqual([]);
    }
    // Values as PostgreSQL writes them, kept exactly: quotes, commas, line breaks, a leading "=", an empty text.
    const ratings = csv('session_ratings.csv');
    expect(ratings[1]![ratings[0]!.indexOf('comment')]).toBe('Good, with "quotes", commas\nand a line break');
    const suggestions = csv('suggestions.csv');
    expect(suggestions[1]![suggestions[0]!.indexOf('title')]).toBe('=Fewer meetings');
    expect(strFromU8(files['suggestions.csv']!)).toMatch(/,"",/);
    expect(strFromU8(files['people.csv']!)).not.toContain(staying.id);

    // Recorded in its audit log, as the operator, before the snapshot: the archive holds the entry too.
    const audit = csv('audit_log.csv');
    expect(audit.slice(1).map((r) => [r[audit[0]!.indexOf('action')], r[audit[0]!.indexOf('actor_kind')]])).toContainEqual(['organisation.exported', 'operator']);
  });

  it('answers 401 without an operator token and 404 for an organisation that does not exist, with no audit entry', async () => {
    const before = (await rowsOf(t, leaving.id)).audit_log;
    expect((await fetch(`${t.url}/api/operator/organisations/${leaving.id}/export`)).status).toBe(401);
    const cookie = await t.cookieFor((await t.database.db.selectFrom('people').where('org_id', '=', leaving.id).select(['id', 'org_id']).executeTakeFirstOrThrow()));
    expect((await t.request('GET', `/api/operator/organisations/${leaving.id}/export`, { cookie })).status).toBe(401);
    const missing = await fetch(`${t.url}/api/operator/organisations/${crypto.randomUUID()}/export`, { headers: operator.headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await rowsOf(t, leaving.id)).audit_log).toBe(before);
  });

  it('is written by `quartet org export SLUG --out FILE` as the command line, readable by its user only, never over a file', async () => {
    const out = path.join(tmp, 'leaving.zip');
    const run = await cli('org', 'export', leaving.slug, '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({ file: out, bytes: statSync(out).size, organisation: { id: leaving.id }, exportedBy: { kind: 'system', operatorTokenId: null } });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const { manifest, csv } = openArchive(readFileSync(out));
    expect(Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows]))).toEqual(await rowsOf(t, leaving.id));
    expect(printed.tables).toEqual(manifest.tables.map((table) => ({ name: table.name, rows: table.rows })));
    expect(csv('people.csv').length).toBeGreaterThan(2);

    writeFileSync(path.join(tmp, 'taken.zip'), 'mine');
    const over = await cli('org', 'export', '--slug', leaving.slug, '--out', path.join(tmp, 'taken.zip'));
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/--out: names a file that exists already/);
    expect(readFileSync(path.join(tmp, 'taken.zip'), 'utf8')).toBe('mine');
    expect((await cli('org', 'export', 'no-such-org', '--out', path.join(tmp, 'none.zip'))).stderr).toMatch(/not found/);
    expect((await cli('org', 'export', leaving.slug)).stderr).toMatch(/--out: is required/);
    const nowhere = await cli('org', 'export', leaving.slug, '--out', path.join(tmp, 'no-such-folder', 'x.zip'));
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr.trim()).toBe(`--out: ${path.join(tmp, 'no-such-folder', 'x.zip')} cannot be written (ENOENT)`);
  }, 300_000); // six runs of the command line, each a process of its own
});
