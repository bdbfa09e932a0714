// Time zones through HTTP, at fixed instants: a session published in Berlin wall-clock time, seen
// by people in Kolkata and New York, and weekly sessions across the daylight-saving switches,
// which Europe and the United States make on different dates. The suite runs with
// TZ=Asia/Kathmandu, so nothing here may depend on the machine's zone.
import { beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson } from '../../../test/factories.ts';

// The dates here are written as in 2027 and run in the first year laid out like 2027 (every day on
// the same weekday, the same daylight-saving switches) whose 7 March is still a month away.
const Y = yearLike(2027, '03-07');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

/** An organisation with a Berlin coach and a 90-minute module, plus a viewer in each zone asked for. */
async function program(viewerZones: string[]) {
  const db = t.database.db;
  const org = await buildOrganisation(db, { max_future_bookings: 10 });
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: 'Europe/Berlin' });
  const module = await buildModule(db, { org, durationMinutes: 90 });
  const coachCookie = await t.cookieFor(coach);
  const viewers = new Map<string, string>();
  for (const zone of viewerZones) viewers.set(zone, await t.cookieFor(await buildPerson(db, { org, timeZone: zone })));
  const publish = async (startsAt: string) => {
    const res = await call(t, 'POST', '/api/sessions', {
      cookie: coachCookie, body: { moduleId: module.id, startsAt, timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/tz' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; startsAt: string; endsAt: string; sessionLocal: { startsAt: string; endsAt: string } };
  };
  return { org, viewers, publish, viewer: (zone: string) => viewers.get(zone)! };
}

/** `local.startsAt` of the session as the viewer sees it in the list, on its own and in their bookings. */
async function localStarts(cookie: string, sessionId: string, query = '') {
  const list = await call(t, 'GET', `/api/sessions${query ? `?${query}` : ''}`, { cookie });
  const one = await call(t, 'GET', `/api/sessions/${sessionId}${query ? `?${query}` : ''}`, { cookie });
  const mine = await call(t, 'GET', `/api/me/bookings${query ? `?${query}` : ''}`, { cookie });
  const fromList = list.body.items.find((s: { id: string }) => s.id === sessionId);
  const fromBookings = mine.body.items.find((b: { session: { id: string } }) => b.session.id === sessionId);
  return [fromList.local.startsAt, one.body.local.startsAt, fromBookings.session.local.startsAt];
}

describe('the time-of-day filter', () => {
  it("takes the part of the day in the viewer's zone (or the asked one), across a clock change, and refuses other words", async () => {
    const p = await program(['Europe/Berlin', 'America/New_York']);
    // Berlin wall-clock times; New York is 6 hours behind in June, and 5 in the weeks between the
    // American and the European spring switches (8 March: 5 hours).
    const at = { early: await p.publish(`${Y}-06-15T09:00`), midday: await p.publish(`${Y}-06-15T14:00`), late: await p.publish(`${Y}-06-15T19:30`), spring: await p.publish(`${Y}-03-16T17:00`) };
    const ids = async (zone: string, query: string) => {
      const res = await call(t, 'GET', `/api/sessions?limit=50&${query}`, { cookie: p.viewer(zone) });
      expect(res.status, res.text).toBe(200);
      const mine = new Map(Object.entries(at).map(([name, s]) => [s.id, name]));
      return (res.body.items as Array<{ id: string }>).flatMap((i) => (mine.has(i.id) ? [mine.get(i.id)!] : [])).sort();
    };
    expect(await ids('Europe/Berlin', 'timeOfDay=morning')).toEqual(['early']);
    expect(await ids('Europe/Berlin', 'timeOfDay=afternoon')).toEqual(['midday']);
    expect(await ids('Europe/Berlin', 'timeOfDay=evening')).toEqual(['late', 'spring']);
    // New York: 03:00 (night: no part), 08:00, 13:30; 16 March 17:00 Berlin is 12:00 there.
    expect(await ids('America/New_York', 'timeOfDay=morning')).toEqual(['midday']);
    expect(await ids('America/New_York', 'timeOfDay=afternoon')).toEqual(['late', 'spring']);
    expect(await ids('America/New_York', 'timeOfDay=evening')).toEqual([]);
    expect(await ids('America/New_York', 'timeOfDay=morning&tz=Europe/Berlin')).toEqual(['early']);
    const bad = await call(t, 'GET', '/api/sessions?timeOfDay=night', { cookie: p.viewer('Europe/Berlin') });
    expect(bad.status).toBe(400);
  });
});

describe('a session in Berlin seen from elsewhere', () => {
  it('shows 10:00 Berlin as 13:30 in Kolkata and 04:00 in New York, in the list, the session and the bookings', async () => {
    const p = await program(['Asia/Kolkata', 'America/New_York']);
    const session = await p.publish(`${Y}-06-15T10:00`);
    expect(session).toMatchObject({
      startsAt: `${Y}-06-15T08:00:00.000Z`, endsAt: `${Y}-06-15T09:30:00.000Z`,
      sessionLocal: { startsAt: `${Y}-06-15T10:00:00+02:00`, endsAt: `${Y}-06-15T11:30:00+02:00` },
    });
    for (const cookie of p.viewers.values()) expect((await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie })).status).toBe(201);

    expect(await localStarts(p.viewer('Asia/Kolkata'), session.id)).toEqual(Array(3).fill(`${Y}-06-15T13:30:00+05:30`));
    expect(await localStarts(p.viewer('America/New_York'), session.id)).toEqual(Array(3).fill(`${Y}-06-15T04:00:00-04:00`));
    const one = await call(t, 'GET', `/api/sessions/${session.id}`, { cookie: p.viewer('Asia/Kolkata') });
    expect(one.body).toMatchObject({
      startsAt: `${Y}-06-15T08:00:00.000Z`, timeZone: 'Europe/Berlin', sessionLocal: { startsAt: `${Y}-06-15T10:00:00+02:00` },
      local: { startsAt: `${Y}-06-15T13:30:00+05:30`, endsAt: `${Y}-06-15T15:00:00+05:30`, timeZone: 'Asia/Kolkata' },
    });
  });

  it('shows the zone asked for with ?tz= and refuses a zone that does not exist', async () => {
    const p = await program(['Asia/Kolkata']);
    const session = await p.publish(`${Y}-06-16T10:00`);
    const cookie = p.viewer('Asia/Kolkata');
    expect((await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie })).status).toBe(201);
    expect(await localStarts(cookie, session.id, 'tz=America/New_York')).toEqual(Array(3).fill(`${Y}-06-16T04:00:00-04:00`));
    expect(await localStarts(cookie, session.id, 'tz=Pacific/Chatham')).toEqual(Array(3).fill(`${Y}-06-16T20:45:00+12:45`));
    for (const path of ['/api/sessions?tz=Mars/Olympus_Mons', `/api/sessions/${session.id}?tz=Mars/Olympus_Mons`, '/api/me/bookings?tz=Mars/Olympus_Mons']) {
      const res = await call(t, 'GET', path, { cookie });
      expect(res.status, path).toBe(400);
      expect(blamedFields(res), path).toContain('tz');
    }
  });

  it('follows the zone a person sets on their profile', async () => {
    const p = await program(['Asia/Kolkata']);
    const session = await p.publish(`${Y}-06-17T10:00`);
    const cookie = p.viewer('Asia/Kolkata');
    expect((await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie })).status).toBe(201);
    const moved = await call(t, 'PATCH', '/api/me', { cookie, body: { timeZone: 'Asia/Tokyo' } });
    expect([moved.status, moved.body.timeZone]).toEqual([200, 'Asia/Tokyo']);
    expect(await localStarts(cookie, session.id)).toEqual(Array(3).fill(`${Y}-06-17T17:00:00+09:00`));
    const wrong = await call(t, 'PATCH', '/api/me', { cookie, body: { timeZone: 'Europe/Atlantis' } });
    expect(wrong.status).toBe(400);
    expect(blamedFields(wrong)).toContain('timeZone');
    expect((await call(t, 'GET', '/api/me', { cookie })).body.timeZone).toBe('Asia/Tokyo');
  });
});

