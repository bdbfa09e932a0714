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

  it('names a date whose wall-clock time the clocks skip instead of publishing it an hour later, and publishes the rest once it is skipped', async () => {
    const p = await program();
    // Sundays at 02:30 in Berlin: on 28 March the clocks go from 02:00 straight to 03:00.
    const body = { moduleId: p.module.id, startsAt: `${Y}-03-21T02:30`, timeZone: 'Europe/Berlin', format: 'in_person', roomId: p.room.id, everyWeeks: 1, occurrences: 3 };
    const check = await call(t, 'POST', '/api/sessions/series/check', { cookie: p.coachCookie, body });
    expect(check.status, check.text).toBe(200);
    expect(check.body.occurrences.map((o: { date: string; conflicts: string[] }) => [o.date, o.conflicts])).toEqual([
      [`${Y}-03-21`, []], [`${Y}-03-28`, ['TIME_SKIPPED']], [`${Y}-04-04`, []],
    ]);
    const refused = await call(t, 'POST', '/api/sessions/series', { cookie: p.coachCookie, body });
    expect(refused.status).toBe(409);
    expect(refused.body.conflicts.map((c: { date: string; conflicts: string[] }) => [c.date, c.conflicts])).toEqual([[`${Y}-03-28`, ['TIME_SKIPPED']]]);
    expect(await sessionsOf(p.coach.id)).toHaveLength(0);

    const res = await call(t, 'POST', '/api/sessions/series', { cookie: p.coachCookie, body: { ...body, skip: [`${Y}-03-28`] } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.sessions.map((s: { sessionLocal: { startsAt: string } }) => s.sessionLocal.startsAt)).toEqual([
      `${Y}-03-21T02:30:00+01:00`, `${Y}-04-04T02:30:00+02:00`,
    ]);
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

  it('checks the module, room and link as publishing does: a retired module, a retired or too small room, or none, is refused by the check too', async () => {
    const p = await program();
    const small = await buildRoom(t.database.db, { org: p.org, capacity: 4 });
    const retired = await buildRoom(t.database.db, { org: p.org, capacity: 8 });
    await t.database.db.updateTable('rooms').set({ retired_at: new Date() }).where('id', '=', retired.id).execute();
    const oldModule = await buildModule(t.database.db, { org: p.org });
    await t.database.db.updateTable('modules').set({ retired_at: new Date() }).where('id', '=', oldModule.id).execute();
    const body = { moduleId: p.module.id, startsAt: `${Y}-05-03T10:00`, timeZone: 'Europe/Berlin', format: 'in_person', everyWeeks: 1, occurrences: 2 };
    for (const [extra, status, code] of [
      [{ roomId: retired.id }, 409, 'ROOM_RETIRED'],
      // Four participants and the coach need five chairs.
      [{ roomId: small.id }, 409, 'ROOM_TOO_SMALL'],
      [{ roomId: p.room.id, moduleId: oldModule.id }, 409, 'MODULE_RETIRED'],
      [{}, 400, 'VALIDATION_FAILED'],
      [{ format: 'virtual' }, 400, 'VALIDATION_FAILED'],
    ] as const) {
      const check = await call(t, 'POST', '/api/sessions/series/check', { cookie: p.coachCookie, body: { ...body, ...extra } });
      const publish = await call(t, 'POST', '/api/sessions/series', { cookie: p.coachCookie, body: { ...body, ...extra } });
      expect([check.status, check.body.code], JSON.stringify(extra)).toEqual([status, code]);
      expect([publish.status, publish.body.code], JSON.stringify(extra)).toEqual([status, code]);
    }
    expect(await sessionsOf(p.coach.id)).toHaveLength(0);
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

describe('POST /api/sessions/series with dates skipped or moved', () => {
  // Weekly at 10:00 Berlin (summer time, 08:00Z) from 1 September; the room is taken in week 2.
  async function seriesWithRoomTakenInWeek2() {
    const p = await program();
    const other = await buildPerson(t.database.db, { org: p.org, roles: ['coach'] });
    await buildSession(t.database.db, { org: p.org, coach: other, room: p.room, startsAt: new Date(`${Y}-09-08T08:30:00Z`) });
    const body = { moduleId: p.module.id, startsAt: `${Y}-09-01T10:00`, timeZone: 'Europe/Berlin', format: 'in_person', roomId: p.room.id, everyWeeks: 1, occurrences: 4 };
    return { ...p, other, body };
  }

  it('publishes the rest as one series when the conflicting date is skipped', async () => {
    const p = await seriesWithRoomTakenInWeek2();
    const body = { ...p.body, skip: [`${Y}-09-08`] };

    const check = await call(t, 'POST', '/api/sessions/series/check', { cookie: p.coachCookie, body });
    expect(check.status, check.text).toBe(200);
    expect(check.body.conflicting).toBe(0);
    expect(check.body.occurrences.map((o: { date: string; skipped: boolean; conflicts: string[] }) => [o.date, o.skipped, o.conflicts])).toEqual([
      [`${Y}-09-01`, false, []],
      [`${Y}-09-08`, true, []],
      [`${Y}-09-15`, false, []],
      [`${Y}-09-22`, false, []],
    ]);

    const res = await call(t, 'POST', '/api/sessions/series', { cookie: p.coachCookie, body });
    expect(res.status, res.text).toBe(201);
    const rows = await sessionsOf(p.coach.id);
    expect(rows.map((r) => r.starts_at.toISOString())).toEqual([`${Y}-09-01T08:00:00.000Z`, `${Y}-09-15T08:00:00.000Z`, `${Y}-09-22T08:00:00.000Z`]);
    expect(new Set(rows.map((r) => r.series_id))).toEqual(new Set([res.body.seriesId]));
  });

  it('publishes a moved date at its new time, read in the series zone, with the others at theirs', async () => {
    const p = await seriesWithRoomTakenInWeek2();
    const body = { ...p.body, moves: [{ date: `${Y}-09-08`, startsAt: `${Y}-09-09T14:00` }] };

    const check = await call(t, 'POST', '/api/sessions/series/check', { cookie: p.coachCookie, body });
    expect(check.status, check.text).toBe(200);
    expect(check.body.conflicting).toBe(0);
    expect(check.body.occurrences[1]).toMatchObject({ date: `${Y}-09-08`, moved: true, skipped: false, startsAt: `${Y}-09-09T12:00:00.000Z`, conflicts: [] });

    const res = await call(t, 'POST', '/api/sessions/series', { cookie: p.coachCookie, body });
    expect(res.status, res.text).toBe(201);
    expect((await sessionsOf(p.coach.id)).map((r) => r.starts_at.toISOString())).toEqual([
      `${Y}-09-01T08:00:00.000Z`, `${Y}-09-09T12:00:00.000Z`, `${Y}-09-15T08:00:00.000Z`, `${Y}-09-22T08:00:00.000Z`,
    ]);
  });

  it('checks a moved date like any other: moved onto a taken room or onto another date of the series, nothing is published', async () => {
    const p = await seriesWithRoomTakenInWeek2();
    // Moved from one busy slot into another: the other coach holds the room on the 10th as well.
    await buildSession(t.database.db, { org: p.org, coach: p.other, room: p.room, startsAt: new Date(`${Y}-09-10T12:00:00Z`) });
    const intoTakenRoom = await call(t, 'POST', '/api/sessions/series', {
      cookie: p.coachCookie, body: { ...p.body, moves: [{ date: `${Y}-09-08`, startsAt: `${Y}-09-10T14:00` }] },
    });
    expect(intoTakenRoom.status).toBe(409);
    expect(intoTakenRoom.body.code).toBe('SERIES_CONFLICTS');
    expect(intoTakenRoom.body.conflicts.map((c: { date: string; moved: boolean; conflicts: string[] }) => [c.date, c.moved, c.conflicts])).toEqual([
      [`${Y}-09-08`, true, ['ROOM_BUSY']],
    ]);

    // Moved onto the next week's date: the coach cannot run both.
    const ontoItsOwnDate = await call(t, 'POST', '/api/sessions/series/check', {
      cookie: p.coachCookie, body: { ...p.body, moves: [{ date: `${Y}-09-08`, startsAt: `${Y}-09-15T10:30` }] },
    });
    expect(ontoItsOwnDate.status, ontoItsOwnDate.text).toBe(200);
    expect(ontoItsOwnDate.body.occurrences.map((o: { conflicts: string[] }) => o.conflicts)).toEqual([[], ['COACH_BUSY'], ['COACH_BUSY'], []]);

    const intoThePast = await call(t, 'POST', '/api/sessions/series/check', {
      cookie: p.coachCookie, body: { ...p.body, moves: [{ date: `${Y}-09-08`, startsAt: '2020-09-08T10:00' }] },
    });
    expect(intoThePast.body.occurrences[1].conflicts).toEqual(['STARTS_IN_PAST']);
    expect(await sessionsOf(p.coach.id)).toHaveLength(0);
  });

  it('refuses dates that are not the series’, named twice, or leaving nothing, and publishes nothing', async () => {
    const p = await seriesWithRoomTakenInWeek2();
    const refused = async (extra: object) => {
      const res = await call(t, 'POST', '/api/sessions/series', { cookie: p.coachCookie, body: { ...p.body, ...extra } });
      expect(res.status, res.text).toBe(400);
      return res.body.fields.map((f: { field: string }) => f.field);
    };
    expect(await refused({ skip: [`${Y}-09-09`] })).toEqual(['skip.0']);
    expect(await refused({ moves: [{ date: `${Y}-09-02`, startsAt: `${Y}-09-02T10:00` }] })).toEqual(['moves.0.date']);
    expect(await refused({ skip: [`${Y}-09-08`], moves: [{ date: `${Y}-09-08`, startsAt: `${Y}-09-09T10:00` }] })).toEqual(['moves.0.date']);
    expect(await refused({ skip: [`${Y}-09-01`, `${Y}-09-08`, `${Y}-09-15`, `${Y}-09-22`] })).toEqual(['skip']);
    expect(await refused({ moves: [{ date: `${Y}-09-08`, startsAt: `${Y}-03-28T02:30` }] })).toEqual(['moves.0.startsAt']);
    expect(await refused({ skip: ['8 September'] })).toEqual(['body.skip.0']);
    expect(await sessionsOf(p.coach.id)).toHaveLength(0);
  });
});
