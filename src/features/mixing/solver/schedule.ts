// The schedule the solver works on: R rounds over the same groups, stored flat (round r's slots
// r·N … r·N+N−1, the groups' slots consecutive), with the pair counts and both costs kept up to date
// on every swap. Costs: repeats (a pair meeting k times counts k−1, a pair that had met before counts
// once more for each meeting) and department excess (people of one department in a group beyond the
// department's bound, summed over groups and rounds).
import { departmentBounds, repeatsLowerBound } from './layout.ts';
import { pairCountsFor, type PairCounts } from './pair-counts.ts';

/**
 * Search weight of one repeat against one person of department excess. A swap moves the excess of
 * two groups by at most 4 either way, so any two moves differ by at most 8 in excess: with a weight
 * above 8 the search never trades a repeat for mixing (repeats come first), and among moves with
 * the same repeats it prefers the better mix.
 */
export const REPEAT_WEIGHT = 9;

export interface Problem {
  people: number;
  rounds: number;
  sizes: Int32Array;
  /** starts[g] is the first slot of group g in a round; starts[G] = N. */
  starts: Int32Array;
  groupOfSlot: Int32Array;
  /** Department index 0…D−1 per person, or null when departments are not given. */
  department: Int32Array | null;
  departmentMembers: Int32Array[];
  /** Per department: the most people of it one group should hold (layout.ts departmentBounds). */
  bound: Int32Array;
  /** Pairs met before the schedule, flat: a0, b0, a1, b1, … */
  metBefore: Int32Array;
  /** No schedule has fewer repeats (layout.ts repeatsLowerBound): the search stops on reaching it. */
  repeatsBound: number;
}

export function problemOf(people: number, rounds: number, sizes: number[], department: Int32Array | null, metBefore: Int32Array): Problem {
  const starts = new Int32Array(sizes.length + 1);
  const groupOfSlot = new Int32Array(people);
  sizes.forEach((size, g) => {
    starts[g + 1] = starts[g]! + size;
    groupOfSlot.fill(g, starts[g], starts[g + 1]);
  });
  let departments = 0;
  if (department) for (const d of department) departments = Math.max(departments, d + 1);
  const membersCount = new Int32Array(departments);
  if (department) for (const d of department) membersCount[d]!++;
  const departmentMembers = Array.from(membersCount, (n) => new Int32Array(n));
  if (department) {
    const filled = new Int32Array(departments);
    department.forEach((d, p) => (departmentMembers[d]![filled[d]!++] = p));
  }
  return {
    people, rounds, sizes: Int32Array.from(sizes), starts, groupOfSlot, department, departmentMembers,
    bound: departmentBounds(membersCount, sizes.length), metBefore, repeatsBound: repeatsLowerBound(people, rounds, sizes, metBefore),
  };
}

export class Schedule {
  readonly problem: Problem;
  readonly order: Int32Array;
  readonly slotOf: Int32Array;
  counts: PairCounts;
  repeats = 0;
  excess = 0;
  /** Rounds 0…placed−1 hold people and count; later rounds are still empty. */
  placed = 0;

  constructor(problem: Problem) {
    this.problem = problem;
    this.order = new Int32Array(problem.rounds * problem.people);
    this.slotOf = new Int32Array(problem.rounds * problem.people);
    this.counts = freshCounts(problem);
  }

  /** Whether nothing is left to improve: repeats at their lower bound, every department bound met. */
  atGoal(): boolean {
    return this.repeats <= this.problem.repeatsBound && this.excess === 0;
  }

  /** The weighted cost the search minimises. */
  cost(): number {
    return REPEAT_WEIGHT * this.repeats + this.excess;
  }

  /** Sets the next round's people (slot order) and counts its meetings. */
  placeRound(people: ArrayLike<number>): void {
    const r = this.placed++;
    const n = this.problem.people;
    for (let s = 0; s < n; s++) {
      this.order[r * n + s] = people[s]!;
      this.slotOf[r * n + people[s]!] = s;
    }
    this.countRound(r, 1);
  }

  /** Replaces every round at once (a construction's schedule, or the best one found so far). */
  setAll(order: Int32Array): void {
    this.counts = freshCounts(this.problem);
    this.repeats = 0;
    this.excess = 0;
    this.placed = 0;
    const n = this.problem.people;
    for (let r = 0; r < this.problem.rounds; r++) this.placeRound(order.subarray(r * n, r * n + n));
  }

  groupOf(round: number, person: number): number {
    return this.problem.groupOfSlot[this.slotOf[round * this.problem.people + person]!]!;
  }

