// How far ahead and in what form a session's start is taken, through HTTP: offsets a place can
// have (Z or ±HH:MM up to 14:00 in quarter hours), and no session published or moved beyond the
// planning window (PLANNING_HORIZON_MONTHS, two years by default), a series refused whole when its
// last date would fall beyond it. The window runs from the real clock, so the dates near its end
// are counted from now, a day to either side.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { snapshot } from '../../../test/db-snapshot.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { loadConfig } from '../../lib/config.ts';
import { planningWindow } from '../../lib/time.ts';
import { occurrenceStarts } from '../series/service.ts';

const LINK = 'https://meet.example.test/window';
const TOO_FAR = 'is further ahead than sessions may be planned';

let t: TestApp;
beforeAll(async () => {
  // No mail worker: it would change the queue between the snapshots compared below.
  t = await startTestApp({ worker: false, env: { PLANNING_HORIZON_MONTHS: '24' } });
});

async function program() {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
  const module = await buildModule(db, { org });
  const cookie = await t.cookieFor(coach);
  const body = (startsAt: string, more: Record<string, unknown> = {}) =>
    ({ moduleId: module.id, startsAt, timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: LINK, ...more });
  return { org, coach, module, cookie, body };
}

/** Wall-clock time in Berlin, `days` after two years from now (negative: before). */
const twoYearsAnd = (days: number) => DateTime.now().setZone('Europe/Berlin').plus({ years: 2, days }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toFormat("yyyy-MM-dd'T'HH:mm");

describe('the form of a start', () => {
  it('takes offsets a place can have and refuses others, on publishing and on moving', async () => {
    const p = await program();
    const Y = yearLike(2027, '06-01');
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, startsAt: new Date(`${Y}-06-20T08:00:00Z`) });
    const before = await snapshot(t.database.db);
    for (const startsAt of [`${Y}-06-01T10:00:00+99:00`, `${Y}-06-01T10:00+15:00`, `${Y}-06-01T10:00-05:07`, `${Y}-W22-2T10:00`, `${Y}0601T100000Z`, '9999-12-31T10:00:00Z']) {
      for (const [method, url, body] of [['POST', '/api/sessions', p.body(startsAt)], ['PATCH', `/api/sessions/${session.id}`, { startsAt }]] as const) {
        const res = await call(t, method, url, { cookie: p.cookie, body });
        expect([res.status, blamedFields(res)], `${method} ${startsAt}: ${res.text}`).toEqual([400, ['startsAt']]);
      }
    }
    expect(await snapshot(t.database.db)).toEqual(before);
    const kathmandu = await call(t, 'POST', '/api/sessions', { cookie: p.cookie, body: p.body(`${Y}-06-02T10:00+05:45`) });
    expect([kathmandu.status, kathmandu.body.startsAt]).toEqual([201, `${Y}-06-02T04:15:00.000Z`]);
    const marquesas = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: p.cookie, body: { startsAt: `${Y}-06-21T10:00:00.000-09:30` } });
    expect([marquesas.status, marquesas.body.startsAt]).toEqual([200, `${Y}-06-21T19:30:00.000Z`]);
  });

  it('names what is wrong with the offset, in a start and in the bounds of a search', async () => {
    const p = await program();
    const message = 'has an offset other than Z or ±HH:MM up to 14:00 in quarter hours';
    const res = await call(t, 'POST', '/api/sessions', { cookie: p.cookie, body: p.body('2027-06-01T10:00:00+99:00') });
    expect(res.body.fields).toEqual([{ field: 'body.startsAt', message }]);
    const open = await call(t, 'GET', `/api/sessions?from=${encodeURIComponent('2027-06-01T10:00:00+15:00')}`, { cookie: p.cookie });
    expect([open.status, open.body.fields]).toEqual([400, [{ field: 'querystring.from', message }]]);
    const rooms = await call(t, 'GET', `/api/rooms?freeFrom=${encodeURIComponent('2027-06-01T10:00:00+05:10')}&freeTo=2027-06-01T12:00:00Z`, { cookie: p.cookie });
    expect([rooms.status, rooms.body.fields]).toEqual([400, [{ field: 'querystring.freeFrom', message }]]);
  });
});

