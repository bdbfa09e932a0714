// GET /api/admin/privacy/records: the map of personal data for admins, in their language or the
// one asked for; nobody else reads it.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, type OrgRow } from '../../../test/factories.ts';
import { DATA_MAP } from './data-map.ts';

let t: TestApp;
let org: OrgRow;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  org = await buildOrganisation(t.database.db);
});

interface Records {
  locale: string;
  controller: null;
  legalBases: Array<{ code: string; label: string }>;
  tables: Array<{ table: string; holds: string; subjectColumn: string | null; notPersonal: string[]; processing: Array<{ columns: Array<{ name: string }>; purpose: string; legalBasisLabel: string; retention: string }> }>;
  outside: Array<{ table: string; why: string }>;
}

async function records(locale: 'en' | 'de', query = ''): Promise<Records> {
  const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], locale });
  const res = await t.request('GET', `/api/admin/privacy/records${query}`, { cookie: await t.cookieFor(admin) });
  expect(res.status).toBe(200);
  return (await res.json()) as Records;
}

describe('the records of processing', () => {
  it('give an admin every table of the map with every column, personal ones with purpose, basis and retention', async () => {
    const body = await records('en');
    expect(body.locale).toBe('en');
    expect(body.tables.map((r) => r.table)).toEqual(Object.keys(DATA_MAP).sort());
    for (const record of body.tables) {
      const declared = Object.keys(DATA_MAP[record.table]!.columns).sort();
      const shown = [...record.notPersonal, ...record.processing.flatMap((p) => p.columns.map((c) => c.name))].sort();
      expect(shown, record.table).toEqual(declared);
    }
    const people = body.tables.find((r) => r.table === 'people')!;
    expect(people.subjectColumn).toBe('id');
    const email = people.processing.find((p) => p.columns.some((c) => c.name === 'email'))!;
    expect(email.purpose).toMatch(/log-in links/);
    expect(email.legalBasisLabel).toBe('Art. 6(1)(b) GDPR — contract');
    expect(email.retention).toMatch(/retention_departed_months/);
    // Columns that share purpose, basis and retention are one line: the audit entry's five are one.
    const audit = body.tables.find((r) => r.table === 'audit_log')!;
    expect(audit.processing.find((p) => p.columns.some((c) => c.name === 'actor_id'))!.columns.map((c) => c.name)).toEqual(['at', 'actor_id', 'action', 'subject_id', 'detail']);
    expect(body.outside.map((o) => o.table)).toContain('schema_migrations');
    expect(body.controller).toBeNull();
  });

  it('are in German for a German reader, and in the language asked for', async () => {
    const de = await records('de');
    expect(de.locale).toBe('de');
    const people = de.tables.find((r) => r.table === 'people')!;
    expect(people.holds).toMatch(/Verzeichnis/);
    expect(people.processing[0]!.legalBasisLabel).toMatch(/DSGVO/);
    expect(de.legalBases.map((b) => b.label).join(' ')).toMatch(/Einwilligung/);
    expect((await records('de', '?lang=en')).locale).toBe('en');
  });

  it('refuse a language Quartet does not have (400 naming the field)', async () => {
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const res = await t.request('GET', '/api/admin/privacy/records?lang=fr', { cookie: await t.cookieFor(admin) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('lang');
  });

  it('are for admins only: 403 for employees and coaches, 401 without signing in', async () => {
    for (const roles of [['employee'], ['coach', 'employee']] as const) {
      const person = await buildPerson(t.database.db, { org, roles: [...roles] });
      expect((await t.request('GET', '/api/admin/privacy/records', { cookie: await t.cookieFor(person) })).status).toBe(403);
    }
    expect((await t.request('GET', '/api/admin/privacy/records')).status).toBe(401);
  });
});
