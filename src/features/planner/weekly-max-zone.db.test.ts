// A coach's weekly maximum counts Monday–Sunday in the coach's own zone, as the availability page
// says and the coach candidates count — not per week of the plan (Monday 00:00 UTC). Los Angeles'
// Sunday evening is already Monday in UTC, so a session then belongs to the plan's next week but to
// the coach's week that has just been planned.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { plannerOrganisation } from '../../../test/planner-fixtures.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildPerson, buildSession } from '../../../test/factories.ts';

const LA = 'America/Los_Angeles';
const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10);
// Sunday 17:00 in Los Angeles (PST, before the United States' switch) at the end of the plan's first
// week: Monday 01:00 UTC, the plan's second week.
const SUNDAY_EVENING = new Date(Date.parse(`${MONDAY}T00:00:00Z`) + 7 * 86_400_000 + 3_600_000);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

describe('the planner and a coach’s weekly maximum', () => {
  it('counts the week in the coach’s zone: a Sunday-evening session in Los Angeles fills the week before it in UTC', async () => {
    const db = t.database.db;
    const { org, cookie, module } = await plannerOrganisation(t, { zone: LA, people: 8 });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: LA, site: 'Remote' });
    const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, {
      cookie,
      body: { timeZone: LA, maxSessionsPerWeek: 1, coachesOnline: true, sites: [], moduleIds: [],
        windows: [{ weekday: 1, from: '08:00', to: '12:00' }, { weekday: 7, from: '17:00', to: '18:30' }] },
    });
    expect(saved.status, saved.text).toBe(200);
    await buildSession(db, { org, coach, module, timeZone: LA, startsAt: SUNDAY_EVENING });

    const proposed = await call(t, 'POST', '/api/admin/planner/proposals', {
      cookie, body: { weeks: 1, startsOn: MONDAY, frequency: { every: 1, unit: 'week' }, virtualShare: 1 },
    });
    expect(proposed.status, proposed.text).toBe(201);
    // Monday morning in Los Angeles lies in the plan's first week and in the coach's week of that Sunday: full.
    expect(proposed.body.sessions).toEqual([]);
    expect(proposed.body.gaps.map((g: { reasons: string[] }) => g.reasons)).toEqual([['coaches_at_weekly_maximum']]);

    // The coach candidates say the same of a Monday-morning session there.
    const other = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: LA });
    const monday = await buildSession(db, { org, coach: other, module, timeZone: LA, startsAt: new Date(`${MONDAY}T17:00:00Z`) });
    const candidates = await call(t, 'GET', `/api/sessions/${monday.id}/coach-candidates`, { cookie });
    expect(candidates.body.items.find((c: { id: string }) => c.id === coach.id).reasons).toContain('WEEK_FULL');
  });
});
