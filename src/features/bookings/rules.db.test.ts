// The booking rules through HTTP: the limit, coaches in their own sessions, cancelling, moving,
// one's own list, and attendance. Each refusal also checks that nothing changed.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterPastMonday, yearLike } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow } from '../../../test/factories.ts';

// Sessions start on days of the first year laid out like 2027 whose 1 February is still a month away.
const Y = yearLike(2027, '02-01');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

async function employeeOf(org: OrgRow) {
  const person = await buildPerson(t.database.db, { org });
  return { person, cookie: await t.cookieFor(person) };
}

async function bookingRow(id: string) {
  return t.database.db.selectFrom('bookings').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
}

const book = (sessionId: string, cookie: string) => call(t, 'POST', `/api/sessions/${sessionId}/bookings`, { cookie });

describe('the limit on future bookings', () => {
  it("refuses with LIMIT_REACHED at the organisation's limit, and follows the limit an admin sets", async () => {
    const org = await buildOrganisation(t.database.db);
    const sessions = await Promise.all(
      [`${Y}-02-01`, `${Y}-02-02`, `${Y}-02-03`, `${Y}-02-04`].map((d) => buildSession(t.database.db, { org, startsAt: at(`${d}T09:00:00Z`) })),
    );
    const { person, cookie } = await employeeOf(org);
    expect((await book(sessions[0]!.id, cookie)).status).toBe(201);
    expect((await book(sessions[1]!.id, cookie)).status).toBe(201);
    const third = await book(sessions[2]!.id, cookie);
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'LIMIT_REACHED', limit: 2 });

    expect((await call(t, 'PATCH', '/api/settings', { cookie, body: { maxFutureBookings: 3 } })).status).toBe(403);
    const admin = await buildPerson(t.database.db, { org, roles: ['admin'] });
    const changed = await call(t, 'PATCH', '/api/settings', { cookie: await t.cookieFor(admin), body: { maxFutureBookings: 3 } });
    expect(changed.status).toBe(200);
    expect(changed.body.maxFutureBookings).toBe(3);
    expect((await book(sessions[2]!.id, cookie)).status).toBe(201);
    const fourth = await book(sessions[3]!.id, cookie);
    expect(fourth.body).toMatchObject({ code: 'LIMIT_REACHED', limit: 3 });
    const held = await t.database.db.selectFrom('bookings').where('person_id', '=', person.id).where('status', '=', 'active').execute();
    expect(held).toHaveLength(3);
  });
});

describe('coaches taking seats', () => {
  it('refuses a seat in their own session (OWN_SESSION) and in one overlapping it (OVERLAPPING_BOOKING)', async () => {
    const org = await buildOrganisation(t.database.db);
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const own = await buildSession(t.database.db, { org, coach, startsAt: at(`${Y}-02-05T09:00:00Z`) });
    const overlapping = await buildSession(t.database.db, { org, startsAt: at(`${Y}-02-05T10:00:00Z`) });
    const later = await buildSession(t.database.db, { org, startsAt: at(`${Y}-02-05T10:30:00Z`) });
    const cookie = await t.cookieFor(coach);
    expect((await book(own.id, cookie)).body.code).toBe('OWN_SESSION');
    expect((await book(overlapping.id, cookie)).body.code).toBe('OVERLAPPING_BOOKING');
    expect((await book(later.id, cookie)).status).toBe(201);
  });
});

