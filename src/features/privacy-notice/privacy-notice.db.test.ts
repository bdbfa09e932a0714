// The privacy notice through the real HTTP stack: the generic notice for visitors, the
// organisation's controller details kept by admins (validated, audited, raced), and the short
// notice acknowledged once per version — shown again after a material change, not after a respacing.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { DE_MESSAGES } from '../../web/app/field-errors.ts';

let t: TestApp;
let org: OrgRow;
let adminPerson: PersonRow;
let admin: string;
let employee: PersonRow;
let employeeCookie: string;

const DETAILS = {
  controllerName: 'Acme Logistics GmbH',
  controllerAddress: 'Hafenstraße 1\n20457 Hamburg',
  contactName: 'Dana Schutz',
  contactEmail: 'datenschutz@acme.test',
  authorityName: 'Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit',
  authorityUrl: 'https://datenschutz-hamburg.de',
  extraTextEn: 'Works council agreement BV-17 of 2026.',
  extraTextDe: 'Betriebsvereinbarung BV-17 von 2026.',
};

/** The documented defaults of the retention rules (issue 15), which the notice names. */
const RETENTION = { mailRecordsDays: 90, bookingsAnonymisedMonths: 24, ratingsAnonymisedMonths: 24, auditEntriesYears: 3, deactivatedPeopleErasedMonths: 12 };

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  org = await buildOrganisation(t.database.db, { name: 'Acme Logistics' });
  adminPerson = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
  admin = await t.cookieFor(adminPerson);
  employee = await buildPerson(t.database.db, { org });
  employeeCookie = await t.cookieFor(employee);
});

const detailsRow = () => t.database.db.selectFrom('privacy_notice_details').where('org_id', '=', org.id).selectAll().executeTakeFirst();
const seenOf = (person: { id: string }) => t.database.db.selectFrom('people').where('id', '=', person.id)
  .select(['privacy_notice_seen_version', 'privacy_notice_seen_at']).executeTakeFirstOrThrow();
const noticeAuditEntries = () => t.database.db.selectFrom('audit_log').where('org_id', '=', org.id).where('action', '=', 'privacy.notice_changed')
  .select(['detail', 'subject_kind', 'subject_id']).orderBy('at').orderBy('id').execute();

describe('the notice for a visitor who is not signed in', () => {
  it('is the generic one: no organisation, no controller details, no acknowledgement, the retention defaults', async () => {
    for (const cookie of [undefined, '__Host-quartet_session=forged-and-unknown-0123456789abcdef']) {
      const res = await call(t, 'GET', '/api/privacy-notice', { cookie });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ version: '1.0', organisation: null, controller: null, retention: RETENTION, minimumPeople: 5, acknowledgement: null });
    }
  });
});

