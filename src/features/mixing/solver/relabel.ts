// A construction fixes who meets whom up to the names: any renumbering of the people keeps a
// schedule free of repeats. When departments or earlier encounters are given, this search picks the
// renumbering — swapping two people in every round at once — that meets the department bounds and
// keeps pairs who met before apart, never touching the schedule's own structure.
import { performance } from 'node:perf_hooks';
import type { Random } from './seeded-random.ts';
import type { Schedule } from './schedule.ts';

const CHECK_CLOCK_EVERY = 256;

/** Hill-climbing with sideways moves over renumberings, until nothing is left to fix or the deadline. */
export function relabelSearch(schedule: Schedule, random: Random, deadline: number): void {
  const { people, rounds } = schedule.problem;
  for (let step = 0; !schedule.atGoal(); step++) {
    if (step % CHECK_CLOCK_EVERY === 0 && performance.now() >= deadline) return;
    const p = random.below(people);
    const q = random.below(people);
    if (p === q) continue;
    const before = [schedule.repeats, schedule.excess] as const;
    for (let r = 0; r < rounds; r++) if (schedule.groupOf(r, p) !== schedule.groupOf(r, q)) schedule.swap(r, p, q);
    const worse = schedule.repeats > before[0] || (schedule.repeats === before[0] && schedule.excess > before[1]);
    if (worse) for (let r = 0; r < rounds; r++) if (schedule.groupOf(r, p) !== schedule.groupOf(r, q)) schedule.swap(r, p, q);
  }
}