describe('POST /api/bookings/{id}/cancel', () => {
  it('gives the seat back and keeps the booking in the list as cancelled', async () => {
    const org = await buildOrganisation(t.database.db);
    const session = await buildSession(t.database.db, { org, startsAt: at(`${Y}-02-06T09:00:00Z`) });
    const { cookie } = await employeeOf(org);
    const booked = await book(session.id, cookie);
    expect(booked.body.session.seatsLeft).toBe(3);
    const res = await call(t, 'POST', `/api/bookings/${booked.body.id}/cancel`, { cookie });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: booked.body.id, status: 'cancelled', cancelReason: 'employee', session: { seatsLeft: 4, myBookingId: null } });
    expect((await call(t, 'GET', `/api/sessions/${session.id}`, { cookie })).body.seatsLeft).toBe(4);
    const mine = await call(t, 'GET', '/api/me/bookings?when=upcoming', { cookie });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: booked.body.id, status: 'cancelled', cancelledAt: expect.any(String) })]);

    const twice = await call(t, 'POST', `/api/bookings/${booked.body.id}/cancel`, { cookie });
    expect([twice.status, twice.body.code]).toEqual([409, 'BOOKING_NOT_ACTIVE']);
  });

  it("answers 404 for someone else's booking and leaves it active", async () => {
    const org = await buildOrganisation(t.database.db);
    const session = await buildSession(t.database.db, { org, startsAt: at(`${Y}-02-07T09:00:00Z`) });
    const theirs = await buildBooking(t.database.db, { session });
    const { cookie } = await employeeOf(org);
    expect((await call(t, 'POST', `/api/bookings/${theirs.id}/cancel`, { cookie })).status).toBe(404);
    expect((await bookingRow(theirs.id)).status).toBe('active');
  });

  it('refuses to cancel or move inside the cut-off (CANCELLATION_CUTOFF)', async () => {
    const org = await buildOrganisation(t.database.db);
    const module = await buildModule(t.database.db, { org });
    // An hour away by the product's own clock, inside the two hours' cut-off: this start follows the real time.
    const soon = await buildSession(t.database.db, { org, module, startsAt: new Date(Date.now() + 60 * MINUTE) });
    const later = await buildSession(t.database.db, { org, module, startsAt: at(`${Y}-02-08T09:00:00Z`) });
    const { person, cookie } = await employeeOf(org);
    const booking = await buildBooking(t.database.db, { session: soon, person });
    const cancel = await call(t, 'POST', `/api/bookings/${booking.id}/cancel`, { cookie });
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({ code: 'CANCELLATION_CUTOFF', cutoffMinutes: 120 });
    const move = await call(t, 'POST', `/api/bookings/${booking.id}/move`, { cookie, body: { sessionId: later.id } });
    expect([move.status, move.body.code]).toEqual([409, 'CANCELLATION_CUTOFF']);
    expect((await bookingRow(booking.id)).status).toBe('active');
    expect(await t.database.db.selectFrom('bookings').where('session_id', '=', later.id).execute()).toHaveLength(0);
  });
});

describe('POST /api/bookings/{id}/move', () => {
  it('moves to another session of the module in one step, even at the booking limit', async () => {
    const org = await buildOrganisation(t.database.db);
    const module = await buildModule(t.database.db, { org });
    const from = await buildSession(t.database.db, { org, module, startsAt: at(`${Y}-02-09T09:00:00Z`) });
    const to = await buildSession(t.database.db, { org, module, startsAt: at(`${Y}-02-16T09:00:00Z`) });
    const { person, cookie } = await employeeOf(org);
    await buildBooking(t.database.db, { session: await buildSession(t.database.db, { org, startsAt: at(`${Y}-02-10T09:00:00Z`) }), person });
    const old = await buildBooking(t.database.db, { session: from, person });
    const res = await call(t, 'POST', `/api/bookings/${old.id}/move`, { cookie, body: { sessionId: to.id } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'active', session: { id: to.id, seatsLeft: 3 } });
    expect(await bookingRow(old.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'moved', moved_to_booking_id: res.body.id });
    expect((await call(t, 'GET', `/api/sessions/${from.id}`, { cookie })).body.seatsLeft).toBe(4);
  });

  it.each([
    ['SESSION_FULL', 'a full session of the module'],
    ['MODULE_MISMATCH', 'a session of another module'],
  ])('refuses with %s a move to %s and changes nothing', async (code, target) => {
    const org = await buildOrganisation(t.database.db);
    const module = await buildModule(t.database.db, { org });
    const from = await buildSession(t.database.db, { org, module, startsAt: at(`${Y}-02-11T09:00:00Z`) });
    const to = code === 'SESSION_FULL'
      ? await buildSession(t.database.db, { org, module, capacity: 1, startsAt: at(`${Y}-02-18T09:00:00Z`) })
      : await buildSession(t.database.db, { org, startsAt: at(`${Y}-02-18T09:00:00Z`) });
    if (code === 'SESSION_FULL') await buildBooking(t.database.db, { session: to });
    const { person, cookie } = await employeeOf(org);
    const old = await buildBooking(t.database.db, { session: from, person });
    const res = await call(t, 'POST', `/api/bookings/${old.id}/move`, { cookie, body: { sessionId: to.id } });
    expect([res.status, res.body.code], target).toEqual([409, code]);
    expect(await bookingRow(old.id)).toMatchObject({ status: 'active', cancel_reason: null, moved_to_booking_id: null });
    const seats = await t.database.db.selectFrom('sessions').where('id', 'in', [from.id, to.id]).select(['id', 'seats_taken']).execute();
    expect(Object.fromEntries(seats.map((s) => [s.id, s.seats_taken]))).toEqual({ [from.id]: 1, [to.id]: code === 'SESSION_FULL' ? 1 : 0 });
  });
});

