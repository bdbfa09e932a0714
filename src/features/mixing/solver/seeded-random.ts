// The solver's only source of chance: a seeded generator (mulberry32), so that the same seed gives
// the same schedule and a test or a planner can reproduce a run. Math.random is never used.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (n) => Math.floor(next() * n) };
}

/** Fisher–Yates in place over the first `length` entries. */
export function shuffle(values: Int32Array | number[], random: Random, length = values.length): void {
  for (let i = length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    const v = values[i]!;
    values[i] = values[j]!;
    values[j] = v;
  }
}
