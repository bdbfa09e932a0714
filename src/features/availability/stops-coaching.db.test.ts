// A coach's availability is "kept while the person coaches" (data map): it goes when the coach role
// is taken away or the person is deactivated, on every path that does it (migration 046's trigger),
// and is not saved again for someone who no longer coaches.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, type OrgRow, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

const AVAILABILITY = { timeZone: 'Europe/Berlin', maxSessionsPerWeek: 2, coachesOnline: true, sites: [], moduleIds: [], windows: [{ weekday: 1, from: '09:00', to: '12:00' }] };

async function organisationWithCoach(): Promise<{ org: OrgRow; admin: PersonRow; coach: PersonRow; cookie: string }> {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], email: `admin-${org.slug}@example.test` });
  const cookie = await t.cookieFor(admin);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], email: `coach-${org.slug}@example.test` });
  const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, { cookie, body: AVAILABILITY });
  expect(saved.status, saved.text).toBe(200);
  return { org, admin, coach, cookie };
}

async function keptFor(coach: PersonRow) {
  const db = t.database.db;
  const availability = await db.selectFrom('coach_availability').where('person_id', '=', coach.id).select('person_id').execute();
  const windows = await db.selectFrom('coach_windows').where('person_id', '=', coach.id).select('id').execute();
  return { availability: availability.length, windows: windows.length };
}

describe('a coach who stops coaching', () => {
  it('no longer has their availability kept once an admin takes the coach role away', async () => {
    const { coach, cookie } = await organisationWithCoach();
    const changed = await call(t, 'PATCH', `/api/admin/people/${coach.id}`, { cookie, body: { roles: ['employee'] } });
    expect(changed.status, changed.text).toBe(200);
    expect(await keptFor(coach)).toEqual({ availability: 0, windows: 0 });
  });

  it('no longer has it once an admin deactivates them, and it is not saved for them while inactive (which the view says)', async () => {
    const { coach, cookie } = await organisationWithCoach();
    expect((await call(t, 'GET', `/api/admin/coaches/${coach.id}/availability`, { cookie })).body.active).toBe(true);
    const changed = await call(t, 'PATCH', `/api/admin/people/${coach.id}`, { cookie, body: { active: false } });
    expect(changed.status, changed.text).toBe(200);
    expect(await keptFor(coach)).toEqual({ availability: 0, windows: 0 });
    // The admin's editor reads this and offers no save, rather than a form the API then refuses.
    expect((await call(t, 'GET', `/api/admin/coaches/${coach.id}/availability`, { cookie })).body.active).toBe(false);
    const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, { cookie, body: AVAILABILITY });
    expect(saved.status, saved.text).toBe(400);
    expect(await keptFor(coach)).toEqual({ availability: 0, windows: 0 });
  });

  it('no longer has it once a people import leaves them out, or lists them without the role', async () => {
    const { org, admin, coach, cookie } = await organisationWithCoach();
    const other = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'], email: `other-${org.slug}@example.test` });
    expect((await call(t, 'PUT', `/api/admin/coaches/${other.id}/availability`, { cookie, body: AVAILABILITY })).status).toBe(200);
    const csv = `name,email,roles\nAdmin,${admin.email},admin;employee\nOther,${other.email},employee`;
    const imported = await t.request('POST', '/api/admin/people/import?expectDeactivated=1', { cookie, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.status, await imported.text()).toBe(200);
    expect({ missing: await keptFor(coach), roleless: await keptFor(other) }).toEqual({ missing: { availability: 0, windows: 0 }, roleless: { availability: 0, windows: 0 } });
  });

  it('keeps it while they go on coaching, whatever else changes', async () => {
    const { coach, cookie } = await organisationWithCoach();
    const changed = await call(t, 'PATCH', `/api/admin/people/${coach.id}`, { cookie, body: { roles: ['coach', 'employee', 'admin'], name: 'Renamed Coach' } });
    expect(changed.status, changed.text).toBe(200);
    expect(await keptFor(coach)).toEqual({ availability: 1, windows: 1 });
  });
});
