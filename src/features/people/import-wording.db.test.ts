// What an import says besides its counts: each refused row's reasons as codes with their values
// (which the web app words in German) beside the English sentences, and warnings about sites and
// departments no active person has yet, which never refuse the file.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

const HEADER = 'name,email,department,site,time_zone,locale,roles';

async function adminOfNewOrg() {
  const org = await buildOrganisation(t.database.db);
  const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], email: `admin-${org.slug}@example.test`, department: 'Engineering', site: 'Hamburg' });
  return { org, admin, cookie: await t.cookieFor(admin) };
}

async function importCsv(csv: string, cookie: string, query = '?dryRun=true&deactivateMissing=false') {
  const res = await t.request('POST', `/api/admin/people/import${query}`, { cookie, body: csv, headers: { 'content-type': 'text/csv' } });
  return { status: res.status, body: await res.json() };
}

describe('the reasons a file is refused', () => {
  it('gives every reason as a code with its values, beside the English sentence, in the same order', async () => {
    const { cookie } = await adminOfNewOrg();
    // The QA's bad.csv.
    const csv = [
      HEADER,
      'Ada Test,not-an-email,Engineering,Hamburg,Europe/Berlin,en,employee',
      'Bob Test,bob.test@northwind.example,Engineering,Atlantis,Mars/Olympus,fr,employee;wizard',
      ',empty.name@northwind.example,,,,,',
      'Bob Again,bob.test@northwind.example,Sales,Lisbon,Europe/Lisbon,de,employee',
    ].join('\n');
    const { status, body } = await importCsv(csv, cookie);
    expect(status).toBe(400);
    expect(body.code).toBe('IMPORT_INVALID');
    expect(body.message).toBe('4 rows are at fault; nothing was imported.');
    expect(body.rows.map((r: { line: number; reasons: unknown }) => [r.line, r.reasons])).toEqual([
      [2, [{ code: 'EMAIL_INVALID', value: 'not-an-email' }]],
      [3, [
        { code: 'TIME_ZONE_UNKNOWN', value: 'Mars/Olympus' },
        { code: 'LOCALE_UNKNOWN', value: 'fr', known: ['en', 'de'] },
        { code: 'ROLES_UNKNOWN', values: ['wizard'], known: ['employee', 'coach', 'admin'] },
      ]],
      [4, [{ code: 'CELL_MISSING', column: 'name' }]],
      [5, [{ code: 'EMAIL_REPEATED', value: 'bob.test@northwind.example', firstLine: 3 }]],
    ]);
    // API clients keep the sentences they always read.
    expect(body.rows[1].errors).toEqual([
      'time_zone "Mars/Olympus" is not an IANA time zone (a place\'s zone such as Europe/Berlin, or UTC; no offsets or abbreviations)',
      'locale "fr" is not one of en, de',
      'roles "wizard" unknown; roles are employee, coach, admin, separated by ; or |',
    ]);
    expect(body.rows[0].errors).toEqual(['email "not-an-email" is not a valid e-mail address']);
  });

  it('says the valid columns once, however many columns are unknown', async () => {
    const { cookie } = await adminOfNewOrg();
    // The QA's bad-header.csv: German column names, semicolons.
    const { status, body } = await importCsv('Name;E-Mail;Abteilung\nAda;ada@x.de;IT\n', cookie);
    expect(status).toBe(400);
    expect(body.rows).toHaveLength(1);
    const [row] = body.rows;
    expect(row.reasons).toEqual([
      { code: 'COLUMNS_UNKNOWN', values: ['E-Mail', 'Abteilung'], known: ['name', 'email', 'department', 'site', 'time_zone', 'locale', 'roles'] },
      { code: 'COLUMN_MISSING', column: 'email' },
    ]);
    expect(row.errors.join(' ').match(/the columns are/g)).toHaveLength(1);
    expect(row.errors[0]).toBe('unknown columns "E-Mail", "Abteilung"; the columns are name, email, department, site, time_zone, locale, roles');
  });

  it('gives codes for the file’s shape too: cells per row and quotes', async () => {
    const { cookie } = await adminOfNewOrg();
    const short = await importCsv(`${HEADER}\nA,a@example.test`, cookie);
    expect(short.body.rows[0].reasons).toEqual([{ code: 'CELL_COUNT', cells: 2, header: 7 }]);
    const unclosed = await importCsv(`${HEADER}\n"A,a@example.test,,,,,`, cookie);
    expect(unclosed.body.rows[0]).toMatchObject({ line: 2, reasons: [{ code: 'QUOTE_NOT_CLOSED' }] });
  });
});

