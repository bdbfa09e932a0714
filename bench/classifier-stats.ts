// How well a single time threshold tells two groups of answer times apart, and how likely that is
// by chance: for bench/login-link-timing.ts. Pure functions over arrays of milliseconds.

export interface Threshold {
  /** Balanced accuracy of the best rule "group A if the time is above (or below) t": 0.5 is chance. */
  accuracy: number;
  threshold: number;
  aIsSlower: boolean;
}

/**
 * The best single-threshold classifier over every threshold and both directions. Its balanced
 * accuracy is 0.5 + D / 2, D being the two-sample Kolmogorov-Smirnov statistic.
 */
export function bestThreshold(a: readonly number[], b: readonly number[]): Threshold {
  const all = [...a.map((v) => [v, 0] as const), ...b.map((v) => [v, 1] as const)].sort((x, y) => x[0] - y[0]);
  let aBelow = 0;
  let bBelow = 0;
  let best: Threshold = { accuracy: 0.5, threshold: NaN, aIsSlower: true };
  for (let i = 0; i < all.length; i++) {
    if (all[i]![1] === 0) aBelow++;
    else bBelow++;
    // Only between distinct values: a threshold cannot split equal times.
    if (i + 1 < all.length && all[i + 1]![0] === all[i]![0]) continue;
    const difference = bBelow / b.length - aBelow / a.length;
    const accuracy = 0.5 + Math.abs(difference) / 2;
    if (accuracy > best.accuracy) best = { accuracy, threshold: all[i]![0], aIsSlower: difference > 0 };
  }
  return best;
}

export interface MannWhitney {
  /** P(a time from A exceeds one from B), ties counting half: 0.5 when neither group is slower. */
  auc: number;
  z: number;
  /** Two-sided, normal approximation with tie correction (fine for groups of 20 and more). */
  p: number;
}

export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitney {
  const all = [...a.map((v) => [v, 0] as const), ...b.map((v) => [v, 1] as const)].sort((x, y) => x[0] - y[0]);
  const n = all.length;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]![0] === all[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]![1] === 0) rankSumA += rank;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  const [na, nb] = [a.length, b.length];
  const u = rankSumA - (na * (na + 1)) / 2;
  const mean = (na * nb) / 2;
  const sigma = Math.sqrt(((na * nb) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = sigma === 0 ? 0 : (u - mean - Math.sign(u - mean) * 0.5) / sigma;
  return { auc: u / (na * nb), z, p: Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}

/**
 * The best-threshold accuracy with the group labels shuffled `rounds` times: how good the best
 * threshold looks when the two groups are the same. Returns the sorted accuracies.
 */
export function shuffledAccuracies(a: readonly number[], b: readonly number[], rounds: number): number[] {
  const pooled = [...a, ...b];
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    shuffle(pooled);
    out.push(bestThreshold(pooled.slice(0, a.length), pooled.slice(a.length)).accuracy);
  }
  return out.sort((x, y) => x - y);
}

/** P(the best-threshold accuracy of two identical groups of these sizes reaches `accuracy`), by Kolmogorov's limit. */
export function chanceOfAccuracy(accuracy: number, na: number, nb: number): number {
  const x = Math.sqrt((na * nb) / (na + nb)) * 2 * (accuracy - 0.5);
  if (x <= 0) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) sum += (-1) ** (k - 1) * Math.exp(-2 * k * k * x * x);
  return Math.min(1, Math.max(0, 2 * sum));
}

/** The accuracy that chance alone reaches with probability `p` (the inverse of chanceOfAccuracy). */
export function accuracyReachedByChance(p: number, na: number, nb: number): number {
  let [lo, hi] = [0.5, 1];
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (chanceOfAccuracy(mid, na, nb) > p) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

// P(Z > x) for x ≥ 0, by Abramowitz & Stegun 7.1.26 for erfc (relative error small enough for a
// p-value printed to two figures), written as erfc itself so that tiny tails do not round to 0.
function normalUpperTail(x: number): number {
  const t = 1 / (1 + (0.3275911 * x) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return (poly * Math.exp(-(x * x) / 2)) / 2;
}
