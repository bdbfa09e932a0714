// An organisation leaving, part two: the operator deletes it completely. Afterwards no table with
// org_id (found in the catalog) and no job in graphile-worker's queue holds anything of it, another
// organisation is untouched, and only a record without personal data says that it was deleted.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOperatorToken, type OrgRow } from '../../../test/factories.ts';
import { buildFilledOrganisation, jobsOf, rowsOf, tablesWithOrgId } from '../../../test/organisation-fixtures.ts';
import { runCli } from '../../../test/run-cli.ts';

let t: TestApp;
let operator: Awaited<ReturnType<typeof buildOperatorToken>>;
let staying: { org: OrgRow; emails: string[] };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-org-delete-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(t.database.url, tmp, args);

const post = (p: string, body?: unknown, headers: Record<string, string> = operator.headers) =>
  fetch(`${t.url}${p}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
const deleteVia = (org: OrgRow, confirm: string, headers?: Record<string, string>) => post(`/api/operator/organisations/${org.id}/delete`, { confirm }, headers);

/** Everything of the organisation: its rows in every catalog table, and its jobs. */
async function everythingOf(o: { org: OrgRow; emails: string[] }) {
  return { rows: await rowsOf(t, o.org.id), jobs: await jobsOf(t, o.org.id, o.emails) };
}

async function expectGone(o: { org: OrgRow; emails: string[] }) {
  const left = await everythingOf(o);
  expect(Object.entries(left.rows).filter(([, n]) => n > 0), o.org.slug).toEqual([]);
  expect(left.jobs).toBe(0);
}

beforeAll(async () => {
  // No worker: the jobs the organisations' rows queued stay in the queue until deleted.
  t = await startTestApp({ worker: false });
  operator = await buildOperatorToken(t.database.db);
  staying = await buildFilledOrganisation(t);
});

describe('deleting an organisation through the operator API', () => {
  it('refuses an active organisation and a wrong confirmation, changing nothing', async () => {
    const leaving = await buildFilledOrganisation(t);
    const before = await everythingOf(leaving);
    // Rows in every catalog table (a new table without a line in the fixture is named here).
    expect(Object.entries(before.rows).filter(([, n]) => n === 0).map(([table]) => table)).toEqual([]);
    expect(before.jobs).toBeGreaterThanOrEqual(4); // send_message ×2, deliver_webhook, prepare_data_export, request_login_links

    const active = await deleteVia(leaving.org, leaving.org.slug);
    expect(active.status).toBe(409);
    expect(await active.json()).toMatchObject({ code: 'ORGANISATION_NOT_SUSPENDED', message: expect.stringMatching(/^Suspend .+ first/) });

    expect((await post(`/api/operator/organisations/${leaving.org.id}/suspend`)).status).toBe(200);
    const wrong = await deleteVia(leaving.org, `${leaving.org.slug}-typo`);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'confirm', message: 'is not the slug of the organisation' }] });
    expect((await deleteVia(leaving.org, '')).status).toBe(400);
    expect((await post(`/api/operator/organisations/${leaving.org.id}/delete`, { confirm: leaving.org.slug, extra: 1 })).status).toBe(400);
    // Only for an operator's token (operator.db.test.ts shows a cookie or integration token is none).
    expect((await deleteVia(leaving.org, leaving.org.slug, {})).status).toBe(401);
    expect((await deleteVia(leaving.org, leaving.org.slug, { authorization: `Bearer qop_${'x'.repeat(43)}` })).status).toBe(401);
    expect((await deleteVia({ ...leaving.org, id: crypto.randomUUID() }, leaving.org.slug)).status).toBe(404);

    const after = await everythingOf(leaving);
    expect({ ...after, rows: { ...after.rows, audit_log: 0 } }).toEqual({ ...before, rows: { ...before.rows, audit_log: 0 } });
    expect(after.rows.audit_log).toBe(before.rows.audit_log! + 1); // the suspension
  });

  it('deletes a suspended one completely (every catalog table, its jobs), leaves the other as it was, and answers a second time cleanly', async () => {
    const leaving = await buildFilledOrganisation(t);
    expect((await post(`/api/operator/organisations/${leaving.org.id}/suspend`)).status).toBe(200);
    const before = await everythingOf(leaving);
    const stayingBefore = await everythingOf(staying);
    expect(stayingBefore.jobs).toBeGreaterThan(0);

    const res = await deleteVia(leaving.org, leaving.org.slug);
    expect(res.status).toBe(200);
    const deleted = await res.json();
    expect(deleted).toEqual({
      id: leaving.org.id, slug: leaving.org.slug, deletedAt: expect.any(String), deletedBy: 'operator',
      rowsDeleted: before.rows, jobsDeleted: before.jobs, filesDeleted: 0, alreadyDeleted: false,
    });
    await expectGone(leaving);
    // Checked again from the catalog directly, in case a table came after the helpers were written.
    for (const table of await tablesWithOrgId(t)) {
      const { rows } = await t.database.pool.query(`select count(*) as n from ${table} where org_id = $1`, [leaving.org.id]);
      expect(Number(rows[0].n), table).toBe(0);
    }
    expect(await everythingOf(staying)).toEqual(stayingBefore);

    // What stays: that it was deleted, when and by which operator token; no one's name or address.
    const { rows: records } = await t.database.pool.query('select * from deleted_organisations where organisation_id = $1', [leaving.org.id]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ slug: leaving.org.slug, deleted_by: 'operator', operator_token_id: expect.any(String), jobs_deleted: before.jobs });
    const kept = JSON.stringify(records[0]);
    for (const email of leaving.emails) expect(kept).not.toContain(email);
    expect(kept).not.toMatch(/Leaver/);

    const again = await deleteVia(leaving.org, leaving.org.slug);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...deleted, filesDeleted: 0, alreadyDeleted: true });
    expect((await deleteVia(leaving.org, 'something-else')).status).toBe(400);
    expect(await everythingOf(staying)).toEqual(stayingBefore);
  });
});

describe('quartet org delete SLUG --confirm SLUG', () => {
  it('refuses an active organisation, deletes a suspended one with its caught mail, and answers a second run with the first deletion', async () => {
    const leaving = await buildFilledOrganisation(t);
    const stayingBefore = await everythingOf(staying);
    // Caught mail (no SMTP_URL): one message to the leaving organisation's person, one to the staying one's.
    mkdirSync(path.join(tmp, 'mail'), { recursive: true });
    const theirs = path.join(tmp, 'mail', 'a_1.eml');
    const others = path.join(tmp, 'mail', 'b_2.eml');
    writeFileSync(theirs, `Delivered-To: ${leaving.emails[0]!.toUpperCase()}\r\nSubject: Your seat\r\n\r\nHello\r\n`);
    writeFileSync(others, `Delivered-To: ${staying.emails[0]}\r\nSubject: Your seat\r\n\r\nHello ${leaving.emails[0]}\r\n`);

    const active = await cli('org', 'delete', leaving.org.slug, '--confirm', leaving.org.slug);
    expect(active.code).toBe(1);
    expect(active.stderr).toMatch(/ORGANISATION_NOT_SUSPENDED|Suspend .+ first/);
    expect((await cli('org', 'suspend', '--slug', leaving.org.slug)).code).toBe(0);
    const wrong = await cli('org', 'delete', leaving.org.slug, '--confirm', 'nope');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/--confirm: is not the slug of the organisation/);
    expect((await rowsOf(t, leaving.org.id)).organisations).toBe(1);

    const run = await cli('org', 'delete', leaving.org.slug, '--confirm', leaving.org.slug);
    expect(run.code, run.stderr).toBe(0);
    const deleted = JSON.parse(run.stdout);
    expect(deleted).toMatchObject({ id: leaving.org.id, slug: leaving.org.slug, deletedBy: 'system', filesDeleted: 1, alreadyDeleted: false });
    await expectGone(leaving);
    expect(existsSync(theirs)).toBe(false);
    expect(existsSync(others)).toBe(true);
    expect(await everythingOf(staying)).toEqual(stayingBefore);

    const second = await cli('org', 'delete', leaving.org.slug, '--confirm', leaving.org.slug);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ ...deleted, filesDeleted: 0, alreadyDeleted: true });
    expect((await cli('org', 'delete', 'never-was', '--confirm', 'never-was')).stderr).toMatch(/not found/);
  }, 300_000); // six runs of the command line, each a process of its own
});
