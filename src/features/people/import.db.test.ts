// Importing people from CSV through HTTP and the CLI: every row at fault reported and nothing
// changed; dry runs change nothing; real runs create, update by e-mail and deactivate who left.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { runCli } from '../../../test/run-cli.ts';
import { hoursAfterPastMonday, hoursAfterReference } from '../../../test/dates.ts';
import { snapshot } from '../../../test/db-snapshot.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

let t: TestApp;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-import-'));
beforeAll(async () => {
  // No mail worker: it would change the queue between the snapshots compared below.
  t = await startTestApp({ worker: false });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HEADER = 'name,email,department,site,time_zone,locale,roles';

/** An organisation of its own (real runs deactivate whoever is not in the file) and its admin. */
async function adminOfNewOrg() {
  const org = await buildOrganisation(t.database.db);
  const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], email: `admin-${org.slug}@example.test` });
  return { org, admin, cookie: await t.cookieFor(admin) };
}

function postCsv(csv: string, cookie: string, query = '') {
  return t.request('POST', `/api/admin/people/import${query}`, { cookie, body: csv, headers: { 'content-type': 'text/csv' } });
}

function peopleOf(orgId: string) {
  return t.database.db.selectFrom('people').where('org_id', '=', orgId).selectAll().orderBy('email').execute();
}

