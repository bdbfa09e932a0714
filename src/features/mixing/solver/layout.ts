// How N people split into groups, and the department bound each group is held to. Both are the same
// in every round, so a schedule is "the same groups, different people".

/**
 * Group sizes for `people` people and the wished `size`, largest first.
 *
 * When N is not a multiple of the size there are ceil(N / size) groups whose sizes differ by at most
 * one — with size 4: groups of 4 and some groups of 3 (30 people: six of 4, two of 3; 13 people: one
 * of 4, three of 3). Groups of 1 or 2 would leave someone without a real group, so when the even
 * split would make a group smaller than 3 (smaller than `size` when size < 3), one group fewer is
 * made and some groups are one larger instead (5 people, size 4: one group of 5; 7 people, size 2:
 * groups of 3 and 2 and 2). Fewer people than that form a single group.
 */
export function groupSizes(people: number, size: number): number[] {
  const smallest = Math.min(size, 3);
  let groups = Math.ceil(people / size);
  if (Math.floor(people / groups) < smallest) groups = Math.max(1, Math.floor(people / size));
  const base = Math.floor(people / groups);
  const larger = people - base * groups;
  return Array.from({ length: groups }, (_, g) => (g < larger ? base + 1 : base));
}

/**
 * The fewest people of one department a group can hold: with G groups, a department of s people puts
 * at least ceil(s / G) of them into one group (pigeonhole). Dealing each department's people round the
 * groups in turn meets every department's bound at once, so the bound is exact for a single round.
 */
export function departmentBounds(departmentSizes: ArrayLike<number>, groups: number): Int32Array {
  return Int32Array.from({ length: departmentSizes.length }, (_, d) => Math.ceil(departmentSizes[d]! / groups));
}

/**
 * The fewest repeats any schedule can have, by counting: a pair's first meeting is free only if the
 * two had not met before, so the free meetings are at most the pairs still unmet — over everyone
 * (R rounds of P pairs against C(N, 2) minus the pairs met before) and per person (each meets at
 * least R·(smallest group − 1) times, against the N − 1 − (met before) people still new to them; a
 * repeat involves two people), and per round after the first (few groups force some pairs together
 * again). The largest is the bound; 0 while everyone can meet anew.
 */
export function repeatsLowerBound(people: number, rounds: number, sizes: ArrayLike<number>, metBefore: Int32Array): number {
  let pairsPerRound = 0;
  let smallest = Infinity;
  for (let g = 0; g < sizes.length; g++) {
    pairsPerRound += (sizes[g]! * (sizes[g]! - 1)) / 2;
    smallest = Math.min(smallest, sizes[g]!);
  }
  const metOf = new Int32Array(people);
  const seen = new Set<number>();
  for (let i = 0; i < metBefore.length; i += 2) {
    const [a, b] = [Math.min(metBefore[i]!, metBefore[i + 1]!), Math.max(metBefore[i]!, metBefore[i + 1]!)];
    if (seen.has(a * people + b)) continue;
    seen.add(a * people + b);
    metOf[a]!++;
    metOf[b]!++;
  }
  const overall = rounds * pairsPerRound - ((people * (people - 1)) / 2 - seen.size);
  let perPerson = 0;
  for (let p = 0; p < people; p++) perPerson += Math.max(0, rounds * (smallest - 1) - (people - 1 - metOf[p]!));
  // Against the first round: a group of s drawn from G groups holds at least the pairs of s spread
  // as evenly as can be over G, each pair of a shared first group a repeat — in every later round.
  const groups = sizes.length;
  let spread = 0;
  for (let g = 0; g < groups; g++) {
    const q = Math.floor(sizes[g]! / groups);
    const r = sizes[g]! % groups;
    spread += (r * (q + 1) * q) / 2 + ((groups - r) * q * (q - 1)) / 2;
  }
  return Math.max(0, overall, Math.ceil(perPerson / 2), (rounds - 1) * spread);
}
