// Schedules in which everyone misses exactly one other person (R·(k − 1) = N − 2: a resolvable
// k-GDD of type 2^(N/2)), which turning symmetries reach poorly: for 32 × 10 in groups of 4 no
// base round under Z_10 has turned up, and the general search stalls far from one. Here every round is kept by the
// translations of Z_2^3: person 8j + v is (j, v) with v in Z_2^3, and g moves (j, v) to (j, v ⊕ g).
// Pairs then fall into orbits — (i, j, v ⊕ w) for (i, v) and (j, w) — and a round kept by the
// translations covers whole orbits, so a schedule is R such rounds whose orbits are disjoint and
// together all orbits but the missed pairs (j, v), (j, v ⊕ 4): an exact cover over 72 orbits for
// 32 people, solved in about a second among the 4,800 rounds the translations keep.
import { shuffle, type Random } from './seeded-random.ts';

const TRANSLATIONS = 8;
/** Within each orbit of 8, v and v ⊕ HOLE are the pair that never meets. */
const HOLE = 4;
/** How often the exact cover looks at the clock. */
const CLOCK_EVERY = 1_024;
/** Nodes of the exact cover's first try, and the growth from try to try. */
const FIRST_NODE_LIMIT = 1_000;
const NODE_LIMIT_GROWTH = 1.1;
/** More kept rounds than this (larger cohorts) would take the memory and time of the whole budget. */
const MAX_KEPT_ROUNDS = 200_000;

interface KeptRound {
  /** The round's people, group after group. */
  order: Int32Array;
  /** The pair orbits it covers, each once. */
  orbits: Int32Array;
}

/** R rounds without a repeated pair in groups of `sizes[0]` (all equal), or undefined if this shape does not apply, has too many rounds to choose from, or the deadline passed. */
export function translationDesign(sizes: Int32Array, rounds: number, random: Random, deadline: number, now: () => number): Int32Array | undefined {
  const size = sizes[0]!;
  let people = 0;
  for (const s of sizes) people += s;
  if (people % TRANSLATIONS !== 0 || size < 2 || rounds * (size - 1) !== people - 2) return undefined;
  const kept = keptRounds(people, size, deadline, now);
  if (!kept || kept.length < rounds) return undefined;
  // Restarts from a new seed-dependent order of the candidates, each allowed a little more than the
  // last: the nodes one order needs vary wildly (for 32 × 10 from 20 to far beyond 200,000, a fifth
  // of orders within 1,000), so many short tries beat long ones — 0.8 s median, 3 s at worst in 20
  // seeds, against 1.3 s and 13 s starting at 10,000 nodes.
  const indices = Int32Array.from({ length: kept.length }, (_, i) => i);
  let chosen: KeptRound[] | undefined;
  for (let limit = FIRST_NODE_LIMIT; !chosen && now() < deadline; limit = Math.ceil(limit * NODE_LIMIT_GROWTH)) {
    shuffle(indices, random);
    chosen = exactCover(Array.from(indices, (i) => kept[i]!), orbitCount(people), people, limit, deadline, now);
  }
  if (!chosen || chosen.length !== rounds) return undefined;
  const order = new Int32Array(rounds * people);
  chosen.forEach((round, r) => order.set(round.order, r * people));
  return order;
}

function orbitCount(people: number): number {
  const orbits = people / TRANSLATIONS;
  return orbits * orbits * TRANSLATIONS;
}

/** The pair orbit of persons a and b: their orbits of 8 (smaller first) and v ⊕ w. */
function pairOrbit(a: number, b: number, people: number): number {
  const i = Math.min(a, b) >> 3;
  const j = Math.max(a, b) >> 3;
  return (i * (people / TRANSLATIONS) + j) * TRANSLATIONS + ((a ^ b) & 7);
}

function missed(a: number, b: number): boolean {
  return a >> 3 === b >> 3 && ((a ^ b) & 7) === HOLE;
}

/**
 * Every partition of the people into groups that the translations keep and that holds no missed
 * pair. The group of the lowest person not yet placed is chosen, then its translates: they must
 * be the same group again or disjoint from it and from the groups placed.
 */
