// The personal calendar feed and a booking's calendar file, read back with an independent parser.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { hoursAfterReference, PAST_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
// Calendar files keep whole seconds, as sessions start on the minute (the reference is on one).
const inHours = hoursAfterReference;

function events(ics: string) {
  return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
}

describe('the personal calendar feed', () => {
  it('lists the seats held and the sessions coached, only with the secret address, and a reset ends the old address', async () => {
    const org = await buildOrganisation(db);
    const me = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const cookie = await t.cookieFor(me);
    const booked = await buildSession(db, { org, startsAt: inHours(30) });
    const booking = await buildBooking(db, { session: booked, person: me });
    const coached = await buildSession(db, { org, coach: me, startsAt: inHours(60) });
    const cancelledSeat = await buildSession(db, { org, startsAt: inHours(90) });
    await buildBooking(db, { session: cancelledSeat, person: me });
    await db.updateTable('bookings').set({ status: 'cancelled', cancelled_at: PAST_MONDAY, cancel_reason: 'employee' })
      .where('session_id', '=', cancelledSeat.id).execute();
    const someoneElses = await buildSession(db, { org, startsAt: inHours(40) });
    await buildBooking(db, { session: someoneElses });

    expect(await (await t.request('GET', '/api/me/calendar-feed', { cookie })).json()).toEqual({ active: false });
    const first = await (await t.request('POST', '/api/me/calendar-feed', { cookie })).json() as { url: string; webcalUrl: string };
    expect(first.webcalUrl).toMatch(/^webcal:\/\/quartet\.test\/calendar\/[\w-]+\.ics$/);
    expect(await (await t.request('GET', '/api/me/calendar-feed', { cookie })).json()).toEqual({ active: true });

    const feedPath = new URL(first.url).pathname;
    const res = await t.request('GET', feedPath);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const listed = events(await res.text());
    expect(listed.map((e) => e.startDate.toJSDate().getTime()).sort()).toEqual([booked.starts_at.getTime(), coached.starts_at.getTime()]);
    const seat = listed.find((e) => e.startDate.toJSDate().getTime() === booked.starts_at.getTime())!;
    const stored = await db.selectFrom('bookings').where('id', '=', booking.id).select('calendar_uid').executeTakeFirstOrThrow();
    expect(seat.uid).toBe(stored.calendar_uid);

    const second = await (await t.request('POST', '/api/me/calendar-feed', { cookie })).json() as { url: string };
    expect(second.url).not.toBe(first.url);
    expect((await t.request('GET', feedPath)).status).toBe(404);
    expect((await t.request('GET', new URL(second.url).pathname)).status).toBe(200);

    expect((await t.request('DELETE', '/api/me/calendar-feed', { cookie })).status).toBe(204);
    expect((await t.request('GET', new URL(second.url).pathname)).status).toBe(404);
  });

  it('answers 404 to an address nobody holds, and refuses malformed ones without a 5xx', async () => {
    expect((await t.request('GET', '/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).status).toBe(404);
    expect((await t.request('GET', '/calendar/..%2F..%2Fetc.ics')).status).toBe(400);
  });
});

describe("a booking's calendar file", () => {
  it('is the holder’s own, with the booking’s UID; another person gets 404', async () => {
    const org = await buildOrganisation(db);
    const me = await buildPerson(db, { org });
    const session = await buildSession(db, { org, startsAt: inHours(26) });
    const booking = await buildBooking(db, { session, person: me });
    const res = await t.request('GET', `/api/bookings/${booking.id}/calendar.ics`, { cookie: await t.cookieFor(me) });
    expect(res.status).toBe(200);
    const [event] = events(await res.text());
    const stored = await db.selectFrom('bookings').where('id', '=', booking.id).select('calendar_uid').executeTakeFirstOrThrow();
    expect(event!.uid).toBe(stored.calendar_uid);
    expect(event!.startDate.toJSDate().getTime()).toBe(session.starts_at.getTime());
    const other = await buildPerson(db, { org });
    expect((await t.request('GET', `/api/bookings/${booking.id}/calendar.ics`, { cookie: await t.cookieFor(other) })).status).toBe(404);
  });

  it('carries the invitations’ sequence, and withdraws the entry once the seat is given up', async () => {
    const org = await buildOrganisation(db);
    const me = await buildPerson(db, { org });
    const cookie = await t.cookieFor(me);
    const session = await buildSession(db, { org, startsAt: inHours(50) });
    const booking = await buildBooking(db, { session, person: me });
    // Two changes of the session have raised it; the invitations mailed carried SEQUENCE:2.
    await db.updateTable('bookings').set({ calendar_sequence: 2 }).where('id', '=', booking.id).execute();
    const file = async () => {
      const [event] = events(await (await t.request('GET', `/api/bookings/${booking.id}/calendar.ics`, { cookie })).text());
      return { sequence: event!.sequence, status: event!.component.getFirstPropertyValue('status') };
    };
    expect(await file()).toEqual({ sequence: 2, status: null });

    await db.updateTable('bookings').set({ status: 'cancelled', cancelled_at: PAST_MONDAY, cancel_reason: 'employee', calendar_sequence: 3 })
      .where('id', '=', booking.id).execute();
    expect(await file()).toEqual({ sequence: 3, status: 'CANCELLED' });
  });
});
