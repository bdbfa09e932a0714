// A proposal's edit keeps a coach's weekly maximum, as the solver does (found by a review: a move
// into a week where the coach was at their maximum was accepted, and publishing would write both).
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom } from '../../../test/factories.ts';

const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10);
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

describe('moving a proposed session', () => {
  it('refuses a move into a week where the coach is already at their weekly maximum', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db, { default_capacity: 4 });
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], site: 'Hamburg', timeZone: 'Europe/Berlin' });
    const cookie = await t.cookieFor(admin);
    await buildModule(db, { org, title: 'Feedback' });
    await buildRoom(db, { org, site: 'Hamburg', capacity: 6, timeZone: 'Europe/Berlin' });
    await db.insertInto('people').values(Array.from({ length: 12 }, (_, i) => ({
      org_id: org.id, email: `hh-${i}-${org.id}@example.test`, name: `HH ${i}`, department: 'Sales', site: 'Hamburg', time_zone: 'Europe/Berlin',
    }))).execute();
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: 'Europe/Berlin', site: 'Hamburg' });
    const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, {
      cookie,
      body: { timeZone: 'Europe/Berlin', maxSessionsPerWeek: 1, coachesOnline: false, sites: ['Hamburg'], moduleIds: [],
        windows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:00' })) },
    });
    expect(saved.status, saved.text).toBe(200);
    const proposed = await call(t, 'POST', '/api/admin/planner/proposals', {
      cookie, body: { weeks: 2, startsOn: MONDAY, frequency: { every: 1, unit: 'week' }, virtualShare: 0 },
    });
    expect(proposed.status, proposed.text).toBe(201);
    const sessions = proposed.body.sessions as Array<{ key: string; week: number; startsAt: string; coachId: string }>;
    // The solver keeps the maximum: one session a week.
    expect(sessions.map((s) => s.week).sort()).toEqual([0, 1]);
    const [first, second] = [sessions.find((s) => s.week === 0)!, sessions.find((s) => s.week === 1)!];
    // Move week 1's session into week 0, a day before the first one, the same time of day.
    const startsAt = new Date(Date.parse(first.startsAt) - 86_400_000).toISOString();
    const moved = await call(t, 'PATCH', `/api/admin/planner/proposals/${proposed.body.id}`, {
      cookie, body: { action: 'move', sessionKey: second.key, startsAt },
    });
    const inWeek0 = ((moved.body.sessions ?? []) as typeof sessions).filter((s) => s.week === 0 && s.coachId === coach.id).length;
    expect({ status: moved.status, code: moved.body.code, weeklyMax: moved.body.weeklyMax, coachSessionsInWeek0: inWeek0 })
      .toEqual({ status: 409, code: 'COACH_WEEK_FULL', weeklyMax: 1, coachSessionsInWeek0: 0 });
    // Within its own week the session still moves (the count there does not change).
    const within = await call(t, 'PATCH', `/api/admin/planner/proposals/${proposed.body.id}`, {
      cookie, body: { action: 'move', sessionKey: second.key, startsAt: new Date(Date.parse(second.startsAt) - 2 * 86_400_000).toISOString() }, // two days earlier, a weekday of the same week
    });
    expect(within.status, within.text).toBe(200);
  });
});
