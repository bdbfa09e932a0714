// The planner reads a coach's days away as the absence was stored — its days in the coach's profile
// zone — like the publish check does, not as dates of the availability's zone: where the two zones
// differ, a proposal would otherwise hold sessions its own publishing refuses (COACH_AWAY).
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { plannerOrganisation } from '../../../test/planner-fixtures.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildPerson } from '../../../test/factories.ts';

const LA = 'America/Los_Angeles';
const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10);
const TUESDAY = new Date(REFERENCE_MONDAY.getTime() + 86_400_000).toISOString().slice(0, 10);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

describe('the planner and a coach’s days away', () => {
  it('reads them in the zone they were reported in, so its proposal publishes', async () => {
    const db = t.database.db;
    const { org, cookie } = await plannerOrganisation(t, { zone: LA, people: 7 });
    // Lives in Berlin, coaches Los Angeles' Monday afternoons: 12:30–17:00 there is 21:30–02:00 in Berlin.
    const coach = await buildPerson(db, { org, roles: ['coach'], timeZone: 'Europe/Berlin' });
    const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, {
      cookie, body: { timeZone: LA, maxSessionsPerWeek: 5, coachesOnline: true, sites: [], moduleIds: [], windows: [{ weekday: 1, from: '12:30', to: '17:00' }] },
    });
    expect(saved.status, saved.text).toBe(200);
    // Tuesday in Berlin begins at 15:00 on Monday in Los Angeles.
    const away = await call(t, 'POST', '/api/me/absences', { cookie: await t.cookieFor(coach), body: { firstDay: TUESDAY, lastDay: TUESDAY } });
    expect(away.status, away.text).toBe(201);

    const proposed = await call(t, 'POST', '/api/admin/planner/proposals', {
      cookie, body: { weeks: 1, startsOn: MONDAY, frequency: { every: 1, unit: 'week' }, virtualShare: 1 },
    });
    expect(proposed.status, proposed.text).toBe(201);
    // Only the 12:30 start ends before Berlin's Tuesday; 14:00 and 15:30 in Los Angeles fall in it.
    expect((proposed.body.sessions as Array<{ startsAt: string }>).map((s) => s.startsAt)).toEqual([`${MONDAY}T20:30:00.000Z`]);

    const published = await call(t, 'POST', `/api/admin/planner/proposals/${proposed.body.id}/publish`, { cookie, body: { onlineUrl: 'https://meet.example.test/plan' } });
    expect(published.status, published.text).toBe(200);
  });
});
