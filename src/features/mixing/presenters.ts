// What a viewer may learn about the people in a session from the mixing facts. The rule that keeps
// a hint from pointing at one person: it is given only where at least two others hold a seat, so it
// always speaks of a group the viewer cannot pick one person out of (docs/PRIVACY.md).
import type { MixingSetting } from '../../db/schema.ts';

export const HINT_MINIMUM_OTHERS = 2;

export interface MixFacts {
  /** Seats held by people other than the viewer. */
  others: number;
  /** Of those, people the viewer has met before (at any time) or shares another upcoming session with. */
  met: number;
}

/** True: every other person in the session would be a new colleague. Never true for 0 or 1 others. */
export function onlyNewColleagues(setting: MixingSetting, facts: MixFacts): boolean {
  return setting !== 'off' && facts.others >= HINT_MINIMUM_OTHERS && facts.met === 0;
}

/**
 * The order key of "best for meeting new colleagues", lowest first: sessions where two or more others
 * hold seats, all new to the viewer (0); then sessions with fewer others, the emptier first (1 + others),
 * placed by the count alone — the seats left, which every viewer sees — so their place says nothing
 * about who holds the seat; then sessions with someone the viewer knows. sessions/queries.ts orders by
 * the same key in SQL (listWithMix); the tests hold the two together.
 */
export function mixRank(facts: MixFacts): number {
  if (facts.others < HINT_MINIMUM_OTHERS) return 1 + facts.others;
  return facts.met > 0 ? HINT_MINIMUM_OTHERS + 1 : 0;
}
