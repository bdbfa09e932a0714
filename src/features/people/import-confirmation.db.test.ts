// A real import deactivates people only when its caller states how many (expectDeactivated, the
// CLI's --expect-deactivated): any other number is refused with the counts and nothing changes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { runCli } from '../../../test/run-cli.ts';
import { snapshot } from '../../../test/db-snapshot.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

let t: TestApp;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-import-confirm-'));
beforeAll(async () => {
  // No mail worker: it would change the queue between the snapshots compared below.
  t = await startTestApp({ worker: false });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An organisation whose admin keeps one colleague; two others (one with a seat) are not in the file. */
async function companyOfFour() {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], email: `admin-${org.slug}@example.test` });
  const stays = await buildPerson(db, { org, email: `stays-${org.slug}@example.test` });
  const leaver = await buildPerson(db, { org });
  // The session's coach is the other one not in the file.
  await buildBooking(db, { session: await buildSession(db, { org }), person: leaver });
  const csv = `name,email\nAdmin,${admin.email}\nStays,${stays.email}\nNew Person,new-${org.slug}@example.test`;
  return { org, admin, csv, cookie: await t.cookieFor(admin) };
}

function postCsv(csv: string, cookie: string, query: string) {
  return t.request('POST', `/api/admin/people/import${query}`, { cookie, body: csv, headers: { 'content-type': 'text/csv' } });
}

const activeIn = async (orgId: string) =>
  (await t.database.db.selectFrom('people').where('org_id', '=', orgId).where('active', '=', true).select('id').execute()).length;

describe('POST /api/admin/people/import, deactivating people', () => {
  it.each([
    ['without expectDeactivated', '', 0],
    ['with another number', '?expectDeactivated=1', 1],
    ['with deactivateMissing=true and another number', '?deactivateMissing=true&expectDeactivated=3', 3],
  ])('refuses a real run %s with 409 and the counts, and changes nothing', async (_name, query, expected) => {
    const { cookie, csv } = await companyOfFour();
    const before = await snapshot(t.database.db);
    const res = await postCsv(csv, cookie, query);
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body).toMatchObject({ code: 'DEACTIVATION_NOT_CONFIRMED', deactivated: 2, bookingsCancelled: 1, expectDeactivated: expected });
    expect(body.message).toMatch(/would deactivate 2 people .*\(1 seat given up\), not \d+; nothing was changed.*expectDeactivated=2/);
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it('runs with the number a dry run reported', async () => {
    const { org, cookie, csv } = await companyOfFour();
    // A dry run ignores the expectation: it is how the caller learns the number.
    const dry = await postCsv(csv, cookie, '?dryRun=true&expectDeactivated=7');
    expect(dry.status).toBe(200);
    const { deactivated, bookingsCancelled } = await dry.json();
    expect({ deactivated, bookingsCancelled }).toEqual({ deactivated: 2, bookingsCancelled: 1 });
    const res = await postCsv(csv, cookie, `?expectDeactivated=${deactivated}`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ dryRun: false, created: 1, deactivated: 2, bookingsCancelled: 1 });
    expect(await activeIn(org.id)).toBe(3);
  });

  it('needs no number where nobody is deactivated, and refuses one that expects someone', async () => {
    const { org, cookie, csv } = await companyOfFour();
    const expecting = await postCsv(csv, cookie, '?deactivateMissing=false&expectDeactivated=2');
    expect(expecting.status).toBe(409);
    expect(await expecting.json()).toMatchObject({ deactivated: 0, bookingsCancelled: 0, expectDeactivated: 2 });
    const res = await postCsv(csv, cookie, '?deactivateMissing=false');
    expect(await res.json()).toMatchObject({ created: 1, deactivated: 0 });
    expect(await activeIn(org.id)).toBe(5);
  });

  it('refuses a number that is not a whole number', async () => {
    const { cookie, csv } = await companyOfFour();
    const res = await postCsv(csv, cookie, '?expectDeactivated=two');
    expect(res.status).toBe(400);
    expect((await res.json()).fields[0].field).toMatch(/expectDeactivated/);
  });

  it('documents the rule in the OpenAPI document', async () => {
    const doc = await (await t.request('GET', '/api/openapi.json')).json();
    const operation = doc.paths['/api/admin/people/import'].post;
    expect(operation.description).toMatch(/expectDeactivated/);
    expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('expectDeactivated');
    expect(operation.responses['409'].content['application/json'].schema.$ref).toBe('#/components/schemas/PeopleImportDeactivationRefusal');
    expect(JSON.stringify(doc.components.schemas.PeopleImportDeactivationRefusal)).toMatch(/DEACTIVATION_NOT_CONFIRMED/);
  });
});

describe('quartet people import, deactivating people', () => {
  const cli = (...args: string[]) => runCli(t.database.url, tmp, ['people', 'import', ...args]);

  it('refuses without --expect-deactivated, saying the number, and runs with it', async () => {
    const { org, admin, csv } = await companyOfFour();
    const file = path.join(tmp, `${org.slug}.csv`);
    writeFileSync(file, csv);
    const before = await snapshot(t.database.db);
    const refused = await cli(file, '--as', admin.email);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refused \(DEACTIVATION_NOT_CONFIRMED\): This import would deactivate 2 people.*--expect-deactivated 2/);
    expect(await snapshot(t.database.db)).toEqual(before);

    const run = await cli(file, '--as', admin.email, '--expect-deactivated', '2');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: false, created: 1, deactivated: 2, bookingsCancelled: 1 });
    expect(await activeIn(org.id)).toBe(3);
  });
});
