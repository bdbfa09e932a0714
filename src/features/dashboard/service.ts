// The admin's dashboard: sessions, seats, bookings and cancellations per week, and the share of
// employees who took part this quarter. Under the privacy floor (lib/privacy-floor.ts): sessions and
// seats offered are about sessions and shown as they are; seats taken, bookings and cancellations
// are shown where five people or more (or nobody) are behind them; who took part this quarter is
// shown where both those who did and those who did not are five or more (or none), since the
// employees' total would give the smaller group away.
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { unlessWithheld, withholdSmallGroups } from '../../lib/privacy-floor.ts';
import { programSettings } from '../organisations/views.ts';
import { quarterFigures, weeklyFigures } from './queries.ts';

export async function dashboardFigures(tx: Tx, actor: Actor, input: { weeksBack: number; weeksAhead: number }) {
  requireRole(actor, 'admin');
  const { default_time_zone: timeZone } = await programSettings(tx, actor.orgId);
  const [weeks, quarter] = [
    await weeklyFigures(tx, actor.orgId, timeZone, input.weeksBack, input.weeksAhead),
    await quarterFigures(tx, actor.orgId, timeZone),
  ];
  return {
    timeZone,
    weeks: weeks.map((w) => ({
      weekStarting: w.week_start,
      sessions: w.sessions,
      seats: w.seats_offered,
      seatsTaken: unlessWithheld(w.seat_holders, w.seats_taken),
      bookings: unlessWithheld(w.bookers, w.bookings),
      cancellations: unlessWithheld(w.cancellers, w.cancellations),
    })),
    quarter: {
      start: quarter.quarter_start,
      employees: quarter.active_employees,
      ...participation(quarter.participants, quarter.active_employees),
    },
  };
}

function participation(tookPart: number, employees: number) {
  const [shown] = withholdSmallGroups([tookPart, employees - tookPart], (n) => n);
  return {
    tookPart: shown ? tookPart : null,
    share: !shown ? null : employees === 0 ? 0 : tookPart / employees,
  };
}
