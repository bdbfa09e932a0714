// An erased coach's days away: the data map says they are removed on erasure, and nothing counts
// them, so erase_person_rows deletes them rather than moving them to the stand-in (migration 045).
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, type OrgRow, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

async function absenceOf(org: OrgRow, coach: PersonRow): Promise<string> {
  const { id } = await t.database.db.insertInto('coach_absences').values({
    org_id: org.id, coach_id: coach.id, first_day: '2025-02-03', last_day: '2025-02-14',
    starts_at: new Date('2025-02-02T23:00:00Z'), ends_at: new Date('2025-02-14T23:00:00Z'), note: 'ill',
  }).returning('id').executeTakeFirstOrThrow();
  return id;
}

describe('a coach who reported days away is erased', () => {
  it('leaves no record of their days away, and another coach’s stay', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const colleague = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const erasedOnes = await absenceOf(org, coach);
    const kept = await absenceOf(org, colleague);

    const erased = await call(t, 'POST', `/api/admin/people/${coach.id}/erasure`, { cookie: await t.cookieFor(admin), body: { confirmEmail: coach.email } });
    expect(erased.status, erased.text).toBe(200);
    const left = await db.selectFrom('coach_absences').where('id', 'in', [erasedOnes, kept]).select(['id', 'coach_id']).execute();
    expect(left, 'the erased coach’s days away, kept under the stand-in').toEqual([{ id: kept, coach_id: colleague.id }]);
  });
});