describe('a file not in UTF-8', () => {
  it('is refused with the line of the first unreadable letter, and nobody is created', async () => {
    const { org, cookie } = await adminOfNewOrg();
    // Excel's plain "CSV" is Windows-1252: "Müller" reaches the API as "M\uFFFDller", from the
    // browser's file.text() as from the server's reading of the body.
    const csv = `${HEADER}\nAda Test,ada@example.test,,,,,\nJana M\uFFFDller,jana@example.test,,,,,\n`;
    const { status, body } = await importCsv(csv, cookie, '?deactivateMissing=false');
    expect(status).toBe(400);
    expect(body.rows).toEqual([{ line: 3, errors: [expect.stringContaining('CSV UTF-8')], reasons: [{ code: 'FILE_NOT_UTF8' }] }]);
    const created = await t.database.db.selectFrom('people').where('org_id', '=', org.id).where('email', '=', 'ada@example.test').select('id').execute();
    expect(created).toEqual([]);
  });
});

describe('warnings about new sites and departments', () => {
  it('lists sites and departments no active person has, with how many people, and imports anyway', async () => {
    const { org, cookie } = await adminOfNewOrg();
    // Only someone who left works in Lisbon: for the active people it is new.
    await buildPerson(t.database.db, { org, site: 'Lisbon', department: 'Finance', active: false });
    // The QA's typo.csv, and two more for Lisbon.
    const csv = [
      HEADER,
      'Zed Typo,zed.typo@northwind.example,Enginering,Hamburgg,Europe/Berlin,en,employee',
      'Ana Lopes,ana.lopes@northwind.example,Engineering,Lisbon,Europe/Lisbon,en,employee',
      'Rui Costa,rui.costa@northwind.example,Engineering,Lisbon,Europe/Lisbon,en,employee',
    ].join('\n');
    const dry = await importCsv(csv, cookie);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ created: 3, warningsLeftOut: 0 });
    expect(dry.body.warnings).toEqual([
      { code: 'NEW_SITE', name: 'Hamburgg', people: 1, message: 'new site: Hamburgg — 1 person' },
      { code: 'NEW_SITE', name: 'Lisbon', people: 2, message: 'new site: Lisbon — 2 people' },
      { code: 'NEW_DEPARTMENT', name: 'Enginering', people: 1, message: 'new department: Enginering — 1 person' },
    ]);

    // The real run says the same and creates them; afterwards the names are no longer new.
    const real = await importCsv(csv, cookie, '?deactivateMissing=false');
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ dryRun: false, created: 3, warnings: dry.body.warnings });
    const again = await importCsv(csv, cookie);
    expect(again.body).toMatchObject({ unchanged: 3, warnings: [], warningsLeftOut: 0 });
  });

  it('warns nothing for a file without site and department columns', async () => {
    const { cookie } = await adminOfNewOrg();
    const { body } = await importCsv('name,email\nA,a@example.test', cookie);
    expect(body).toMatchObject({ created: 1, warnings: [], warningsLeftOut: 0 });
  });

  it('lists at most 100, and how many more there are', async () => {
    const { cookie } = await adminOfNewOrg();
    const rows = Array.from({ length: 105 }, (_, i) => `P${i},p${i}@example.test,Department ${String(i).padStart(3, '0')},Hamburg,,,`);
    const { body } = await importCsv([HEADER, ...rows].join('\n'), cookie);
    expect(body.warnings).toHaveLength(100);
    expect(body.warningsLeftOut).toBe(5);
    expect(body.warnings[0]).toMatchObject({ code: 'NEW_DEPARTMENT', name: 'Department 000' });
  });
});
