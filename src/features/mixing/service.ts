// The avoid-repeats rule: a sign-up (or a move) that would put a person again with someone they met
// within the organisation's last N months is refused — but only while another session of the same
// module in the next weeks would give them only new colleagues, so the rule never strands anyone.
// Those other sessions are judged as the list's order judges them: an empty one counts, one with a
// single other booking never does (whoever holds it: the count must not say who that person is),
// and one with two or more counts where nobody in it was met.
// Checked after the seat is taken: the insert holds the session's row lock, so two people who met
// cannot both slip into one group by signing up at the same moment.
import { DateTime } from 'luxon';
import type { Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { RuleError } from '../../lib/errors.ts';
import { programSettings } from '../organisations/views.ts';
import { HINT_MINIMUM_OTHERS } from './presenters.ts';
import { alternativesWithoutRepeat, isCohortSession, recentlyMetIn } from './queries.ts';

const WEEK = 7 * 24 * 3_600_000;

export async function assertNoAvoidableRepeat(tx: Tx, actor: Actor, sessionId: string, now: Date, leavingSessionId: string | null = null) {
  const settings = await programSettings(tx, actor.orgId);
  if (settings.mixing !== 'avoid_repeats') return;
  const since = DateTime.fromJSDate(now, { zone: 'utc' }).minus({ months: settings.mixing_repeat_months }).toJSDate();
  const leaving = [sessionId, ...(leavingSessionId ? [leavingSessionId] : [])];
  if ((await recentlyMetIn(tx, actor.orgId, actor.personId, sessionId, since, leaving)) === 0) return;
  // A cohort's group was chosen for its members (the solver counts earlier encounters): a member
  // taking their own seat back is not refused for whom the group holds. Nobody else reaches here.
  if (await isCohortSession(tx, actor.orgId, sessionId)) return;
  const alternatives = await alternativesWithoutRepeat(tx, actor.orgId, {
    sessionId, personId: actor.personId, now, until: new Date(now.getTime() + settings.mixing_slack_weeks * WEEK), since, leaving,
    minimumOthers: HINT_MINIMUM_OTHERS,
  });
  if (alternatives === 0) return;
  throw new RuleError(
    'REPEAT_ENCOUNTER',
    `You met someone in this group within the last ${counted(settings.mixing_repeat_months, 'month')}. ` +
      `${counted(alternatives, 'other session')} of this module in the next ${counted(settings.mixing_slack_weeks, 'week')} ${alternatives === 1 ? 'has' : 'have'} a free seat and, ` +
      'as far as the list shows, only new colleagues (a session with one other booking is not counted, whoever that is).',
    { alternatives, months: settings.mixing_repeat_months, weeks: settings.mixing_slack_weeks },
  );
}

/**
 * Whether some cohort's group holds the session. Such a seat is open only to the members its schedule
 * names there, and was placed for them: a member taking theirs back is held neither to the avoid-repeats
 * rule (above) nor to the limit of upcoming bookings (bookings), which is for seats people choose.
 */
export function isCohortGroupSession(tx: Tx, orgId: string, sessionId: string): Promise<boolean> {
  return isCohortSession(tx, orgId, sessionId);
}

/** "1 month", "6 months": the settings may be 1. */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
