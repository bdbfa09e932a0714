// Taking a seat through HTTP: the answer for each rule, and what changes in the database.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildOrganisation, buildPerson, buildSession, buildBooking, type OrgRow } from '../../../test/factories.ts';

let t: TestApp;
let org: OrgRow;
beforeAll(async () => {
  t = await startTestApp();
  org = await buildOrganisation(t.database.db);
});

async function activeBookings(sessionId: string) {
  return t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('status', '=', 'active').selectAll().execute();
}

describe('POST /api/sessions/{id}/bookings', () => {
  it('takes a seat and answers 201 with the booking and seats left', async () => {
    const session = await buildSession(t.database.db, { org });
    const person = await buildPerson(t.database.db, { org });
    const res = await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(person) });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.status).toBe('active');
    expect(body.session.id).toBe(session.id);
    expect(body.session.seatsLeft).toBe(3);
    expect(res.headers.get('location')).toBe(`/api/bookings/${body.id}`);
    expect(await activeBookings(session.id)).toHaveLength(1);
  });

  it('refuses without a session cookie (401) and books nothing', async () => {
    const session = await buildSession(t.database.db, { org });
    const res = await t.request('POST', `/api/sessions/${session.id}/bookings`);
    expect(res.status).toBe(401);
    expect(await activeBookings(session.id)).toHaveLength(0);
  });

  it.each([
    ['SESSION_FULL', async () => {
      const session = await buildSession(t.database.db, { org, capacity: 1 });
      await buildBooking(t.database.db, { session });
      return session.id;
    }],
    // Begun ten minutes ago by the product's own clock: a session just started is refused, so this start follows the real time.
    ['SESSION_STARTED', async () => (await buildSession(t.database.db, { org, startsAt: new Date(Date.now() - 10 * 60_000) })).id],
  ])('answers 409 %s', async (code, makeSession) => {
    const sessionId = await makeSession();
    const person = await buildPerson(t.database.db, { org });
    const before = await activeBookings(sessionId);
    const res = await t.request('POST', `/api/sessions/${sessionId}/bookings`, { cookie: await t.cookieFor(person) });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe(code);
    expect(await activeBookings(sessionId)).toHaveLength(before.length);
  });

  it('refuses a second seat in the same session with ALREADY_BOOKED', async () => {
    const session = await buildSession(t.database.db, { org });
    const person = await buildPerson(t.database.db, { org });
    const cookie = await t.cookieFor(person);
    expect((await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie })).status).toBe(201);
    const again = await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('ALREADY_BOOKED');
  });

  it('refuses an overlapping session with OVERLAPPING_BOOKING but allows back-to-back', async () => {
    const start = hoursAfterReference(48);
    const first = await buildSession(t.database.db, { org, startsAt: start });
    const overlapping = await buildSession(t.database.db, { org, startsAt: new Date(start.getTime() + 30 * 60_000) });
    const backToBack = await buildSession(t.database.db, { org, startsAt: new Date(start.getTime() + 90 * 60_000) });
    const person = await buildPerson(t.database.db, { org });
    const cookie = await t.cookieFor(person);
    expect((await t.request('POST', `/api/sessions/${first.id}/bookings`, { cookie })).status).toBe(201);
    const res = await t.request('POST', `/api/sessions/${overlapping.id}/bookings`, { cookie });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('OVERLAPPING_BOOKING');
    expect((await t.request('POST', `/api/sessions/${backToBack.id}/bookings`, { cookie })).status).toBe(201);
  });
});
