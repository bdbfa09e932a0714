// What a viewer may learn about the people in a session from the mixing facts. The rule that keeps
// a hint from pointing at one person: it is given only where at least two others hold a seat, so it
// always speaks of a group the viewer cannot pick one person out of (docs/PRIVACY.md).
import type { MixingSetting } from '../../db/schema.ts';

export const HINT_MINIMUM_OTHERS = 2;

export interface MixFacts {
  /** Seats held by people other than the viewer. */
  others: number;
  /** Of those, people the viewer has met before (at any time). */
  met: number;
}

/** True: every other person in the session would be a new colleague. Never true for 0 or 1 others. */
export function onlyNewColleagues(setting: MixingSetting, facts: MixFacts): boolean {
  return setting !== 'off' && facts.others >= HINT_MINIMUM_OTHERS && facts.met === 0;
}

/** The order key of "best for meeting new colleagues": 0 sorts first. Sessions with fewer than two
 *  others rank as if all were new, whoever holds their seat, so their place in the list says nothing. */
export function mixRank(facts: MixFacts): 0 | 1 {
  return facts.others >= HINT_MINIMUM_OTHERS && facts.met > 0 ? 1 : 0;
}