  /** The change of cost if p and q (in different groups of `round`) traded places. */
  swapDelta(round: number, p: number, q: number): number {
    const { starts, department, bound } = this.problem;
    const base = round * this.problem.people;
    const a = this.groupOf(round, p);
    const b = this.groupOf(round, q);
    let repeats = 0;
    for (let s = starts[a]!; s < starts[a + 1]!; s++) {
      const x = this.order[base + s]!;
      if (x === p) continue;
      if (this.counts.count(p, x) >= 2) repeats--;
      if (this.counts.count(q, x) >= 1) repeats++;
    }
    for (let s = starts[b]!; s < starts[b + 1]!; s++) {
      const x = this.order[base + s]!;
      if (x === q) continue;
      if (this.counts.count(q, x) >= 2) repeats--;
      if (this.counts.count(p, x) >= 1) repeats++;
    }
    let excess = 0;
    if (department && department[p] !== department[q]) {
      const dp = department[p]!;
      const dq = department[q]!;
      const [aP, aQ] = this.departmentsIn(base, a, p, dp, dq);
      const [bP, bQ] = this.departmentsIn(base, b, q, dp, dq);
      // Group a loses one of dp and gains one of dq; group b the other way round.
      excess += (aQ + 1 > bound[dq]! ? 1 : 0) - (aP + 1 > bound[dp]! ? 1 : 0);
      excess += (bP + 1 > bound[dp]! ? 1 : 0) - (bQ + 1 > bound[dq]! ? 1 : 0);
    }
    return REPEAT_WEIGHT * repeats + excess;
  }

  swap(round: number, p: number, q: number): void {
    const n = this.problem.people;
    const base = round * n;
    const sp = this.slotOf[base + p]!;
    const sq = this.slotOf[base + q]!;
    this.countGroup(round, this.problem.groupOfSlot[sp]!, -1);
    this.countGroup(round, this.problem.groupOfSlot[sq]!, -1);
    this.order[base + sp] = q;
    this.order[base + sq] = p;
    this.slotOf[base + p] = sq;
    this.slotOf[base + q] = sp;
    this.countGroup(round, this.problem.groupOfSlot[sp]!, 1);
    this.countGroup(round, this.problem.groupOfSlot[sq]!, 1);
  }

  /** Whether p has met a groupmate of `round` before or elsewhere, or is one too many of its department there. */
  inConflict(round: number, p: number): boolean {
    const { starts, department, bound } = this.problem;
    const base = round * this.problem.people;
    const g = this.groupOf(round, p);
    let same = 0;
    for (let s = starts[g]!; s < starts[g + 1]!; s++) {
      const x = this.order[base + s]!;
      if (x === p) continue;
      if (this.counts.count(p, x) >= 2) return true;
      if (department && department[x] === department[p]) same++;
    }
    return department !== null && same + 1 > bound[department[p]!]!;
  }

  /** Members of group g other than `except` that belong to department dp, and to dq. */
  private departmentsIn(base: number, g: number, except: number, dp: number, dq: number): [number, number] {
    const { starts, department } = this.problem;
    let ofP = 0;
    let ofQ = 0;
    for (let s = starts[g]!; s < starts[g + 1]!; s++) {
      const x = this.order[base + s]!;
      if (x === except) continue;
      if (department![x] === dp) ofP++;
      else if (department![x] === dq) ofQ++;
    }
    return [ofP, ofQ];
  }

  private countRound(round: number, sign: number): void {
    for (let g = 0; g < this.problem.sizes.length; g++) this.countGroup(round, g, sign);
  }

  /** Adds (sign 1) or removes (−1) the meetings and the department excess of one group. */
  private countGroup(round: number, g: number, sign: number): void {
    const { starts, department, bound } = this.problem;
    const base = round * this.problem.people;
    const from = base + starts[g]!;
    const to = base + starts[g + 1]!;
    for (let i = from; i < to; i++) {
      const x = this.order[i]!;
      // x's rank among its department's members in the group: each member ranked above the bound is
      // one of excess, so a department with c people here adds c − bound.
      let rank = 0;
      for (let j = from; j < to; j++) {
        const y = this.order[j]!;
        if (j <= i) {
          if (department && department[y] === department[x]) rank++;
          continue;
        }
        if (sign > 0) {
          if (this.counts.count(x, y) >= 1) this.repeats++;
          this.counts.add(x, y, 1);
        } else {
          this.counts.add(x, y, -1);
          if (this.counts.count(x, y) >= 1) this.repeats--;
        }
      }
      if (department && rank > bound[department[x]!]!) this.excess += sign;
    }
  }
}

function freshCounts(problem: Problem): PairCounts {
  let pairsPerRound = 0;
  for (const size of problem.sizes) pairsPerRound += (size * (size - 1)) / 2;
  const counts = pairCountsFor(problem.people, problem.metBefore.length / 2 + problem.rounds * pairsPerRound);
  const met = problem.metBefore;
  for (let i = 0; i < met.length; i += 2) if (counts.count(met[i]!, met[i + 1]!) === 0) counts.add(met[i]!, met[i + 1]!, 1);
  return counts;
}