describe('the controller details and the short notice', () => {
  it('is due for a person who never acknowledged it, before the organisation has entered anything', async () => {
    const res = await call(t, 'GET', '/api/privacy-notice', { cookie: employeeCookie });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      version: '1.0', organisation: { name: 'Acme Logistics' }, controller: null, retention: RETENTION, minimumPeople: 5,
      acknowledgement: { seenVersion: null, seenAt: null, due: true },
    });
    expect((await call(t, 'GET', '/api/admin/privacy-notice', { cookie: admin })).body).toEqual({ details: null, version: '1.0', updatedAt: null });
  });

  it('is acknowledged once per version; a version that is no longer current is refused (409), changing nothing', async () => {
    const seen = await call(t, 'POST', '/api/me/privacy-notice/seen', { cookie: employeeCookie, body: { version: '1.0' } });
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body).toEqual({ seenVersion: '1.0', seenAt: expect.any(String), due: false });
    const first = await seenOf(employee);
    expect(first.privacy_notice_seen_version).toBe('1.0');

    // Again: the first acknowledgement's time stays.
    expect((await call(t, 'POST', '/api/me/privacy-notice/seen', { cookie: employeeCookie, body: { version: '1.0' } })).body.seenAt).toBe(seen.body.seenAt);

    const stale = await call(t, 'POST', '/api/me/privacy-notice/seen', { cookie: employeeCookie, body: { version: '1.7' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'PRIVACY_NOTICE_CHANGED', version: '1.0' });
    const malformed = await call(t, 'POST', '/api/me/privacy-notice/seen', { cookie: employeeCookie, body: { version: 'latest' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.fields).toEqual([{ field: 'body.version', message: 'is not a version of the notice', code: 'invalid_format', format: 'regex', origin: 'string' }]);
    expect(await seenOf(employee)).toEqual(first);
    expect((await call(t, 'POST', '/api/me/privacy-notice/seen', { body: { version: '1.0' } })).status).toBe(401);
  });

  it('is shown again once an admin enters the details; they are audited without their values', async () => {
    const saved = await call(t, 'PUT', '/api/admin/privacy-notice', { cookie: admin, body: { ...DETAILS, controllerName: `  ${DETAILS.controllerName} ` } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toEqual({ details: DETAILS, version: '1.1', updatedAt: expect.any(String) });
    expect((await call(t, 'GET', '/api/admin/privacy-notice', { cookie: admin })).body).toEqual(saved.body);

    const notice = await call(t, 'GET', '/api/privacy-notice', { cookie: employeeCookie });
    expect(notice.body).toMatchObject({ version: '1.1', controller: DETAILS, acknowledgement: { seenVersion: '1.0', due: true } });

    const [entry] = await noticeAuditEntries();
    expect(entry).toEqual({ subject_kind: 'organisation', subject_id: org.id, detail: { fields: Object.keys(DETAILS), material: true, version: '1.1' } });
    expect(JSON.stringify(entry)).not.toContain(DETAILS.contactEmail);
    expect(JSON.stringify(entry)).not.toContain(DETAILS.contactName);

    const seen = await call(t, 'POST', '/api/me/privacy-notice/seen', { cookie: employeeCookie, body: { version: '1.1' } });
    expect(seen.body).toMatchObject({ seenVersion: '1.1', due: false });
  });

  it('is not shown again for a change of spacing or capitals, and is for any other change', async () => {
    const respaced = { ...DETAILS, controllerAddress: 'Hafenstraße 1\n\n20457  Hamburg', authorityName: DETAILS.authorityName.toUpperCase() };
    const quiet = await call(t, 'PUT', '/api/admin/privacy-notice', { cookie: admin, body: respaced });
    expect(quiet.body).toMatchObject({ details: respaced, version: '1.1' });
    expect((await call(t, 'GET', '/api/privacy-notice', { cookie: employeeCookie })).body.acknowledgement).toMatchObject({ seenVersion: '1.1', due: false });

    // Saving the same again changes nothing, not even the audit log.
    const entries = (await noticeAuditEntries()).length;
    const row = await detailsRow();
    expect((await call(t, 'PUT', '/api/admin/privacy-notice', { cookie: admin, body: respaced })).status).toBe(200);
    expect(await detailsRow()).toEqual(row);
    expect(await noticeAuditEntries()).toHaveLength(entries);

    const moved = await call(t, 'PUT', '/api/admin/privacy-notice', { cookie: admin, body: { ...respaced, contactEmail: 'privacy@acme.test' } });
    expect(moved.body.version).toBe('1.2');
    expect((await call(t, 'GET', '/api/privacy-notice', { cookie: employeeCookie })).body.acknowledgement).toMatchObject({ seenVersion: '1.1', due: true });
    expect((await noticeAuditEntries()).slice(-2).map((e) => e.detail)).toEqual([
      { fields: ['controllerAddress', 'authorityName'], material: false, version: '1.1' },
      { fields: ['contactEmail'], material: true, version: '1.2' },
    ]);
  });

  it('names the organisation’s own retention periods', async () => {
    const set = await call(t, 'PUT', '/api/admin/retention', { cookie: admin, body: { mailDays: 30, auditYears: 6 } });
    expect(set.status, set.text).toBe(200);
    expect((await call(t, 'GET', '/api/privacy-notice', { cookie: employeeCookie })).body.retention).toEqual({ ...RETENTION, mailRecordsDays: 30, auditEntriesYears: 6 });
    expect((await call(t, 'PUT', '/api/admin/retention', { cookie: admin, body: { mailDays: 90, auditYears: 3 } })).status).toBe(200);
  });
});

describe('bad controller details', () => {
  it('are refused (400) naming every field at fault, each in words the web app has in German, and change nothing', async () => {
    const before = await detailsRow();
    const res = await call(t, 'PUT', '/api/admin/privacy-notice', {
      cookie: admin,
      body: {
        controllerName: '   ', controllerAddress: 'x'.repeat(501), contactName: 'y'.repeat(201), contactEmail: 'not-an-address',
        authorityUrl: 'http://datenschutz-hamburg.de', extraTextEn: 'z'.repeat(2001), extraTextDe: 42,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.fromEntries(res.body.fields.map((f: { field: string; message: string }) => [f.field, f.message]))).toEqual({
      'body.controllerName': 'is required',
      'body.controllerAddress': 'must be at most 500 characters',
      'body.contactName': 'must be at most 200 characters',
      'body.contactEmail': 'is not an e-mail address',
      'body.authorityName': 'is required',
      'body.authorityUrl': 'must be an https:// address',
      'body.extraTextEn': 'must be at most 2000 characters',
      'body.extraTextDe': 'must be text',
    });
    for (const f of res.body.fields) expect(DE_MESSAGES[f.message], f.message).toBeDefined();
    expect(await detailsRow()).toEqual(before);

    const unknown = await call(t, 'PUT', '/api/admin/privacy-notice', { cookie: admin, body: { ...DETAILS, dpoPhone: '040 123' } });
    expect(unknown.status).toBe(400);
    expect(await detailsRow()).toEqual(before);
  });
});

describe('who may keep the details', () => {
  it('refuses employees and coaches (403) and integration tokens, and reads none of another organisation’s', async () => {
    const before = await detailsRow();
    for (const roles of [['employee'], ['coach', 'employee']] as const) {
      const cookie = await t.cookieFor(await buildPerson(t.database.db, { org, roles: [...roles] }));
      expect((await call(t, 'GET', '/api/admin/privacy-notice', { cookie })).status).toBe(403);
      expect((await call(t, 'PUT', '/api/admin/privacy-notice', { cookie, body: DETAILS })).status).toBe(403);
    }
    // An admin's integration token, with every scope there is: it may read, not change.
    const token = `qt_${newSecret()}`;
    await t.database.db.insertInto('api_tokens').values({ org_id: org.id, name: 'all scopes', scopes: ['read', 'sessions', 'people:import'], token_hash: hashSecret(token), created_by: adminPerson.id }).execute();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(`${t.url}/api/admin/privacy-notice`, { headers: bearer })).status).toBe(200);
    const put = await fetch(`${t.url}/api/admin/privacy-notice`, { method: 'PUT', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify(DETAILS) });
    expect(put.status).toBe(403);
    expect(await detailsRow()).toEqual(before);

    const other = await buildOrganisation(t.database.db);
    const otherAdmin = await t.cookieFor(await buildPerson(t.database.db, { org: other, roles: ['admin', 'employee'] }));
    expect((await call(t, 'GET', '/api/admin/privacy-notice', { cookie: otherAdmin })).body).toEqual({ details: null, version: '1.0', updatedAt: null });
    const theirs = await call(t, 'GET', '/api/privacy-notice', { cookie: otherAdmin });
    expect(theirs.body.controller).toBeNull();
    expect(theirs.text).not.toContain('Acme');
  });

  it('takes concurrent saves one at a time: each material change raises the version once', async () => {
    const fresh = await buildOrganisation(t.database.db);
    const cookie = await t.cookieFor(await buildPerson(t.database.db, { org: fresh, roles: ['admin', 'employee'] }));
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      call(t, 'PUT', '/api/admin/privacy-notice', { cookie, body: { ...DETAILS, contactEmail: `dpo-${i}@acme.test` } })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(answers.map((a) => a.body.version).sort((a: string, b: string) => Number(a.split('.')[1]) - Number(b.split('.')[1])))
      .toEqual(Array.from({ length: 12 }, (_, i) => `1.${i + 1}`));
    const row = await t.database.db.selectFrom('privacy_notice_details').where('org_id', '=', fresh.id).select('revision').executeTakeFirstOrThrow();
    expect(row.revision).toBe(12);
  });
});