describe('POST /api/admin/people/import', () => {
  it('refuses a file with bad rows with 400, reporting every bad row by line and reason, and changes nothing', async () => {
    const { cookie } = await adminOfNewOrg();
    const csv = [
      HEADER,
      'Good Person,good@example.test,Sales,Berlin,Europe/Berlin,de,employee',
      ',missing-name@example.test,,,,,',
      'No Mail,,,,,,',
      'Bad Mail,not-an-address,,,,,',
      'Bad Zone,zone@example.test,,,Mars/Olympus,,',
      'Bad Locale,locale@example.test,,,,fr,',
      'Bad Role,role@example.test,,,,,employee;wizard',
      'Twice,GOOD@example.test,,,,,',
      `${'x'.repeat(201)},long@example.test,,,,,`,
      'Short Row,short@example.test',
      '"Two',
      'Lines",two-lines@example.test,,,Nowhere/Land,xx,',
    ].join('\r\n');
    for (const query of ['', '?dryRun=true']) {
      const before = await snapshot(t.database.db);
      const res = await postCsv(csv, cookie, query);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.code).toBe('IMPORT_INVALID');
      expect(body.rows.map((r: { line: number }) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      const reasons = Object.fromEntries(body.rows.map((r: { line: number; errors: string[] }) => [r.line, r.errors.join(' | ')]));
      expect(reasons[3]).toMatch(/name is missing/);
      expect(reasons[4]).toMatch(/email is missing/);
      expect(reasons[5]).toMatch(/not a valid e-mail/);
      expect(reasons[6]).toMatch(/not an IANA time zone/);
      expect(reasons[7]).toMatch(/locale "fr"/);
      expect(reasons[8]).toMatch(/"wizard" unknown/);
      expect(reasons[9]).toMatch(/already appears on line 2/);
      expect(reasons[10]).toMatch(/longer than 200/);
      expect(reasons[11]).toMatch(/has 2 cells; the header has 7/);
      // A row spanning two lines is reported where it begins, with all its reasons.
      expect(reasons[12]).toMatch(/time zone.*\| .*locale "xx"/);
      expect(body.rows.find((r: { line: number }) => r.line === 8).email).toBe('role@example.test');
      expect(await snapshot(t.database.db)).toEqual(before);
    }
  });

  it.each([
    ['an unknown column', 'name,email,shoe_size\nA,a@example.test,42', /unknown column "shoe_size"/],
    ['a missing email column', 'name,site\nA,Berlin', /column email is missing/],
    ['only a header', HEADER, /no people/],
    ['an unclosed quote', `${HEADER}\nA,a@example.test,,,,,\n"B,b@example.test,,,,,\nC,c@example.test,,,,,`, /never closed/],
  ])('refuses %s, naming the line', async (_name, csv, reason) => {
    const { cookie } = await adminOfNewOrg();
    const res = await postCsv(csv, cookie);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.rows[0].errors.join(' ')).toMatch(reason);
    expect(body.rows[0].line).toBe(csv.includes('"B') ? 3 : csv === HEADER ? 2 : 1);
  });

  it('dry run reports what would happen and changes nothing', async () => {
    const { org, cookie } = await adminOfNewOrg();
    await buildPerson(t.database.db, { org, email: 'stays@example.test', name: 'Stays' });
    const leaver = await buildPerson(t.database.db, { org, email: 'leaves@example.test' });
    await buildBooking(t.database.db, { session: await buildSession(t.database.db, { org }), person: leaver });
    const before = await snapshot(t.database.db);
    const csv = `${HEADER}\nStays,STAYS@example.test,,,,,\nNew One,new@example.test,,,,,`;
    const res = await postCsv(csv, cookie, '?dryRun=true');
    expect(res.status).toBe(200);
    // The session's coach is not in the file either.
    expect(await res.json()).toMatchObject({ dryRun: true, rows: 2, created: 1, updated: 1, unchanged: 0, deactivated: 2, bookingsCancelled: 1 });
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it('creates, updates by e-mail whatever its case, and deactivates who left: seats re-open, history stays, sign-ins end', async () => {
    const { org, admin, cookie } = await adminOfNewOrg();
    const db = t.database.db;
    const coach = await buildPerson(db, { org, email: 'coach@example.test', name: 'Coach', roles: ['coach', 'employee'], department: 'L&D', site: 'Hamburg' });
    const anna = await buildPerson(db, { org, email: 'anna@example.test', name: 'Anna', department: 'Sales', timeZone: 'Europe/Berlin' });
    const leaver = await buildPerson(db, { org, email: 'leaver@example.test' });
    const future = await buildSession(db, { org, coach, startsAt: hoursAfterReference(48) });
    const past = await buildSession(db, { org, coach, startsAt: hoursAfterPastMonday(-48) });
    const futureBooking = await buildBooking(db, { session: future, person: leaver });
    const pastBooking = await buildBooking(db, { session: past, person: leaver });
    const leaverCookie = await t.cookieFor(leaver);
    expect((await t.request('GET', '/api/me', { cookie: leaverCookie })).status).toBe(200);

    const csv = [
      'email;name;roles;time_zone;department;site;locale',
      'ANNA@Example.test;Anna Berg;employee|coach;America/New_York;Marketing;;de',
      'coach@example.test;Coach;"coach;employee";Europe/Berlin;L&D;Hamburg;en',
      'neu@example.test;Neu Person;;;;;',
    ].join('\n');
    const res = await postCsv(`\ufeff${csv}`, cookie, '?expectDeactivated=1');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({
      dryRun: false, rows: 3, created: 1, updated: 1, unchanged: 1, deactivated: 1, deactivatedEmails: ['leaver@example.test'], bookingsCancelled: 1,
      warnings: [{ code: 'NEW_DEPARTMENT', name: 'Marketing', people: 1, message: 'new department: Marketing — 1 person' }], warningsLeftOut: 0,
    });

    const people = Object.fromEntries((await peopleOf(org.id)).map((p) => [p.email, p]));
    expect(people['ANNA@Example.test']).toMatchObject({
      id: anna.id, name: 'Anna Berg', department: 'Marketing', site: null, time_zone: 'America/New_York', locale: 'de', roles: ['employee', 'coach'], active: true,
    });
    expect(people['neu@example.test']).toMatchObject({ name: 'Neu Person', time_zone: org.default_time_zone, locale: 'en', roles: ['employee'], active: true });
    expect(people['leaver@example.test']!.active).toBe(false);
    expect(people[admin.email]!.active).toBe(true);

    const bookings = await db.selectFrom('bookings').where('person_id', '=', leaver.id).selectAll().execute();
    expect(bookings.find((b) => b.id === futureBooking.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'deactivated', cancelled_by: admin.id });
    expect(bookings.find((b) => b.id === pastBooking.id)).toMatchObject({ status: 'active', cancel_reason: null });
    const seats = await db.selectFrom('sessions').where('id', 'in', [future.id, past.id]).select(['id', 'seats_taken']).execute();
    expect(Object.fromEntries(seats.map((s) => [s.id, s.seats_taken]))).toEqual({ [future.id]: 0, [past.id]: 1 });
    expect((await t.request('GET', '/api/me', { cookie: leaverCookie })).status).toBe(401);
    const entry = await db.selectFrom('audit_log').where('org_id', '=', org.id).where('action', '=', 'people.imported').selectAll().executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: admin.id, detail: { rows: 3, created: 1, updated: 1, deactivated: 1, deactivatedPeople: [leaver.id] } });
    expect((await t.request('GET', '/api/me', { cookie })).status).toBe(200);

    // The same file again changes nothing; with the leaver back in it, they are active again.
    expect(await (await postCsv(csv, cookie)).json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, deactivated: 0 });
    const back = await postCsv(`${csv}\nleaver@example.test;Leaver;;;;;`, cookie, '?deactivateMissing=true');
    expect(await back.json()).toMatchObject({ created: 0, updated: 1, unchanged: 3, deactivated: 0 });
  });

  it('leaves people not in the file alone with deactivateMissing=false', async () => {
    const { org, cookie } = await adminOfNewOrg();
    const other = await buildPerson(t.database.db, { org });
    const res = await postCsv(`name,email\nNew,new@example.test`, cookie, '?deactivateMissing=false');
    expect(await res.json()).toMatchObject({ created: 1, deactivated: 0, deactivatedEmails: [] });
    expect((await peopleOf(org.id)).find((p) => p.id === other.id)!.active).toBe(true);
  });

  it('refuses a file that takes away the importing admin’s own admin role', async () => {
    const { admin, cookie } = await adminOfNewOrg();
    const res = await postCsv(`name,email,roles\nMe,${admin.email.toUpperCase()},employee`, cookie);
    expect(res.status).toBe(400);
    expect((await res.json()).rows).toEqual([
      { line: 2, email: admin.email.toUpperCase(), errors: [expect.stringMatching(/your own row/)], reasons: [{ code: 'OWN_ADMIN_ROLE' }] },
    ]);
  });

  it.each([['employee'], ['coach']] as const)('answers 403 to an %s and changes nothing', async (role) => {
    const { org } = await adminOfNewOrg();
    const person = await buildPerson(t.database.db, { org, roles: [role] });
    const before = await snapshot(t.database.db);
    const res = await postCsv(`${HEADER}\nX,x@example.test,,,,,`, await t.cookieFor(person));
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('FORBIDDEN');
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it('answers 415 to a body that is not text/csv and 401 without a cookie', async () => {
    const { cookie } = await adminOfNewOrg();
    expect((await t.request('POST', '/api/admin/people/import', { cookie, body: { name: 'x' } })).status).toBe(415);
    expect((await postCsv(`${HEADER}\nX,x@example.test,,,,,`, '')).status).toBe(401);
  });

  it('imports 50,000 people', async () => {
    const { org, cookie } = await adminOfNewOrg();
    const started = performance.now();
    const res = await postCsv(generatedPeople(50_000, 'api'), cookie);
    const ms = performance.now() - started;
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 50_000, created: 50_000 });
    console.log(`people import: 50,000 rows over HTTP in ${Math.round(ms)} ms`);
    const [{ n }] = await t.database.db.selectFrom('people').where('org_id', '=', org.id).where('active', '=', true).select((e) => e.fn.countAll<string>().as('n')).execute() as [{ n: string }];
    expect(Number(n)).toBe(50_001);
  });
});