function keptRounds(people: number, size: number, deadline: number, now: () => number): KeptRound[] | undefined {
  const found: KeptRound[] = [];
  const placed = new Uint8Array(people);
  const owner = new Int32Array(people).fill(-1);
  const groups: number[][] = [];
  const group: number[] = [];
  let timedOut = false;

  // The group's translates, or undefined if one overlaps it, another translate or a placed group.
  const addTranslates = (): number[][] | undefined => {
    const images: number[][] = [];
    let clash = false;
    for (let g = 0; g < TRANSLATIONS && !clash; g++) {
      const image = group.map((p) => p ^ g);
      const first = owner[image[0]!]!;
      if (first >= 0 && image.every((p) => owner[p] === first)) continue;
      clash = image.some((p) => placed[p] || owner[p]! >= 0);
      for (const p of image) owner[p] = images.length;
      images.push(image);
    }
    for (const image of images) for (const p of image) owner[p] = -1;
    return clash ? undefined : images;
  };
  const place = () => {
    if (timedOut) return;
    let lowest = 0;
    while (lowest < people && placed[lowest]) lowest++;
    if (lowest === people) {
      found.push(keptRound(groups, people));
      if (found.length > MAX_KEPT_ROUNDS) timedOut = true;
      return;
    }
    group.length = 0;
    group.push(lowest);
    choose(lowest + 1);
  };
  let steps = 0;
  const choose = (from: number) => {
    if (++steps % CLOCK_EVERY === 0 && now() > deadline) timedOut = true;
    if (timedOut) return;
    if (group.length === size) {
      const saved = group.slice();
      const images = addTranslates();
      if (!images) return;
      for (const image of images) for (const p of image) placed[p] = 1;
      groups.push(...images);
      place();
      groups.length -= images.length;
      for (const image of images) for (const p of image) placed[p] = 0;
      group.length = 0;
      group.push(...saved);
      return;
    }
    for (let p = from; p < people; p++) {
      if (placed[p] || group.some((q) => missed(p, q))) continue;
      group.push(p);
      choose(p + 1);
      group.pop();
      if (timedOut) return;
    }
  };
  place();
  return timedOut ? undefined : found;
}

function keptRound(groups: number[][], people: number): KeptRound {
  const orbits = new Set<number>();
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) orbits.add(pairOrbit(g[i]!, g[j]!, people));
  return { order: Int32Array.from(groups.flat()), orbits: Int32Array.from(orbits) };
}

/**
 * Rounds with disjoint orbits covering every orbit but the missed pairs', or undefined past
 * `nodeLimit` nodes (Knuth's algorithm X: the orbit with fewest open rounds first, the open counts
 * kept up to date as rounds close rather than counted at each node).
 */
function exactCover(ordered: KeptRound[], orbits: number, people: number, nodeLimit: number, deadline: number, now: () => number): KeptRound[] | undefined {
  const roundsOf: number[][] = Array.from({ length: orbits }, () => []);
  ordered.forEach((round, r) => round.orbits.forEach((o) => roundsOf[o]!.push(r)));
  const items: number[] = [];
  for (let a = 0; a < people; a += TRANSLATIONS) {
    for (let b = a; b < people; b += TRANSLATIONS) {
      for (let d = 0; d < TRANSLATIONS; d++) if (a !== b || (d !== 0 && d !== HOLE)) items.push(pairOrbit(a, b ^ d, people));
    }
  }
  const covered = new Uint8Array(orbits);
  // blocked[r]: how many of round r's orbits are covered already; open[o]: the unblocked rounds on o.
  const blocked = new Int32Array(ordered.length);
  const open = new Int32Array(orbits);
  for (let o = 0; o < orbits; o++) open[o] = roundsOf[o]!.length;
  const chosen: number[] = [];
  let nodes = 0;
  let timedOut = false;

  const cover = (r: number) => {
    for (const o of ordered[r]!.orbits) {
      covered[o] = 1;
      for (const other of roundsOf[o]!) if (blocked[other]!++ === 0) for (const p of ordered[other]!.orbits) open[p]!--;
    }
  };
  const uncover = (r: number) => {
    for (const o of ordered[r]!.orbits) {
      covered[o] = 0;
      for (const other of roundsOf[o]!) if (--blocked[other]! === 0) for (const p of ordered[other]!.orbits) open[p]!++;
    }
  };
  const search = (): boolean => {
    if (++nodes > nodeLimit || (nodes % CLOCK_EVERY === 0 && now() > deadline)) timedOut = true;
    if (timedOut) return false;
    let best = -1;
    for (const item of items) if (!covered[item] && (best < 0 || open[item]! < open[best]!)) best = item;
    if (best < 0) return true;
    if (open[best] === 0) return false;
    for (const r of roundsOf[best]!) {
      if (blocked[r] !== 0) continue;
      cover(r);
      chosen.push(r);
      if (search()) return true;
      chosen.pop();
      uncover(r);
    }
    return false;
  };
  return search() ? chosen.map((r) => ordered[r]!) : undefined;
}
