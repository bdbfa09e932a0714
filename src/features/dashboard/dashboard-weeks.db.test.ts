// The dashboard's weeks are the organisation's weeks: each figure lands in the week it belongs to
// in the organisation's zone; cancelled sessions, moves and people who left are not counted.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const monday = (instant: DateTime) => instant.setZone('Europe/Berlin').startOf('week').toISODate();

describe('GET /api/admin/dashboard, week by week', () => {
  it('counts sessions, seats, bookings and cancellations per week, and this quarter’s participation, attended apart from booked', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    await db.updateTable('organisations').set({ default_time_zone: 'Europe/Berlin' }).where('id', '=', org.id).execute();
    const admin = await buildPerson(db, { org, roles: ['admin'] });
    const coach = await buildPerson(db, { org, roles: ['coach'] });
    // Groups of five, so that every figure about them is shown (the privacy floor).
    const five = () => Promise.all(Array.from({ length: 5 }, () => buildPerson(db, { org })));
    const [took, holding, gaveUp] = [await five(), await five(), await five()];
    await buildPerson(db, { org, active: false });

    const now = DateTime.now();
    const begun = now.minus({ hours: 2 });
    const nextWeek = now.setZone('Europe/Berlin').plus({ weeks: 1 }).startOf('week').plus({ days: 2, hours: 10 });
    const past = await buildSession(db, { org, coach, startsAt: begun.toJSDate(), capacity: 5 });
    const coming = await buildSession(db, { org, coach, startsAt: nextWeek.toJSDate(), capacity: 10 });
    const called = await buildSession(db, { org, coach, startsAt: nextWeek.plus({ hours: 3 }).toJSDate() });
    await db.updateTable('sessions').set({ status: 'cancelled', cancel_reason: 'ill' }).where('id', '=', called.id).execute();
    for (const person of took) await buildBooking(db, { session: past, person });
    for (const person of holding) await buildBooking(db, { session: coming, person });
    for (const person of gaveUp) {
      const givenUp = await buildBooking(db, { session: coming, person });
      await db.updateTable('bookings').set({ status: 'cancelled', cancelled_at: new Date(), cancel_reason: 'employee' }).where('id', '=', givenUp.id).execute();
    }

    const res = await call(t, 'GET', '/api/admin/dashboard?weeksBack=2&weeksAhead=2', { cookie: await t.cookieFor(admin) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.timeZone).toBe('Europe/Berlin');
    expect(res.body.weeks).toHaveLength(5);
    const week = (day: string | null) => res.body.weeks.find((w: { weekStarting: string }) => w.weekStarting === day);
    expect(week(monday(begun))).toMatchObject({ sessions: 1, seats: 5, seatsTaken: 5 });
    expect(week(monday(nextWeek))).toMatchObject({ sessions: 1, seats: 10, seatsTaken: 5 });
    expect(week(monday(now))).toMatchObject({ bookings: 15, cancellations: 5 });
    const quarterStart = now.setZone('Europe/Berlin').startOf('quarter');
    // The first five took part this quarter (their session ended half an hour ago) unless it began
    // in the last two hours; the second five hold a seat next week, unless that is next quarter already.
    const attended = begun >= quarterStart ? 5 : 0;
    const booked = nextWeek < quarterStart.plus({ months: 3 }) ? 5 : 0;
    expect(res.body.quarter).toMatchObject({ start: quarterStart.toISODate(), employees: 15, attended, attendedShare: attended / 15, booked, bookedShare: booked / 15 });
  });

  it('is for admins only', async () => {
    const employee = await buildPerson(t.database.db);
    expect((await call(t, 'GET', '/api/admin/dashboard', { cookie: await t.cookieFor(employee) })).status).toBe(403);
  });
});
