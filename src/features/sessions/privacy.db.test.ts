// Privacy by default: a participant learns how many seats are left, never who holds them, unless
// the organisation shows participants; the meeting link goes only to those who will be there.
// The checks read the raw response text, so a field added later cannot leak unnoticed.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

// The session starts on a day of the first year laid out like 2027 whose 14 April is still a month away.
const Y = yearLike(2027, '04-14');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

/** A virtual session with a coach, two seat holders the viewer should not learn about, and the viewer's own seat. */
async function sessionWithOthers() {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
  const session = await buildSession(db, { org, coach, startsAt: new Date(`${Y}-04-14T08:00:00Z`) });
  const others = [
    await buildPerson(db, { org, name: 'Bartholomew Quill', email: 'b.quill@example.test', department: 'Treasury' }),
    await buildPerson(db, { org, name: 'Cordelia Vance', email: 'c.vance@example.test', department: 'Legal' }),
  ];
  const otherBookings = [await buildBooking(db, { session, person: others[0]! }), await buildBooking(db, { session, person: others[1]! })];
  const me = await buildPerson(db, { org, name: 'Viewer Self' });
  const myBooking = await buildBooking(db, { session, person: me });
  const outsider = await buildPerson(db, { org });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const secrets = others.flatMap((p) => [p.name, p.email, p.id]).concat(otherBookings.map((b) => b.id));
  return {
    org, coach, session, others, me, myBooking, outsider, admin, secrets,
    cookies: { me: await t.cookieFor(me), outsider: await t.cookieFor(outsider), coach: await t.cookieFor(coach), admin: await t.cookieFor(admin) },
  };
}

function expectNoneOf(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text, `response leaks ${secret}`).not.toContain(secret);
}

describe('who else holds a seat', () => {
  it('is never told to a participant or an outsider by default', async () => {
    const w = await sessionWithOthers();
    const reads = [
      ['me', '/api/sessions'], ['me', `/api/sessions/${w.session.id}`], ['me', '/api/me/bookings'], ['me', '/api/me/bookings?when=upcoming'],
      ['me', `/api/bookings/${w.myBooking.id}`], ['outsider', '/api/sessions'], ['outsider', `/api/sessions/${w.session.id}`],
    ] as const;
    for (const [who, path] of reads) {
      const res = await call(t, 'GET', path, { cookie: w.cookies[who] });
      expect(res.status, `${who} GET ${path}`).toBe(200);
      expect(res.text).toContain(w.session.id);
      expect(res.text).not.toContain('"participants"');
      expectNoneOf(res.text, w.secrets);
    }
    const one = await call(t, 'GET', `/api/sessions/${w.session.id}`, { cookie: w.cookies.me });
    expect(one.body).toMatchObject({ seatsLeft: 1, myBookingId: w.myBooking.id });
  });

  it("keeps another person's booking hidden (404) without naming them", async () => {
    const w = await sessionWithOthers();
    const res = await call(t, 'GET', `/api/bookings/${w.myBooking.id}`, { cookie: w.cookies.outsider });
    expect(res.status).toBe(404);
    expectNoneOf(res.text, [w.me.name, w.me.email, w.me.id]);
  });

  it("is shown to the session's coach and to admins", async () => {
    const w = await sessionWithOthers();
    for (const who of ['coach', 'admin'] as const) {
      const res = await call(t, 'GET', `/api/sessions/${w.session.id}`, { cookie: w.cookies[who] });
      expect(res.body.participants.map((p: { name: string }) => p.name).sort(), who).toEqual(['Bartholomew Quill', 'Cordelia Vance', 'Viewer Self']);
    }
  });

  it('is shown (names, not contact details) to fellow participants once the organisation turns it on', async () => {
    const w = await sessionWithOthers();
    expect((await call(t, 'PATCH', '/api/settings', { cookie: w.cookies.me, body: { participantsVisible: true } })).status).toBe(403);
    const on = await call(t, 'PATCH', '/api/settings', { cookie: w.cookies.admin, body: { participantsVisible: true } });
    expect([on.status, on.body.participantsVisible]).toEqual([200, true]);

    const mine = await call(t, 'GET', `/api/sessions/${w.session.id}`, { cookie: w.cookies.me });
    expect(mine.body.participants).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'Bartholomew Quill', department: 'Treasury' }),
      expect.objectContaining({ name: 'Cordelia Vance', department: 'Legal' }),
    ]));
    expectNoneOf(mine.text, w.others.map((p) => p.email));

    for (const path of ['/api/sessions', `/api/sessions/${w.session.id}`]) {
      const outside = await call(t, 'GET', path, { cookie: w.cookies.outsider });
      expect(outside.status).toBe(200);
      expectNoneOf(outside.text, w.secrets);
    }
  });
});

describe('the online link', () => {
  it('goes to seat holders, the coach and admins, and to nobody else', async () => {
    const w = await sessionWithOthers();
    const link = w.session.online_url!;
    const linkIn = async (who: keyof typeof w.cookies) => {
      const one = await call(t, 'GET', `/api/sessions/${w.session.id}`, { cookie: w.cookies[who] });
      const list = await call(t, 'GET', '/api/sessions', { cookie: w.cookies[who] });
      return [one.body.onlineUrl, list.body.items.find((s: { id: string }) => s.id === w.session.id).onlineUrl];
    };
    expect(await linkIn('me')).toEqual([link, link]);
    expect(await linkIn('coach')).toEqual([link, link]);
    expect(await linkIn('admin')).toEqual([link, link]);
    expect(await linkIn('outsider')).toEqual([null, null]);
    expect((await call(t, 'GET', `/api/sessions/${w.session.id}`, { cookie: w.cookies.outsider })).text).not.toContain(link);
    expect((await call(t, 'GET', `/api/bookings/${w.myBooking.id}`, { cookie: w.cookies.me })).body.session.onlineUrl).toBe(link);
  });

  it('is no longer shown once the seat is given up', async () => {
    const w = await sessionWithOthers();
    const cancelled = await call(t, 'POST', `/api/bookings/${w.myBooking.id}/cancel`, { cookie: w.cookies.me });
    expect(cancelled.status).toBe(200);
    expect(cancelled.text).not.toContain(w.session.online_url!);
    for (const path of [`/api/sessions/${w.session.id}`, '/api/me/bookings', `/api/bookings/${w.myBooking.id}`]) {
      const res = await call(t, 'GET', path, { cookie: w.cookies.me });
      expect(res.status).toBe(200);
      expect(res.text, path).not.toContain(w.session.online_url!);
    }
  });
});
