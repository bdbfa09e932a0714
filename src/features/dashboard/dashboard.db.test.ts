// The dashboard's figures, against a program whose numbers are known.
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const HOUR = 3_600_000;

type Dashboard = {
  weeks: Array<{ weekStarting: string; sessions: number; seats: number; seatsTaken: number; bookings: number; cancellations: number }>;
  quarter: { employees: number; attended: number; booked: number; bookedShare: number };
};

describe('the dashboard', () => {
  it('counts sessions, seats, bookings and cancellations by week, and the share of employees taking part', async () => {
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin'] }); // not an employee: not counted
    // Five who keep their seat and five who give it up: each figure is about five people, so shown.
    const employees = await Promise.all(Array.from({ length: 10 }, () => buildPerson(db, { org })));
    const soon = await buildSession(db, { org, startsAt: new Date(Date.now() + 2 * HOUR), capacity: 10 });
    await buildSession(db, { org, startsAt: new Date(Date.now() + 2 * HOUR + 10 * 60_000) });
    for (const [i, person] of employees.entries()) {
      const booking = await buildBooking(db, { session: soon, person });
      if (i >= 5) await db.updateTable('bookings').set({ status: 'cancelled', cancelled_at: new Date(), cancel_reason: 'employee' }).where('id', '=', booking.id).execute();
    }

    const res = await t.request('GET', '/api/admin/dashboard?weeksBack=2&weeksAhead=1', { cookie: await t.cookieFor(admin) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Dashboard;
    expect(body.weeks).toHaveLength(4);
    const totals = body.weeks.reduce((a, w) => ({
      sessions: a.sessions + w.sessions, seats: a.seats + w.seats, seatsTaken: a.seatsTaken + w.seatsTaken,
      bookings: a.bookings + w.bookings, cancellations: a.cancellations + w.cancellations,
    }), { sessions: 0, seats: 0, seatsTaken: 0, bookings: 0, cancellations: 0 });
    expect(totals).toEqual({ sessions: 2, seats: 14, seatsTaken: 5, bookings: 10, cancellations: 5 });
    // The two sessions' coaches are employees too.
    expect(body.quarter.employees).toBe(12);
    // Nothing has taken place yet: the five are booked, not attended. The session two hours ahead
    // may fall in the next quarter on the last evening of one.
    expect(body.quarter.attended).toBe(0);
    expect([0, 5]).toContain(body.quarter.booked);
    expect(body.quarter.bookedShare).toBeCloseTo(body.quarter.booked / 12);
  });
});
