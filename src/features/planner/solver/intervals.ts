// Sets of instants as sorted, disjoint, half-open intervals [start, end) of epoch milliseconds, kept
// flat (s0, e0, s1, e1, …): a coach's free time over eight weeks is a few hundred of them, asked
// "does this session fit?" tens of thousands of times, so a binary search over one array.

export type Intervals = number[];

/** The union of possibly overlapping or touching [start, end) pairs, sorted and merged. */
export function unionOf(pairs: ReadonlyArray<readonly [number, number]>): Intervals {
  const sorted = pairs.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Intervals = [];
  for (const [s, e] of sorted) {
    const last = out.length - 1;
    if (last > 0 && s <= out[last]!) out[last] = Math.max(out[last]!, e);
    else out.push(s, e);
  }
  return out;
}

/** What is left of `from` once every interval of `remove` is taken out. */
export function subtract(from: Intervals, remove: Intervals): Intervals {
  const out: Intervals = [];
  let j = 0;
  for (let i = 0; i < from.length; i += 2) {
    let start = from[i]!;
    const end = from[i + 1]!;
    while (j < remove.length && remove[j + 1]! <= start) j += 2;
    let k = j;
    while (k < remove.length && remove[k]! < end) {
      if (remove[k]! > start) out.push(start, remove[k]!);
      start = Math.max(start, remove[k + 1]!);
      k += 2;
    }
    if (start < end) out.push(start, end);
  }
  return out;
}

/** Whether [start, end) lies wholly inside one interval of the set. */
export function covers(set: Intervals, start: number, end: number): boolean {
  const i = lastStartingAtOrBefore(set, start);
  return i >= 0 && set[i + 1]! >= end;
}

/** Whether [start, end) shares any instant with the set. */
export function overlaps(set: Intervals, start: number, end: number): boolean {
  const i = lastStartingAtOrBefore(set, start);
  if (i >= 0 && set[i + 1]! > start) return true;
  const next = i < 0 ? 0 : i + 2;
  return next < set.length && set[next]! < end;
}

// The index (even) of the last interval whose start is ≤ t, or -1.
function lastStartingAtOrBefore(set: Intervals, t: number): number {
  let lo = 0;
  let hi = set.length / 2 - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (set[mid * 2]! <= t) {
      found = mid * 2;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