describe('the planning window', () => {
  it('publishes a session up to two years ahead and refuses one a day further, with 400 naming startsAt', async () => {
    const p = await program();
    const before = await snapshot(t.database.db);
    const far = await call(t, 'POST', '/api/sessions', { cookie: p.cookie, body: p.body(twoYearsAnd(1)) });
    expect([far.status, far.body.fields]).toEqual([400, [{ field: 'startsAt', message: TOO_FAR }]]);
    expect(await snapshot(t.database.db)).toEqual(before);
    expect((await call(t, 'POST', '/api/sessions', { cookie: p.cookie, body: p.body(twoYearsAnd(-1)) })).status).toBe(201);
    // The other end of the window is now, a rule with its own code (unchanged).
    expect((await call(t, 'POST', '/api/sessions', { cookie: p.cookie, body: p.body('2020-01-06T10:00') })).body.code).toBe('STARTS_IN_PAST');
  });

  it('moves a session up to two years ahead and refuses a move a day further, leaving the session as it was', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module });
    const before = await call(t, 'GET', `/api/sessions/${session.id}`, { cookie: p.cookie });
    const far = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: p.cookie, body: { startsAt: twoYearsAnd(1), timeZone: 'Asia/Kathmandu' } });
    expect([far.status, far.body.fields]).toEqual([400, [{ field: 'startsAt', message: TOO_FAR }]]);
    expect((await call(t, 'GET', `/api/sessions/${session.id}`, { cookie: p.cookie })).body).toEqual(before.body);
    expect((await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: p.cookie, body: { startsAt: twoYearsAnd(-1) } })).status).toBe(200);
  });

  it('refuses a series whose last date would fall beyond it, whole, on checking and on publishing', async () => {
    const p = await program();
    // Weekly, four dates: the first three weeks before the end of the window, the last a day after it.
    const series = p.body(twoYearsAnd(-20), { everyWeeks: 1, occurrences: 4 });
    const before = await snapshot(t.database.db);
    for (const url of ['/api/sessions/series/check', '/api/sessions/series']) {
      const res = await call(t, 'POST', url, { cookie: p.cookie, body: series });
      expect([res.status, res.body.fields], url).toEqual([400, [{ field: 'occurrences', message: 'runs further ahead than sessions may be planned; choose fewer dates' }]]);
    }
    const starting = await call(t, 'POST', '/api/sessions/series/check', { cookie: p.cookie, body: { ...series, startsAt: twoYearsAnd(1) } });
    expect([starting.status, starting.body.fields]).toEqual([400, [{ field: 'startsAt', message: TOO_FAR }]]);
    expect(await snapshot(t.database.db)).toEqual(before);
    const fewer = await call(t, 'POST', '/api/sessions/series', { cookie: p.cookie, body: { ...series, occurrences: 3 } });
    expect([fewer.status, fewer.body.sessions?.length], fewer.text).toEqual([201, 3]);
  });

  it('ends exactly at its bound for the series’ dates, counted at fixed instants', () => {
    const window = planningWindow(24, new Date('2027-03-01T09:00:00Z'));
    expect(window.latestStart).toEqual(new Date('2029-03-01T09:00:00Z'));
    // 1 February 2029, 10:00 in Berlin (09:00 UTC), weekly: the fifth date is 1 March at 09:00 UTC, the bound itself.
    const input = { startsAt: '2029-02-01T10:00', timeZone: 'Europe/Berlin', everyWeeks: 1, occurrences: 5 };
    expect(occurrenceStarts(input, window).at(-1)).toEqual(new Date('2029-03-01T09:00:00Z'));
    expect(() => occurrenceStarts({ ...input, occurrences: 6 }, window)).toThrow(/occurrences: runs further ahead/);
    expect(() => occurrenceStarts({ ...input, startsAt: '2029-03-01T10:01' }, window)).toThrow(/startsAt: is further ahead/);
  });

  it('is two years unless PLANNING_HORIZON_MONTHS says otherwise', () => {
    expect(loadConfig({}).planningHorizonMonths).toBe(24);
    expect(loadConfig({ PLANNING_HORIZON_MONTHS: '36' }).planningHorizonMonths).toBe(36);
    expect(() => loadConfig({ PLANNING_HORIZON_MONTHS: '0' })).toThrow(/PLANNING_HORIZON_MONTHS/);
  });
});