describe('weekly sessions across the daylight-saving switches', () => {
  // Europe switches on 28 March and 31 October, the United States on 14 March and 7 November:
  // in the weeks between, New York is five hours behind Berlin instead of six.
  const weeks = [
    { day: `${Y}-03-07`, utc: `${Y}-03-07T09:00:00.000Z`, berlin: `${Y}-03-07T10:00:00+01:00`, newYork: `${Y}-03-07T04:00:00-05:00` },
    { day: `${Y}-03-21`, utc: `${Y}-03-21T09:00:00.000Z`, berlin: `${Y}-03-21T10:00:00+01:00`, newYork: `${Y}-03-21T05:00:00-04:00` },
    { day: `${Y}-03-28`, utc: `${Y}-03-28T08:00:00.000Z`, berlin: `${Y}-03-28T10:00:00+02:00`, newYork: `${Y}-03-28T04:00:00-04:00` },
    { day: `${Y}-10-24`, utc: `${Y}-10-24T08:00:00.000Z`, berlin: `${Y}-10-24T10:00:00+02:00`, newYork: `${Y}-10-24T04:00:00-04:00` },
    { day: `${Y}-10-31`, utc: `${Y}-10-31T09:00:00.000Z`, berlin: `${Y}-10-31T10:00:00+01:00`, newYork: `${Y}-10-31T05:00:00-04:00` },
    { day: `${Y}-11-07`, utc: `${Y}-11-07T09:00:00.000Z`, berlin: `${Y}-11-07T10:00:00+01:00`, newYork: `${Y}-11-07T04:00:00-05:00` },
  ];

  it('keeps 10:00 in Berlin, shifts the UTC instant by an hour, and shows New York the right hour', async () => {
    const p = await program(['Europe/Berlin', 'America/New_York']);
    const published: Array<Awaited<ReturnType<typeof p.publish>>> = [];
    for (const w of weeks) published.push(await p.publish(`${w.day}T10:00`));
    expect(published.map((s) => s.startsAt)).toEqual(weeks.map((w) => w.utc));
    expect(published.map((s) => s.sessionLocal.startsAt)).toEqual(weeks.map((w) => w.berlin));

    const seen = async (zone: string) => {
      const res = await call(t, 'GET', '/api/sessions?limit=50', { cookie: p.viewer(zone) });
      return published.map((s) => res.body.items.find((i: { id: string }) => i.id === s.id).local.startsAt);
    };
    expect(await seen('Europe/Berlin')).toEqual(weeks.map((w) => w.berlin));
    expect(await seen('America/New_York')).toEqual(weeks.map((w) => w.newYork));
  });

  it('keeps a session that spans the switch 90 real minutes long', async () => {
    const p = await program([]);
    // 01:30 CET + 90 min = 04:00 CEST on the spring switch; 01:30 CEST + 90 min = 02:00 CET in autumn.
    const spring = await p.publish(`${Y}-03-28T01:30`);
    expect(spring).toMatchObject({
      startsAt: `${Y}-03-28T00:30:00.000Z`, endsAt: `${Y}-03-28T02:00:00.000Z`,
      sessionLocal: { startsAt: `${Y}-03-28T01:30:00+01:00`, endsAt: `${Y}-03-28T04:00:00+02:00` },
    });
    const autumn = await p.publish(`${Y}-10-31T01:30`);
    expect(autumn).toMatchObject({
      startsAt: `${Y}-10-30T23:30:00.000Z`, endsAt: `${Y}-10-31T01:00:00.000Z`,
      sessionLocal: { startsAt: `${Y}-10-31T01:30:00+02:00`, endsAt: `${Y}-10-31T02:00:00+01:00` },
    });
  });
});
