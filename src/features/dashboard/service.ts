// The admin's dashboard: sessions, seats, bookings and cancellations per week; for this quarter,
// who took part (sessions that ended) apart from who holds a seat still to come, how full the
// sessions held were, how many came, and how many departments and sites were reached.
// Under the privacy floor (lib/privacy-floor.ts): sessions and seats offered are about sessions and
// shown as they are; seats taken, bookings and cancellations are shown where five people or more
// (or nobody) are behind them. A count published beside its total (attended of employees, came
// beside no-shows of the seats taken) is shown only where both sides are five or more (or none),
// since the total would give the smaller side away. The quarter's seats taken in sessions held is
// the sum of its weeks' seats taken (the days of this quarter in the week it began in, and the
// sessions of this week that have ended, being parts of weeks shown whole): where it is shown, the
// weeks withheld must together be about nobody or five people or more, so the smallest shown weeks
// of the quarter are withheld as well until they are (complementary suppression). Decided over the
// whole quarter, whatever weeks were asked for, so every window shows a week alike.
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { mayShow, unlessWithheld, withholdSmallGroups } from '../../lib/privacy-floor.ts';
import { programSettings } from '../organisations/views.ts';
import { heldFigures, heldSeatHoldersByWeek, quarterFigures, reachFigures, weeklyFigures, type HeldRow, type HeldWeekRow, type ReachRow } from './queries.ts';

export async function dashboardFigures(tx: Tx, actor: Actor, input: { weeksBack: number; weeksAhead: number }, now = new Date()) {
  requireRole(actor, 'admin');
  const { default_time_zone: timeZone } = await programSettings(tx, actor.orgId);
  const weeks = await weeklyFigures(tx, actor.orgId, timeZone, input.weeksBack, input.weeksAhead, now);
  const quarter = await quarterFigures(tx, actor.orgId, timeZone, now);
  const held = await heldFigures(tx, actor.orgId, timeZone, now);
  const reach = await reachFigures(tx, actor.orgId, timeZone, now);
  const besideQuarter = weeksWithheldBesideQuarter(await heldSeatHoldersByWeek(tx, actor.orgId, timeZone, now), held);
  const attended = partOf(quarter.attended, quarter.active_employees);
  const booked = partOf(quarter.booked, quarter.active_employees);
  return {
    timeZone,
    weeks: weeks.map((w) => ({
      weekStarting: w.week_start,
      sessions: w.sessions,
      seats: w.seats_offered,
      seatsTaken: besideQuarter.has(w.week_start) ? null : unlessWithheld(w.seat_holders, w.seats_taken),
      bookings: unlessWithheld(w.bookers, w.bookings),
      cancellations: unlessWithheld(w.cancellers, w.cancellations),
    })),
    quarter: {
      start: quarter.quarter_start,
      employees: quarter.active_employees,
      attended: attended.count,
      attendedShare: attended.share,
      booked: booked.count,
      bookedShare: booked.share,
      held: heldPresented(held),
      reach: {
        departments: reachOf(reach.filter((r) => r.kind === 'department'), attended.count !== null),
        sites: reachOf(reach.filter((r) => r.kind === 'site'), attended.count !== null),
      },
    },
  };
}

const ratio = (part: number | null, whole: number) => (part === null || whole === 0 ? null : part / whole);

/** A count of people out of a published total: shown where those in and those out may both be. */
function partOf(count: number, total: number) {
  const [shown] = withholdSmallGroups([count, total - count], (n) => n);
  return { count: shown ? count : null, share: !shown ? null : total === 0 ? 0 : count / total };
}

function heldPresented(h: HeldRow) {
  const seatsTaken = unlessWithheld(h.seat_holders, h.seats_taken);
  // Came and no-show seats add up to the seats taken, so both go where either would be small.
  const [cameShown, noShowsShown] = withholdSmallGroups([h.came_people, h.no_show_people], (n) => n);
  const shown = seatsTaken !== null && cameShown && noShowsShown;
  const attendances = shown ? h.came : null;
  const noShows = shown ? h.no_shows : null;
  return {
    sessions: h.sessions,
    seatsOffered: h.seats_offered,
    seatsTaken,
    fillRate: ratio(seatsTaken, h.seats_offered),
    attendances,
    noShows,
    attendanceRate: ratio(attendances, h.seats_taken),
    noShowRate: ratio(noShows, h.seats_taken),
  };
}

/**
 * The weeks whose seats taken are withheld so that the quarter's seats taken minus the weeks shown
 * is no small group. A week is counted by its part in the quarter's held sessions alone (the worst
 * case: a reader who knows the rest of its week), so a week whose part is small goes even where its
 * whole week would be shown.
 */
function weeksWithheldBesideQuarter(weeks: HeldWeekRow[], held: HeldRow): Set<string> {
  if (!mayShow(held.seat_holders)) return new Set();
  const shown = withholdSmallGroups(weeks, (w) => new Set(w.holders));
  return new Set(weeks.filter((_, i) => !shown[i]).map((w) => w.week_start));
}

function reachOf(groups: ReachRow[], attendedShown: boolean) {
  const reached = attendedShown ? groups.filter((g) => g.reached).length : null;
  return { reached, of: groups.length, share: ratio(reached, groups.length) };
}
