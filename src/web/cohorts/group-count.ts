// How many groups the solver makes of N people. The rule is solver/layout.ts groupSizes (the web may
// not import server code); group-count.test.ts holds the two equal.

/**
 * ceil(N / size) groups, unless the even split would leave a group smaller than 3 (smaller than
 * `size` when size < 3): then one group fewer, some of them one larger — 5 people make one group of
 * five, not a group of three and one of two.
 */
export function groupCount(people: number, size = 4): number {
  const smallest = Math.min(size, 3);
  const groups = Math.ceil(people / size);
  if (groups > 0 && Math.floor(people / groups) >= smallest) return groups;
  return Math.max(1, Math.floor(people / size));
}
