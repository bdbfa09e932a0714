// Shortcuts to a schedule without repeats for instances a search reaches slowly or never: the
// affine plane when N = q² in groups of q, rounds kept by translations when everyone misses exactly one
// other (orbit-exact-cover.ts), else a base round developed under a turning symmetry. They
// ignore departments and earlier encounters (relabel.ts fits those afterwards) and give way to the
// general search when they do not apply or find nothing in their share of the budget.
import { performance } from 'node:perf_hooks';
import { affinePlane } from './affine-plane.ts';
import { cyclicDesign } from './cyclic-design.ts';
import { translationDesign } from './orbit-exact-cover.ts';
import type { Problem } from './schedule.ts';
import type { Random } from './seeded-random.ts';

/**
 * Whether counting alone rules out a schedule without repeats: each person meets size − 1 new people
 * a round (N − 1 at most in all), and the rounds' pairs cannot outnumber the N(N−1)/2 there are.
 */
export function repeatsUnavoidable(problem: Problem): boolean {
  const { people, rounds, sizes } = problem;
  const largest = sizes[0]!;
  const smallest = sizes[sizes.length - 1]!;
  let pairsPerRound = 0;
  for (const size of sizes) pairsPerRound += (size * (size - 1)) / 2;
  return rounds * (smallest - 1) > people - 1 || (largest === smallest && rounds * (largest - 1) > people - 1) || rounds * pairsPerRound > (people * (people - 1)) / 2;
}

/** Constructions are tried only where a search is likely to struggle: most pairs must meet. */
const TIGHT = 0.5;

export function constructedSchedule(problem: Problem, random: Random, deadline: number): { order: Int32Array; name: string } | undefined {
  const { people, rounds, sizes } = problem;
  const size = sizes[0]!;
  if (sizes[sizes.length - 1] !== size || repeatsUnavoidable(problem)) return undefined;
  if (size * size === people) {
    const order = affinePlane(size, rounds);
    if (order) return { order, name: `affine plane AG(2, ${size})` };
  }
  const pairsMet = (rounds * (people / size) * size * (size - 1)) / 2;
  if (pairsMet < TIGHT * ((people * (people - 1)) / 2)) return undefined;
  // Where everyone misses exactly one other, rounds kept by translations (when N is a multiple of 8)
  // get half the time: a turning symmetry is no help at 32 × 10.
  const translated = translationDesign(sizes, rounds, random, (performance.now() + deadline) / 2, () => performance.now());
  if (translated) return { order: translated, name: 'translation design' };
  const order = cyclicDesign(sizes, rounds, random, deadline, () => performance.now());
  return order ? { order, name: 'cyclic design' } : undefined;
}
