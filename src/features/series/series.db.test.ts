// Series through HTTP: every date checked before anything is written, all published or none.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';

// The dates here are written as in 2027 and run in the first year laid out like 2027 (every day on
// the same weekday, the same daylight-saving switches) whose 16 March is still a month away.
const Y = yearLike(2027, '03-16');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

async function program() {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
  const employee = await buildPerson(db, { org });
  const module = await buildModule(db, { org, durationMinutes: 90 });
  const room = await buildRoom(db, { org, capacity: 8 });
  return { org, coach, module, room, coachCookie: await t.cookieFor(coach), employeeCookie: await t.cookieFor(employee) };
}

const sessionsOf = (coachId: string) =>
  t.database.db.selectFrom('sessions').where('coach_id', '=', coachId).select(['starts_at', 'series_id']).orderBy('starts_at').execute();

describe('POST /api/sessions/series', () => {
  it('publishes every other week at the same wall-clock time across the daylight-saving switch, as one series', async () => {
    const p = await program();
    // 10:00 in Berlin on 16 March (CET), then 30 March (CEST): 09:00Z, then 08:00Z.
    const res = await call(t, 'POST', '/api/sessions/series', {
      cookie: p.coachCookie,
      body: { moduleId: p.module.id, startsAt: `${Y}-03-16T10:00`, timeZone: 'Europe/Berlin', format: 'in_person', roomId: p.room.id, everyWeeks: 2, occurrences: 3 },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.sessions.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      `${Y}-03-16T09:00:00.000Z`, `${Y}-03-30T08:00:00.000Z`, `${Y}-04-13T08:00:00.000Z`,
    ]);
    expect(res.body.sessions.map((s: { sessionLocal: { startsAt: string } }) => s.sessionLocal.startsAt.slice(11, 16))).toEqual(['10:00', '10:00', '10:00']);
    const rows = await sessionsOf(p.coach.id);
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.series_id))).toEqual(new Set([res.body.seriesId]));
  });

  it('refuses a series whose room is taken on some dates, lists those dates, and publishes nothing', async () => {
    const p = await program();
    const other = await buildPerson(t.database.db, { org: p.org, roles: ['coach'] });
    // The room is taken in week 2 and week 4 by another coach; the coach is busy elsewhere in week 3.
    await buildSession(t.database.db, { org: p.org, coach: other, room: p.room, startsAt: new Date(`${Y}-06-08T08:30:00Z`) });
    await buildSession(t.database.db, { org: p.org, coach: other, room: p.room, startsAt: new Date(`${Y}-06-22T07:00:00Z`) });
    await buildSession(t.database.db, { org: p.org, coach: p.coach, startsAt: new Date(`${Y}-06-15T08:00:00Z`) });
    const body = { moduleId: p.module.id, startsAt: `${Y}-06-01T10:00`, timeZone: 'Europe/Berlin', format: 'in_person', roomId: p.room.id, everyWeeks: 1, occurrences: 4 };

    const check = await call(t, 'POST', '/api/sessions/series/check', { cookie: p.coachCookie, body });
    expect(check.status, check.text).toBe(200);
    expect(check.body.conflicting).toBe(3);
    expect(check.body.occurrences.map((o: { sessionLocal: { startsAt: string }; conflicts: string[] }) => [o.sessionLocal.startsAt, o.conflicts])).toEqual([
      [`${Y}-06-01T10:00:00+02:00`, []],
      [`${Y}-06-08T10:00:00+02:00`, ['ROOM_BUSY']],
      [`${Y}-06-15T10:00:00+02:00`, ['COACH_BUSY']],
      [`${Y}-06-22T10:00:00+02:00`, ['ROOM_BUSY']],
    ]);

    const before = (await sessionsOf(p.coach.id)).length;
    const res = await call(t, 'POST', '/api/sessions/series', { cookie: p.coachCookie, body });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SERIES_CONFLICTS');
    expect(res.body.conflicts.map((c: { startsAt: string; conflicts: string[] }) => [c.startsAt, c.conflicts])).toEqual([
      [`${Y}-06-08T08:00:00.000Z`, ['ROOM_BUSY']],
      [`${Y}-06-15T08:00:00.000Z`, ['COACH_BUSY']],
      [`${Y}-06-22T08:00:00.000Z`, ['ROOM_BUSY']],
    ]);
    expect(await sessionsOf(p.coach.id)).toHaveLength(before);
  });

  it('is for coaches and admins; bad input names its fields', async () => {
    const p = await program();
    const body = { moduleId: p.module.id, startsAt: `${Y}-07-01T10:00`, timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/s', everyWeeks: 1, occurrences: 2 };
    expect((await call(t, 'POST', '/api/sessions/series', { cookie: p.employeeCookie, body })).status).toBe(403);
    const bad = await call(t, 'POST', '/api/sessions/series/check', { cookie: p.coachCookie, body: { ...body, occurrences: 1, everyWeeks: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.everyWeeks', 'body.occurrences']);
    const skipped = await call(t, 'POST', '/api/sessions/series/check', { cookie: p.coachCookie, body: { ...body, startsAt: `${Y}-03-28T02:30` } });
    expect(skipped.status).toBe(400);
  });
});
