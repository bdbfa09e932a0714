// The quarter's figures against a small history built by hand, at a fixed "now": what took place
// (sessions that ended, who came, who was marked absent) apart from what is only booked, how full
// the sessions held were, and how many departments and sites were reached. Exact values.
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../../../test/factories.ts';
import type { BookingStatus } from '../../db/schema.ts';
import { inOrg } from '../../db/transaction.ts';
import { dashboardFigures } from './service.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const DAY = 24;
// Tuesday 2 March of a year laid out like 2027: the quarter began on 1 January.
const NOW = hoursAfterReference(DAY);

async function organisation() {
  const org = await buildOrganisation(db);
  await db.updateTable('organisations').set({ default_time_zone: 'Europe/Berlin' }).where('id', '=', org.id).execute();
  const admin = await buildPerson(db, { org, roles: ['admin'] });
  const coach = await buildPerson(db, { org, roles: ['coach'] });
  const people = (count: number, department: string, site: string) =>
    Promise.all(Array.from({ length: count }, () => buildPerson(db, { org, department, site })));
  const session = async (hoursFromReference: number, capacity: number, seats: Array<[PersonRow, BookingStatus]>) => {
    const s = await buildSession(db, { org, coach, startsAt: hoursAfterReference(hoursFromReference), capacity });
    for (const [person, status] of seats) {
      const b = await buildBooking(db, { session: s, person });
      if (status !== 'active') {
        await db.updateTable('bookings').set(status === 'cancelled' ? { status, cancelled_at: NOW, cancel_reason: 'employee' } : { status }).where('id', '=', b.id).execute();
      }
    }
    return s;
  };
  const figures = () => inOrg(db, org.id, (tx) => dashboardFigures(tx, { orgId: org.id, personId: admin.id, roles: admin.roles, timeZone: 'Europe/Berlin', locale: 'en' }, { weeksBack: 2, weeksAhead: 2 }, NOW));
  return { org, people, session, figures };
}

const all = (people: PersonRow[], status: BookingStatus): Array<[PersonRow, BookingStatus]> => people.map((p) => [p, status]);

describe('the dashboard’s quarter', () => {
  it('counts who attended apart from who is booked, the fill, attendance and no-show rates and the reach', async () => {
    const o = await organisation();
    const engineering = await o.people(6, 'Engineering', 'Hamburg');
    const sales = await o.people(5, 'Sales', 'Lisbon');
    const legal = await o.people(5, 'Legal', 'Lisbon');
    // Too small a department and site to be counted in the reach, though one of them attended.
    const design = await o.people(2, 'Design', 'Paris');
    const left = await buildPerson(db, { org: o.org, active: false });

    // 1 February: six marked attended, one not marked (counts as came), one who has left since.
    await o.session(-28 * DAY, 10, [...all(engineering, 'attended'), [design[0]!, 'active'], [left, 'attended']]);
    // 8 February: all five marked absent; a seat given up is no seat.
    await o.session(-21 * DAY, 10, [...all(sales, 'no_show'), [legal[0]!, 'cancelled']]);
    // 10 December, last quarter: not counted.
    await o.session(-81 * DAY, 5, all(legal, 'attended'));
    // 15 February, cancelled: not held.
    const called = await o.session(-14 * DAY, 5, all(legal.slice(1), 'attended'));
    await db.updateTable('sessions').set({ status: 'cancelled', cancel_reason: 'ill' }).where('id', '=', called.id).execute();
    // 10 March, still to come: booked, not attended.
    await o.session(8 * DAY, 6, [...all(legal, 'active'), [engineering[0]!, 'active']]);

    const { quarter } = await o.figures();
    expect(quarter.start).toMatch(/-01-01$/);
    expect(quarter.employees).toBe(18);
    expect({ attended: quarter.attended, share: quarter.attendedShare }).toEqual({ attended: 7, share: 7 / 18 });
    expect({ booked: quarter.booked, share: quarter.bookedShare }).toEqual({ booked: 6, share: 6 / 18 });
    expect(quarter.held).toEqual({
      sessions: 2, seatsOffered: 20, seatsTaken: 13, fillRate: 13 / 20,
      attendances: 8, noShows: 5, attendanceRate: 8 / 13, noShowRate: 5 / 13,
    });
    expect(quarter.reach).toEqual({
      departments: { reached: 1, of: 3, share: 1 / 3 },
      sites: { reached: 1, of: 2, share: 1 / 2 },
    });
  });

  it('withholds who attended, the seats taken and the reach where fewer than five people are behind them', async () => {
    const o = await organisation();
    const team = await o.people(8, 'Engineering', 'Hamburg');
    await o.session(-28 * DAY, 10, all(team.slice(0, 3), 'attended'));

    const { quarter } = await o.figures();
    expect(quarter.employees).toBe(8);
    expect({ attended: quarter.attended, share: quarter.attendedShare }).toEqual({ attended: null, share: null });
    // Nobody booked is a figure about nobody: shown.
    expect({ booked: quarter.booked, share: quarter.bookedShare }).toEqual({ booked: 0, share: 0 });
    expect(quarter.held).toEqual({
      sessions: 1, seatsOffered: 10, seatsTaken: null, fillRate: null,
      attendances: null, noShows: null, attendanceRate: null, noShowRate: null,
    });
    expect(quarter.reach.departments).toEqual({ reached: null, of: 1, share: null });
  });

  it('shows the seats taken but withholds who came and who did not where two were marked absent', async () => {
    const o = await organisation();
    const team = await o.people(8, 'Engineering', 'Hamburg');
    await o.session(-28 * DAY, 8, [...all(team.slice(0, 6), 'attended'), ...all(team.slice(6), 'no_show')]);

    const { quarter } = await o.figures();
    expect(quarter.held).toEqual({
      sessions: 1, seatsOffered: 8, seatsTaken: 8, fillRate: 1,
      attendances: null, noShows: null, attendanceRate: null, noShowRate: null,
    });
    // Six of eight attended, two did not: the two would be given away.
    expect(quarter.attended).toBeNull();
  });
});
