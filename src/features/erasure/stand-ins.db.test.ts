// After an erasure the person's anonymous stand-in (migration 028) is nobody: no list of people
// shows it, and no "by whom" column keeps the erased person's id.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson } from '../../../test/factories.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

async function erase(admin: { org_id: string; id: string }, person: { id: string; email: string }) {
  const answer = await call(t, 'POST', `/api/admin/people/${person.id}/erasure`, {
    cookie: await t.cookieFor(admin), body: { confirmEmail: person.email },
  });
  expect(answer.status, answer.text).toBe(200);
}

async function standInsOf(orgId: string): Promise<string[]> {
  const { rows } = await t.database.pool.query<{ id: string }>(`select id from people where org_id = $1 and anonymised_at is not null`, [orgId]);
  return rows.map((r) => r.id);
}

describe('an erased person’s stand-in', () => {
  it('is absent from the admin’s people list, its search and the cohort picker’s search', async () => {
    const org = await buildOrganisation(t.database.db);
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const person = await buildPerson(t.database.db, { org, name: 'Zebedee Quarrington', roles: ['coach', 'employee'] });
    // Someone deactivated stays listed: only stand-ins are left out.
    const departed = await buildPerson(t.database.db, { org, active: false });
    await erase(admin, person);
    const [standIn] = await standInsOf(org.id);
    expect(standIn).toBeDefined();
    const cookie = await t.cookieFor(admin);

    const all = await call(t, 'GET', '/api/admin/people?limit=200', { cookie });
    expect(all.status, all.text).toBe(200);
    const ids = all.body.items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([admin.id, departed.id]));
    expect(ids).not.toContain(standIn);
    expect(all.text).not.toContain('(erased)');

    for (const query of ['q=erased', 'q=erased&active=false', `q=${standIn}`]) {
      const found = await call(t, 'GET', `/api/admin/people?${query}`, { cookie });
      expect(found.status, found.text).toBe(200);
      expect(found.body.items, query).toEqual([]);
    }
    // The cohort picker's own search (src/web/cohorts/people-picker.tsx).
    const picker = await call(t, 'GET', '/api/admin/people?q=erased&active=true&role=employee&limit=20', { cookie });
    expect(picker.status, picker.text).toBe(200);
    expect(picker.body.items).toEqual([]);

    const coaches = await call(t, 'GET', '/api/coaches', { cookie });
    expect(coaches.status, coaches.text).toBe(200);
    expect(coaches.text).not.toContain(standIn);
    // Nor can an admin open and change it.
    const change = await call(t, 'PATCH', `/api/admin/people/${standIn}`, { cookie, body: { active: true } });
    expect(change.status, change.text).toBe(404);
  });

  it('takes the place of an erased admin as the last one who changed a coach’s availability', async () => {
    const org = await buildOrganisation(t.database.db);
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const leaving = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const other = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, {
      cookie: await t.cookieFor(leaving),
      body: { timeZone: 'Europe/Berlin', maxSessionsPerWeek: 3, coachesOnline: true, sites: [], moduleIds: [], windows: [{ weekday: 1, from: '09:00', to: '12:00' }] },
    });
    expect(saved.status, saved.text).toBe(200);
    await t.database.db.insertInto('coach_availability').values({ org_id: org.id, person_id: other.id, time_zone: 'Europe/Berlin', updated_by: admin.id }).execute();
    const updatedBy = async (personId: string) => (await t.database.pool.query<{ updated_by: string | null }>(
      `select updated_by from coach_availability where org_id = $1 and person_id = $2`, [org.id, personId])).rows[0]?.updated_by;
    expect(await updatedBy(coach.id)).toBe(leaving.id);

    await erase(admin, leaving);
    const [standIn] = await standInsOf(org.id);
    expect(await updatedBy(coach.id)).toBe(standIn);
    // Someone else's changes keep their author.
    expect(await updatedBy(other.id)).toBe(admin.id);
    const { rows } = await t.database.pool.query(`select count(*)::int as n from coach_availability where updated_by = $1`, [leaving.id]);
    expect(rows[0].n).toBe(0);
  });
});