describe('quartet people import', () => {
  const cli = (...args: string[]) => runCli(t.database.url, tmp, ['people', 'import', ...args]);

  it('imports a large file, showing progress on stderr and the report on stdout', async () => {
    const { org, admin } = await adminOfNewOrg();
    const file = path.join(tmp, 'people.csv');
    writeFileSync(file, generatedPeople(50_000, 'cli'));
    const dry = await cli(file, '--as', admin.email, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, created: 50_000 });
    expect(await peopleOf(org.id)).toHaveLength(1);

    const run = await cli(file, '--as', admin.email);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/read 50000/);
    expect(run.stderr).toMatch(/validated 20000\/50000/);
    expect(run.stderr).toMatch(/written 50000\/50000/);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: false, rows: 50_000, created: 50_000, deactivated: 0 });
    console.log(`people import: 50,000 rows by the CLI in ${Math.round(run.ms)} ms (process start included)`);
    expect(await peopleOf(org.id)).toHaveLength(50_001);
  });

  it('exits 1 and reports the rows at fault', async () => {
    const { admin } = await adminOfNewOrg();
    const file = path.join(tmp, 'bad.csv');
    writeFileSync(file, `${HEADER}\nA,a@example.test,,,,,\nB,b@,,,,,\n`);
    const run = await cli(file, '--as', admin.email);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ code: 'IMPORT_INVALID', rows: [{ line: 3, email: 'b@', errors: [expect.stringMatching(/not a valid e-mail/)] }] });
  });
});

/** n people with every column filled, e.g. "Person 17,person-17@tag.example.test,Dept 7,…". */
function generatedPeople(n: number, tag: string): string {
  const zones = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Kolkata'];
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    lines.push(`Person ${i},person-${i}@${tag}.example.test,Department ${i % 40},Site ${i % 7},${zones[i % 4]},${i % 3 ? 'en' : 'de'},${i % 50 ? 'employee' : 'employee;coach'}`);
  }
  return lines.join('\n');
}
