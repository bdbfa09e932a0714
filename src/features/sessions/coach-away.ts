// A coach's days away (features/absences) hold on every path that gives them a session: publishing,
// moving and reassigning, through the API, the CLI, series, cohorts and the planner alike.
import { DateTime } from 'luxon';
import type { Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { RuleError } from '../../lib/errors.ts';
import { absenceMeeting } from './queries.ts';

export async function assertCoachNotAway(tx: Tx, actor: Actor, coachId: string, startsAt: Date, endsAt: Date): Promise<void> {
  const absence = await absenceMeeting(tx, actor.orgId, coachId, startsAt, endsAt);
  if (!absence) return;
  // The day as the absence was stored: its instants were made in the coach's profile zone.
  const from = startsAt > absence.starts_at ? startsAt : absence.starts_at;
  const day = DateTime.fromJSDate(from, { zone: absence.time_zone }).toISODate()!;
  const details = { day, firstDay: absence.first_day, lastDay: absence.last_day };
  const range = absence.first_day === absence.last_day ? absence.first_day : `${absence.first_day} to ${absence.last_day}`;
  if (coachId === actor.personId) {
    throw new RuleError('COACH_AWAY', `You reported ${day} as a day away (${range}); remove that absence first if you want to coach then.`, details);
  }
  throw new RuleError('COACH_AWAY', `The coach is away on ${day} (days away reported: ${range}); choose another day or another coach.`, details);
}
