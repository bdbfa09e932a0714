// A coach reports being away; the sessions it touches wait for the admin, who reassigns them in
// one step; a withdrawn report or a reassignment takes them off the list.
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

// A year whose 2 March is still a month away: a range ending then has not passed, so 30 February alone is wrong with it.
const Y = yearLike(2027, '03-02');

const t = await startTestApp({ worker: false });
const db = t.database.db;
const DAY = 24 * 3_600_000;
// Days counted from 2 March of that year.
const day = (offsetDays: number) => new Date(Date.UTC(Y, 2, 2) + offsetDays * DAY).toISOString().slice(0, 10);
// Noon UTC is the same calendar day in Berlin, where the coach lives.
const noonOn = (offsetDays: number) => new Date(`${day(offsetDays)}T12:00:00Z`);

type Listed = { items: Array<{ id: string; coach: { id: string }; absence: { firstDay: string; lastDay: string } }> };

describe('coach absences', () => {
  it('list the sessions in the range for the admin, until reassigned or withdrawn', async () => {
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: 'Europe/Berlin' });
    const standIn = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const inRange = await buildSession(db, { org, coach, startsAt: noonOn(5) });
    const alsoInRange = await buildSession(db, { org, coach, startsAt: noonOn(6) });
    const after = await buildSession(db, { org, coach, startsAt: noonOn(9) });
    await buildSession(db, { org, coach: standIn, startsAt: new Date(noonOn(5).getTime() + 3 * 3_600_000) }); // someone else's, same day
    const coachCookie = await t.cookieFor(coach);
    const adminCookie = await t.cookieFor(admin);

    const reported = await t.request('POST', '/api/me/absences', { cookie: coachCookie, body: { firstDay: day(4), lastDay: day(7), note: 'Flu' } });
    expect(reported.status).toBe(201);
    const body = (await reported.json()) as { absence: { id: string }; sessionsNeedingCoach: Array<{ id: string }> };
    expect(body.sessionsNeedingCoach.map((s) => s.id)).toEqual([inRange.id, alsoInRange.id]);

    const listed = (await (await t.request('GET', '/api/admin/sessions-needing-coach', { cookie: adminCookie })).json()) as Listed;
    expect(listed.items.map((s) => s.id)).toEqual([inRange.id, alsoInRange.id]);
    expect(listed.items[0]!.absence).toEqual({ firstDay: day(4), lastDay: day(7), note: 'Flu' });
    expect(listed.items.some((s) => s.id === after.id)).toBe(false);

    // One step: reassigned, the session leaves the list.
    expect((await t.request('POST', `/api/sessions/${inRange.id}/reassign`, { cookie: adminCookie, body: { coachId: standIn.id } })).status).toBe(200);
    const afterReassign = (await (await t.request('GET', '/api/admin/sessions-needing-coach', { cookie: adminCookie })).json()) as Listed;
    expect(afterReassign.items.map((s) => s.id)).toEqual([alsoInRange.id]);

    // Better after all: the report is withdrawn and nothing waits any more.
    expect((await t.request('DELETE', `/api/me/absences/${body.absence.id}`, { cookie: coachCookie })).status).toBe(204);
    expect(((await (await t.request('GET', '/api/admin/sessions-needing-coach', { cookie: adminCookie })).json()) as Listed).items).toEqual([]);
    expect(((await (await t.request('GET', '/api/me/absences', { cookie: coachCookie })).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses ranges that are backwards, past or too long, and employees who are not coaches', async () => {
    const org = await buildOrganisation(db);
    const coachCookie = await t.cookieFor(await buildPerson(db, { org, roles: ['coach', 'employee'] }));
    const cases: Array<[unknown, string]> = [
      [{ firstDay: day(5), lastDay: day(3) }, 'lastDay'],
      [{ firstDay: '2025-02-20', lastDay: '2025-02-27' }, 'lastDay'],
      [{ firstDay: day(1), lastDay: day(500) }, 'lastDay'],
      [{ firstDay: `${Y}-02-30`, lastDay: `${Y}-03-02` }, 'firstDay'],
    ];
    for (const [input, field] of cases) {
      const res = await t.request('POST', '/api/me/absences', { cookie: coachCookie, body: input });
      expect(res.status, JSON.stringify(input)).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
    const employeeCookie = await t.cookieFor(await buildPerson(db, { org }));
    expect((await t.request('POST', '/api/me/absences', { cookie: employeeCookie, body: { firstDay: day(1), lastDay: day(2) } })).status).toBe(403);
    expect(await db.selectFrom('coach_absences').where('org_id', '=', org.id).selectAll().execute()).toEqual([]);
  });
});
