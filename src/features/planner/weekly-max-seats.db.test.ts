// A coach's weekly maximum is of sessions they coach, as the availability page and the coach
// candidates count it: a seat they took as a participant makes them busy at its time, but is no
// session of theirs (the planner counted it against the maximum, found by a review).
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { plannerOrganisation } from '../../../test/planner-fixtures.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildPerson, buildSession } from '../../../test/factories.ts';

const ZONE = 'Europe/Berlin';
const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10);
const at = (day: number, utc: string) => new Date(Date.parse(`${MONDAY}T${utc}Z`) + day * 86_400_000);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

describe('the planner and a coach who also takes part', () => {
  it('does not count their own seat against their weekly maximum, and does not plan over it', async () => {
    const db = t.database.db;
    const { org, cookie, module } = await plannerOrganisation(t, { zone: ZONE, people: 8 });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: ZONE });
    // Monday 09:00–12:00 and Tuesday 09:00–10:30 in Berlin (08:00 UTC in winter), one session a week at most.
    const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, {
      cookie,
      body: { timeZone: ZONE, maxSessionsPerWeek: 1, coachesOnline: true, sites: [], moduleIds: [],
        windows: [{ weekday: 1, from: '09:00', to: '12:00' }, { weekday: 2, from: '09:00', to: '10:30' }] },
    });
    expect(saved.status, saved.text).toBe(200);
    // The coach takes part in another coach's session on Tuesday morning, filling that window.
    const other = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: ZONE });
    const theirs = await buildSession(db, { org, coach: other, module, timeZone: ZONE, startsAt: at(1, '08:00:00') });
    await buildBooking(db, { session: theirs, person: coach });

    const proposed = await call(t, 'POST', '/api/admin/planner/proposals', {
      cookie, body: { weeks: 1, startsOn: MONDAY, frequency: { every: 1, unit: 'week' }, virtualShare: 1 },
    });
    expect(proposed.status, proposed.text).toBe(201);
    const sessions = proposed.body.sessions as Array<{ coachId: string; startsAt: string }>;
    const mine = sessions.filter((s) => s.coachId === coach.id);
    expect(mine.length, JSON.stringify(proposed.body.gaps)).toBe(1);
    // On Monday: Tuesday's window is taken by the seat.
    expect(new Date(mine[0]!.startsAt).getUTCDay()).toBe(1);
  });
});
