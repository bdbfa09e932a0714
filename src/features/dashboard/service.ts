// The admin's dashboard: sessions, seats, bookings and cancellations per week, and the share of
// employees who took part this quarter.
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
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
      seatsTaken: w.seats_taken,
      bookings: w.bookings,
      cancellations: w.cancellations,
    })),
    quarter: {
      start: quarter.quarter_start,
      employees: quarter.active_employees,
      tookPart: quarter.participants,
      share: quarter.active_employees === 0 ? 0 : quarter.participants / quarter.active_employees,
    },
  };
}