describe('GET /api/me/bookings', () => {
  it('lists upcoming bookings soonest first and past ones latest first', async () => {
    const org = await buildOrganisation(t.database.db, { max_future_bookings: 5 });
    const { person, cookie } = await employeeOf(org);
    const starts = [`${Y}-03-03T09:00:00Z`, `${Y}-03-01T09:00:00Z`, `${Y}-03-02T09:00:00Z`];
    const upcoming: string[] = [];
    for (const s of starts) upcoming.push((await buildBooking(t.database.db, { session: await buildSession(t.database.db, { org, startsAt: at(s) }), person })).id);
    const past: string[] = [];
    for (const daysAgo of [20, 10, 30]) {
      const session = await buildSession(t.database.db, { org, startsAt: hoursAfterPastMonday(-daysAgo * 24) });
      past.push((await buildBooking(t.database.db, { session, person })).id);
    }
    const soonestFirst = await call(t, 'GET', '/api/me/bookings?when=upcoming', { cookie });
    expect(ids(soonestFirst.body.items)).toEqual([upcoming[1], upcoming[2], upcoming[0]]);
    const latestFirst = await call(t, 'GET', '/api/me/bookings?when=past', { cookie });
    expect(ids(latestFirst.body.items)).toEqual([past[1], past[0], past[2]]);
    const byDefault = await call(t, 'GET', '/api/me/bookings', { cookie });
    expect(ids(byDefault.body.items)).toEqual(ids(soonestFirst.body.items));
  });
});

describe('PUT /api/bookings/{id}/attendance', () => {
  it('lets the coach record attendance once the session has begun, and nobody else', async () => {
    const org = await buildOrganisation(t.database.db);
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const coachCookie = await t.cookieFor(coach);
    // Begun half an hour ago and still running by the product's own clock: this start follows the real time.
    const running = await buildSession(t.database.db, { org, coach, startsAt: new Date(Date.now() - 30 * MINUTE) });
    const upcoming = await buildSession(t.database.db, { org, coach, startsAt: at(`${Y}-02-12T09:00:00Z`) });
    const { person, cookie } = await employeeOf(org);
    const came = await buildBooking(t.database.db, { session: running, person });
    const early = await buildBooking(t.database.db, { session: upcoming, person });

    const byEmployee = await call(t, 'PUT', `/api/bookings/${came.id}/attendance`, { cookie, body: { status: 'attended' } });
    expect(byEmployee.status).toBe(404);
    expect((await bookingRow(came.id)).status).toBe('active');
    const res = await call(t, 'PUT', `/api/bookings/${came.id}/attendance`, { cookie: coachCookie, body: { status: 'attended' } });
    expect(res.status).toBe(200);
    expect(await bookingRow(came.id)).toMatchObject({ status: 'attended', attendance_marked_by: coach.id });
    const tooEarly = await call(t, 'PUT', `/api/bookings/${early.id}/attendance`, { cookie: coachCookie, body: { status: 'no_show' } });
    expect([tooEarly.status, tooEarly.body.code]).toEqual([409, 'SESSION_NOT_STARTED']);
    expect((await bookingRow(early.id)).status).toBe('active');
  });
});
