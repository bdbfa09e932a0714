// The quarter's figures against a small history built by hand, at a fixed "now": what took place
// (sessions that ended, who came, who was marked absent) apart from what is only booked, how full
// the sessions held were, and how many departments and sites were reached. Exact values.
import { DateTime } from 'luxon';
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
  const figures = (weeksBack = 2) => inOrg(db, org.id, (tx) => dashboardFigures(tx, { orgId: org.id, personId: admin.id, roles: admin.roles, timeZone: 'Europe/Berlin', locale: 'en' }, { weeksBack, weeksAhead: 2 }, NOW));
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

  it('counts a department or site as reached only where five or more of its people came', async () => {
    const o = await organisation();
    const engineering = await o.people(10, 'Engineering', 'Hamburg');
    const sales = await o.people(10, 'Sales', 'Lisbon');
    await o.session(-28 * DAY, 10, [...all(engineering.slice(0, 5), 'attended'), ...all(sales.slice(0, 4), 'attended')]);

    const { quarter } = await o.figures();
    expect(quarter.attended).toBe(9);
    // Sales, four of whom came, would otherwise be "reached": that someone of Sales came.
    expect(quarter.reach).toEqual({
      departments: { reached: 1, of: 2, share: 1 / 2 },
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

  // The quarter's seats taken in sessions held are the sum of its weeks' seats taken: with one week
  // withheld and the others shown, the withheld one is the quarter's figure minus the shown weeks.
  const quarterWeeks = (f: { weeks: Array<{ weekStarting: string; seatsTaken: number | null }>; quarter: { start: string } }) => {
    const [first, now] = [DateTime.fromISO(f.quarter.start).startOf('week').toISODate()!, DateTime.fromJSDate(NOW, { zone: 'Europe/Berlin' }).startOf('week').toISODate()!];
    return f.weeks.filter((w) => w.weekStarting >= first && w.weekStarting <= now);
  };

  it('withholds a second week where the quarter’s seats taken minus the shown weeks would give away a small one', async () => {
    const o = await organisation();
    const team = await o.people(9, 'Engineering', 'Hamburg');
    // 1 February: six people; 8 February: three.
    await o.session(-28 * DAY, 10, all(team.slice(0, 6), 'attended'));
    await o.session(-21 * DAY, 10, all(team.slice(6), 'attended'));

    const f = await o.figures(12);
    const { weeks, quarter } = f;
    const week = (day: string) => weeks.find((w) => w.weekStarting.endsWith(day))!;
    expect(quarter.held.seatsTaken).toBe(9);
    expect(week('-02-08').seatsTaken).toBeNull();
    // 9 − 6 would be the three of 8 February: the week of 1 February goes too. What the quarter's
    // figure minus the weeks shown leaves is then about nine people.
    expect(week('-02-01').seatsTaken).toBeNull();
    const shown = quarterWeeks(f).reduce((n, w) => n + (w.seatsTaken ?? 0), 0);
    expect(quarter.held.seatsTaken! - shown).toBe(9);
  });

  it('withholds the week the quarter began in where only its days of this quarter would be small', async () => {
    const o = await organisation();
    const team = await o.people(13, 'Engineering', 'Hamburg');
    // Thursday 31 December, last quarter: four people; Friday 1 January, this quarter: three, in
    // the same week (seven seats, shown alone); 1 February: six.
    await o.session(-60 * DAY, 10, all(team.slice(0, 4), 'attended'));
    await o.session(-59 * DAY, 10, all(team.slice(4, 7), 'attended'));
    await o.session(-28 * DAY, 10, all(team.slice(7), 'attended'));

    const f = await o.figures(12);
    const quarter = f.quarter;
    expect(quarter.held.seatsTaken).toBe(9);
    // 9 − 6 would be the three of 1 January, were the week of 1 February shown.
    const shown = quarterWeeks(f).filter((w) => !w.weekStarting.endsWith('-12-28')).reduce((n, w) => n + (w.seatsTaken ?? 0), 0);
    expect(quarter.held.seatsTaken! - shown).toBe(9);
    // The week of 28 December goes with them: seven seats, but its part in this quarter is three people's.
    expect(f.weeks.find((w) => w.weekStarting.endsWith('-12-28'))!.seatsTaken).toBeNull();
  });
});

