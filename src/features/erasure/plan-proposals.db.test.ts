// An erased coach in the planner's proposals: input, sessions and gaps named the coach by id beside
// their weekly windows and days away. Erasure now puts the stand-in in their place and drops that
// availability; publishing the plan then names the coach's sessions COACH_INACTIVE (the stand-in is
// inactive) instead of failing as "Coach not found".
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const BERLIN = 'Europe/Berlin';
const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10);

describe('erasing a coach a draft plan names', () => {
  it('leaves their id nowhere in the stored proposal, and publishing names their sessions COACH_INACTIVE', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db, { default_capacity: 4 });
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const adminCookie = await t.cookieFor(admin);
    await buildModule(db, { org, title: 'Feedback' });
    await buildRoom(db, { org, site: 'Hamburg', capacity: 6, timeZone: BERLIN });
    await db.insertInto('people').values(Array.from({ length: 40 }, (_, i) => ({
      org_id: org.id, email: `hh-${i}-${org.id}@example.test`, name: `HH ${i}`, department: i % 2 ? 'Sales' : 'Engineering', site: 'Hamburg', time_zone: BERLIN,
    }))).execute();
    const coaches: PersonRow[] = [];
    for (let i = 0; i < 2; i++) {
      const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: `Coach ${i}`, timeZone: BERLIN, site: 'Hamburg' });
      const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, { cookie: adminCookie, body: {
        timeZone: BERLIN, maxSessionsPerWeek: 3, coachesOnline: true, sites: ['Hamburg'], moduleIds: [],
        windows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: i === 0 ? '08:00' : '13:00', to: i === 0 ? '12:30' : '17:30' })),
      } });
      expect(saved.status, saved.text).toBe(200);
      coaches.push(coach);
    }
    // A day away of the coach to be erased, so the input holds one.
    const away = DateTime.fromISO(MONDAY, { zone: BERLIN }).plus({ days: 9 });
    await db.insertInto('coach_absences').values({
      org_id: org.id, coach_id: coaches[0]!.id, first_day: away.toISODate()!, last_day: away.toISODate()!,
      starts_at: away.toJSDate(), ends_at: away.plus({ days: 1 }).toJSDate(),
    }).execute();
    const proposed = await call(t, 'POST', '/api/admin/planner/proposals', { cookie: adminCookie, body: {
      weeks: 4, startsOn: MONDAY, frequency: { every: 1, unit: 'month' }, virtualShare: 0.3,
    } });
    expect(proposed.status, proposed.text).toBe(201);
    const sessions = proposed.body.sessions as Array<{ key: string; coachId: string }>;
    const gone = coaches[0]!;
    expect(new Set(sessions.map((s) => s.coachId))).toEqual(new Set(coaches.map((c) => c.id)));
    const stored = () => db.selectFrom('plan_proposals').where('id', '=', proposed.body.id).select(['input', 'sessions', 'gaps']).executeTakeFirstOrThrow();
    expect(JSON.stringify(await stored())).toContain(gone.id);

    const erased = await call(t, 'POST', `/api/admin/people/${gone.id}/erasure`, { cookie: adminCookie, body: { confirmEmail: gone.email } });
    expect(erased.status, erased.text).toBe(200);
    const after = await stored();
    expect(JSON.stringify(after), 'the erased coach’s id in the proposal').not.toContain(gone.id);
    const input = after.input as { coaches: Array<{ id: string; windows: unknown[]; exceptions?: unknown[] }> };
    const standIn = input.coaches.find((c) => c.id !== coaches[1]!.id)!;
    expect([standIn.windows, standIn.exceptions ?? []]).toEqual([[], []]);

    const refused = await call(t, 'POST', `/api/admin/planner/proposals/${proposed.body.id}/publish`, { cookie: adminCookie, body: { onlineUrl: 'https://meet.example.test/quartet' } });
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'PLAN_CONFLICTS']);
    expect(refused.body.conflicts.map((c: { sessionKey: string; conflicts: string[] }) => [c.sessionKey, c.conflicts]).sort())
      .toEqual(sessions.filter((s) => s.coachId === gone.id).map((s) => [s.key, ['COACH_INACTIVE']]).sort());
  });
});
