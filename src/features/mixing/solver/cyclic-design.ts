// Schedules with a symmetry: people are m·k "turning" points (x, j), x in Z_m, j < k, plus f fixed
// points ∞; round t is a base round with every x moved on by t (∞ stays), so m rounds come from one
// base round (more rounds from more base rounds). Whether they repeat a pair depends only on the base
// rounds (base-round.ts), so the search is over one round instead of R — 10 groups instead of 130 for
// 40 people and 13 rounds. Tight designs have this
// form: 16 × 5, 28 × 9 and 40 × 13 (resolvable (v, 4, 1) designs) over Z_5, Z_9 and Z_13 with one ∞.
// 32 × 10 (a resolvable 4-GDD of type 2^16) found none over Z_10 with two ∞ (the search stalls one
// pair short); orbit-exact-cover.ts builds it from rounds kept by translations instead.
import { BaseRound, type Shape } from './base-round.ts';
import type { Random } from './seeded-random.ts';

/** The first search of each shape gets this long; every pass over the shapes doubles it. */
const FIRST_SLICE_MS = 200;

/**
 * Turning groups Z_m (with b = ceil(R / m) base rounds) worth trying for N people in these groups:
 * those with orbits enough for every pair of the base rounds, the fewest fixed points and base
 * rounds first.
 */
function turnings(sizes: Int32Array, people: number, rounds: number): Array<{ m: number; bases: number; orbits: number; fixed: number }> {
  let pairsPerRound = 0;
  for (const size of sizes) pairsPerRound += (size * (size - 1)) / 2;
  const found = [];
  for (let m = 2; m <= people; m++) {
    const bases = Math.ceil(rounds / m);
    const orbits = Math.floor(people / m);
    const fixed = people - m * orbits;
    // Two fixed points in one group would meet every round; each fixed point needs its own group.
    if (orbits < 1 || fixed > sizes.length) continue;
    const halfWay = m % 2 === 0 && Math.min(rounds, m) <= m / 2 ? 1 : 0;
    const capacity = ((orbits * (orbits - 1)) / 2) * m + orbits * (Math.floor((m - 1) / 2) + halfWay) + fixed * orbits;
    if (capacity >= bases * pairsPerRound) found.push({ m, bases, orbits, fixed });
  }
  return found.sort((a, b) => Number(a.fixed > 2) - Number(b.fixed > 2) || a.bases - b.bases || a.m - b.m).slice(0, 3);
}

/**
 * Symmetries a base round over Z_m may be asked to keep: cycling the orbits, a multiplier x → μx of
 * order 2 or 3, and negation that swaps two ∞. Shapes the group sizes do not allow drop out later.
 */
function shapesOf(m: number, bases: number, orbits: number, fixed: number): Shape[] {
  const finite = m * orbits;
  const people = finite + fixed;
  const mapped = (name: string, turning: (x: number, j: number) => number, inf: (u: number) => number = (u) => u): Shape => ({
    m, bases, orbits, fixed, name, symmetricBases: bases,
    symmetry: Int32Array.from({ length: people }, (_, p) => (p >= finite ? finite + inf(p - finite) : turning(p % m, Math.floor(p / m)))),
  });
  const shapes: Shape[] = [];
  if (orbits >= 2) shapes.push(mapped('cycled', (x, j) => ((j + 1) % orbits) * m + x));
  for (const order of [3, 2]) {
    let mu = 2;
    while (mu < m && !(gcd(mu, m) === 1 && power(mu, order, m) === 1)) mu++;
    if (mu < m) shapes.push(mapped(`multiplier ${mu}`, (x, j) => j * m + ((mu * x) % m)));
  }
  if (fixed === 2) shapes.push(mapped('negation', (x, j) => j * m + ((m - x) % m), (u) => 1 - u));
  shapes.push({ m, bases, orbits, fixed, symmetry: null, symmetricBases: 0, name: 'plain' });
  return shapes;
}

/** R rounds in the layout's slots (flat), without a repeated pair, or undefined if none turned up by the deadline. */
export function cyclicDesign(sizes: Int32Array, rounds: number, random: Random, deadline: number, now: () => number): Int32Array | undefined {
  let people = 0;
  for (const size of sizes) people += size;
  let shapes = turnings(sizes, people, rounds).flatMap(({ m, bases, orbits, fixed }) => shapesOf(m, bases, orbits, fixed));
  // Restarts with a doubling time slice, shapes taking turns: a symmetric shape that has a solution
  // finds it within a slice or two, and one that has none costs little.
  for (let slice = FIRST_SLICE_MS; shapes.length > 0 && now() < deadline; slice *= 2) {
    const usable: Shape[] = [];
    for (const shape of shapes) {
      let base: BaseRound;
      try {
        base = new BaseRound(sizes, rounds, shape, random);
      } catch {
        continue;
      }
      usable.push(shape);
      if (base.search(Math.min(deadline, now() + slice), now)) return developed(base.point, shape, people, rounds);
    }
    shapes = usable;
  }
  return undefined;
}

/** Round b·m + t is base round b turned by t. */
function developed(base: Int32Array, shape: Shape, people: number, rounds: number): Int32Array {
  const { m } = shape;
  const finite = m * shape.orbits;
  const order = new Int32Array(rounds * people);
  for (let r = 0; r < rounds; r++) {
    const t = r % m;
    const from = Math.floor(r / m) * people;
    for (let s = 0; s < people; s++) {
      const p = base[from + s]!;
      order[r * people + s] = p >= finite ? p : p - (p % m) + (((p % m) + t) % m);
    }
  }
  return order;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function power(base: number, exponent: number, modulus: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = (result * base) % modulus;
  return result;
}
