// The admin's retention page through HTTP: settings with their defaults, the preview, the runs;
// changing a setting (audited), bad values refused naming each field and changing nothing.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import type { RetentionOverview } from './schema.ts';
import type { z } from 'zod';

type Overview = z.infer<typeof RetentionOverview>;

let t: TestApp;
let org: OrgRow;
let boss: PersonRow;

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  org = await buildOrganisation(t.database.db);
  boss = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
});

describe('GET /api/admin/retention', () => {
  it('gives an admin the documented defaults, every rule’s count for the next run, and the runs', async () => {
    const person = await buildPerson(t.database.db, { org });
    // Two links used or expired long ago (the real clock: the preview counts from it).
    await sql`insert into login_links (org_id, person_id, token_hash, expires_at, used_at) values
      (${org.id}, ${person.id}, sha256('a'::bytea), now() - interval '1 day', null),
      (${org.id}, ${person.id}, sha256('b'::bytea), now() + interval '2 days', now() - interval '1 hour')`.execute(t.database.db);
    const res = await t.request('GET', '/api/admin/retention', { cookie: await t.cookieFor(boss) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Overview;
    expect(body.settings).toEqual({ bookingsMonths: 24, mailDays: 90, webhookDays: 30, ratingsMonths: 24, departedMonths: 12, auditYears: 3 });
    expect(body.nextRun.rules.find((r) => r.rule === 'login_links')).toEqual({ rule: 'login_links', rows: 2 });
    expect(body.nextRun.rules).toHaveLength(12);
    // The next 03:00 UTC, within a day of the clock.
    const next = new Date(body.nextRun.at);
    expect(next.getUTCHours()).toBe(3);
    expect(next.getTime() - Date.now()).toBeGreaterThan(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(body.runs).toEqual([]);
  });

  it('is for admins only', async () => {
    const employee = await buildPerson(t.database.db, { org });
    expect((await t.request('GET', '/api/admin/retention', { cookie: await t.cookieFor(employee) })).status).toBe(403);
    expect((await t.request('PUT', '/api/admin/retention', { cookie: await t.cookieFor(employee), body: { mailDays: 30 } })).status).toBe(403);
  });
});

describe('PUT /api/admin/retention', () => {
  it('changes the settings and audits what changed', async () => {
    const res = await t.request('PUT', '/api/admin/retention', { cookie: await t.cookieFor(boss), body: { mailDays: 30, auditYears: 5 } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Overview).settings).toMatchObject({ mailDays: 30, auditYears: 5, bookingsMonths: 24 });
    const { rows } = await sql<{ detail: unknown; actor_id: string }>`
      select detail, actor_id from audit_log where org_id = ${org.id} and action = 'retention.settings_changed'`.execute(t.database.db);
    expect(rows).toEqual([{ actor_id: boss.id, detail: { mailDays: { from: 90, to: 30 }, auditYears: { from: 3, to: 5 } } }]);
  });

  it('refuses values out of bounds, naming each field, and changes nothing', async () => {
    const before = await t.request('GET', '/api/admin/retention', { cookie: await t.cookieFor(boss) });
    const settings = ((await before.json()) as Overview).settings;
    const res = await t.request('PUT', '/api/admin/retention', {
      cookie: await t.cookieFor(boss), body: { mailDays: 3, auditYears: 11, departedMonths: 0, bookingsMonths: 12 },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: Array<{ field: string; message: string }> };
    expect(body.fields).toEqual([
      { field: 'mailDays', message: 'must be 7 to 730 days' },
      { field: 'departedMonths', message: 'must be 1 to 120 months' },
      { field: 'auditYears', message: 'must be 1 to 10 years' },
    ]);
    const after = await t.request('GET', '/api/admin/retention', { cookie: await t.cookieFor(boss) });
    expect(((await after.json()) as Overview).settings).toEqual(settings);
  });

  it('refuses unknown fields, fractions and an empty change', async () => {
    const cookie = await t.cookieFor(boss);
    for (const body of [{}, { mailDays: 30.5 }, { keepForever: true }, { mailDays: '30' }]) {
      const res = await t.request('PUT', '/api/admin/retention', { cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});
