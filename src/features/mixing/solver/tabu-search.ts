// The general method, for any N and R: tabu search over swaps of two people between groups of one
// round (Dotú & Van Hentenryck, "Scheduling social golfers locally", 2005). Only swaps that move a
// person in conflict are looked at (someone who meets a groupmate again, or one too many of their
// department); the best one is taken even when it makes things worse, and the two people stay put in
// that round for a few steps so the search cannot undo it at once. When nothing better has been
// found for a while, the search goes back to the best schedule and shakes it with random swaps.
import type { Random } from './seeded-random.ts';
import { REPEAT_WEIGHT, type Schedule } from './schedule.ts';

export interface SearchLimits {
  /** Stop at this time (performance.now() milliseconds)… */
  deadline: number;
  /** …or after this many steps, whichever comes first (a step count makes a run reproducible). */
  maxSteps: number;
  now: () => number;
  /** Called when the best schedule improves, and now and then while the search runs. */
  report: (repeats: number, excess: number) => void;
}

/** A move stays tabu for TENURE_MIN + a random part of TENURE_SPREAD steps (tuned on 28 × 9 and 32 × 10). */
const TENURE_MIN = 4;
const TENURE_SPREAD = 96;
/** Steps without a new best before the search returns to the best schedule and shakes it. */
const STALL_STEPS = 2_000;
/** Above these, a step looks at a sample rather than every person in conflict or every partner. */
const CONFLICTS_LOOKED_AT = 256;
const PARTNERS_LOOKED_AT = 384;

/** Improves `schedule` in place; on return it holds the best schedule found. Returns the steps taken. */
export function tabuSearch(schedule: Schedule, random: Random, limits: SearchLimits): number {
  const { people, rounds } = schedule.problem;
  let best = schedule.order.slice();
  let bestRepeats = schedule.repeats;
  let bestExcess = schedule.excess;
  // A swap just made is tabu (the same two people, the same round) for a while: keyed by round and pair.
  const tabuUntil = new Map<number, number>();
  const tabuKey = (r: number, p: number, q: number) => (r * people + Math.min(p, q)) * people + Math.max(p, q);
  const conflicts = new Int32Array(rounds * people);
  let stall = 0;
  let step = 0;
  for (; step < limits.maxSteps && !schedule.atGoal(); step++) {
    if ((step & 63) === 0) {
      if (limits.now() >= limits.deadline) break;
      if ((step & 1023) === 0) limits.report(bestRepeats, bestExcess);
    }
    let found = 0;
    for (let r = 0; r < rounds; r++) for (let p = 0; p < people; p++) if (schedule.inConflict(r, p)) conflicts[found++] = r * people + p;

    const bestCost = REPEAT_WEIGHT * bestRepeats + bestExcess;
    const cost = schedule.cost();
    let moveDelta = Infinity;
    let moveRound = -1;
    let moveP = -1;
    let moveQ = -1;
    let ties = 0;
    const lookAt = Math.min(found, CONFLICTS_LOOKED_AT);
    for (let i = 0; i < lookAt; i++) {
      const entry = found > CONFLICTS_LOOKED_AT ? conflicts[random.below(found)]! : conflicts[i]!;
      const r = Math.floor(entry / people);
      const p = entry - r * people;
      const group = schedule.groupOf(r, p);
      const partners = Math.min(people, PARTNERS_LOOKED_AT);
      for (let j = 0; j < partners; j++) {
        const q = people > PARTNERS_LOOKED_AT ? random.below(people) : j;
        if (schedule.groupOf(r, q) === group) continue;
        const delta = schedule.swapDelta(r, p, q);
        if (delta > moveDelta) continue;
        // Aspiration: a tabu move is allowed when it leads to a new best schedule.
        if (cost + delta >= bestCost && (tabuUntil.get(tabuKey(r, p, q)) ?? -1) > step) continue;
        if (delta < moveDelta) {
          moveDelta = delta;
          ties = 0;
        }
        if (random.below(++ties) === 0) [moveRound, moveP, moveQ] = [r, p, q];
      }
    }
    if (moveRound < 0) {
      stall = STALL_STEPS;
    } else {
      schedule.swap(moveRound, moveP, moveQ);
      tabuUntil.set(tabuKey(moveRound, moveP, moveQ), step + TENURE_MIN + random.below(TENURE_SPREAD));
    }
    if (schedule.repeats < bestRepeats || (schedule.repeats === bestRepeats && schedule.excess < bestExcess)) {
      best = schedule.order.slice();
      bestRepeats = schedule.repeats;
      bestExcess = schedule.excess;
      stall = 0;
      limits.report(bestRepeats, bestExcess);
    } else if (++stall >= STALL_STEPS) {
      schedule.setAll(best);
      shake(schedule, random);
      tabuUntil.clear();
      stall = 0;
    }
  }
  if (schedule.repeats > bestRepeats || (schedule.repeats === bestRepeats && schedule.excess > bestExcess)) schedule.setAll(best);
  return step;
}

/** A few random swaps in random rounds: enough to leave the best schedule's basin, not to lose it. */
function shake(schedule: Schedule, random: Random): void {
  const { people, rounds } = schedule.problem;
  const swaps = 2 + random.below(Math.max(2, rounds));
  for (let i = 0; i < swaps; i++) {
    const r = random.below(rounds);
    const p = random.below(people);
    const q = random.below(people);
    if (schedule.groupOf(r, p) !== schedule.groupOf(r, q)) schedule.swap(r, p, q);
  }
}
