// The first schedule, one round at a time, fast enough for 100,000 people: deal each department's
// people round the groups in turn (which meets every department's bound), then repair the pairs that
// met before by swapping one of them with someone of the same department elsewhere in the round
// (a same-department swap cannot break the bound). For many people and few rounds this alone reaches
// no repeats; for small, dense instances it is the tabu search's starting point.
import type { Random } from './seeded-random.ts';
import { shuffle } from './seeded-random.ts';
import type { Schedule } from './schedule.ts';

/** Candidates tried for one person in conflict before the repair moves on to the next. */
const TRIES = 48;
const PASSES = 6;

export function dealRemainingRounds(schedule: Schedule, random: Random, onRound: (round: number) => void): void {
  while (schedule.placed < schedule.problem.rounds) {
    schedule.placeRound(dealtRound(schedule, random));
    repairRound(schedule, schedule.placed - 1, random);
    onRound(schedule.placed - 1);
  }
}

/** People in slot order: the k-th person of the dealt list goes to group k mod G. */
function dealtRound(schedule: Schedule, random: Random): Int32Array {
  const { people, starts, departmentMembers, department } = schedule.problem;
  const groups = starts.length - 1;
  const dealt = new Int32Array(people);
  if (department) {
    // Departments in a random order, each a contiguous run of the list: a run of s people dealt round
    // G groups puts at most ceil(s / G) of them in any group.
    const order = Int32Array.from(departmentMembers.keys());
    shuffle(order, random);
    let at = 0;
    for (const d of order) {
      const members = departmentMembers[d]!;
      dealt.set(members, at);
      shuffle(dealt.subarray(at, at + members.length), random);
      at += members.length;
    }
  } else {
    for (let p = 0; p < people; p++) dealt[p] = p;
    shuffle(dealt, random);
  }
  const slots = new Int32Array(people);
  for (let k = 0; k < people; k++) slots[starts[k % groups]! + Math.floor(k / groups)] = dealt[k]!;
  return slots;
}

function repairRound(schedule: Schedule, round: number, random: Random): void {
  const { people, departmentMembers, department } = schedule.problem;
  let waiting: number[] = [];
  for (let p = 0; p < people; p++) if (schedule.inConflict(round, p)) waiting.push(p);
  for (let pass = 0; pass < PASSES && waiting.length > 0; pass++) {
    const still: number[] = [];
    for (const p of waiting) {
      if (!schedule.inConflict(round, p)) continue;
      const own = department ? departmentMembers[department[p]!]! : null;
      let repaired = false;
      for (let t = 0; t < TRIES && !repaired; t++) {
        // Mostly the same department (the mix stays as dealt); now and then anyone, for departments too
        // small to offer a partner.
        const q = own && t % 4 !== 3 ? own[random.below(own.length)]! : random.below(people);
        if (schedule.groupOf(round, q) === schedule.groupOf(round, p)) continue;
        if (schedule.swapDelta(round, p, q) < 0) {
          schedule.swap(round, p, q);
          repaired = true;
        }
      }
      if (!repaired) still.push(p);
    }
    waiting = still;
  }
}
