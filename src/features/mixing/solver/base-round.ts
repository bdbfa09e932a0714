// The search behind cyclic-design.ts: b base rounds of turning points (x, j) — x in Z_m, j < k — and
// fixed points ∞, scored by the pair orbits they cover more often than allowed. Points (x, i) and
// (y, j) in one group cover the orbit (i, j, y − x): one pair in each of the m translates of the
// round, so an orbit covered twice (in one base round or two) is a pair met twice. The moves are the
// tabu search's swaps of two turning points between groups of one base round (tabu-search.ts), here
// cheap enough to try every one each step.
//
// A symmetry σ of the base round (a permutation of the points that maps the round onto itself and
// commutes with the turning up to sign) shrinks the search further: the round is kept σ-invariant,
// so only one group in each σ-orbit of groups is free, and every move is made with its images. E.g.
// "cycled" (x, j) → (x, j + 1 mod k) gives the 1-rotational shape of resolvable designs, and a
// multiplier (x, j) → (μx, j) the shape of Denniston's cyclic packing of PG(3, 3) (40 × 13).
import { shuffle, type Random } from './seeded-random.ts';

export interface Shape {
  /** The turning group's order: base round b's translate t is round b·m + t, so b·m ≥ rounds. */
  m: number;
  bases: number;
  orbits: number;
  fixed: number;
  /** σ as the image of each point (turning points j·m + x first, then ∞), or null for none. */
  symmetry: Int32Array | null;
  /** How many of the base rounds, from the first, are kept σ-invariant (the others are free). */
  symmetricBases: number;
  name: string;
}

const TENURE_MIN = 1;
const TENURE_SPREAD = 3;
/** Steps without a new best before the search returns to the best round and shakes it. */
const STALL_STEPS = 1_500;

export class BaseRound {
  /** point[b·N + s]: the point in slot s of base round b. */
  readonly point: Int32Array;
  private readonly bases: number;
  private readonly m: number;
  private readonly orbits: number;
  private readonly finite: number;
  private readonly people: number;
  private readonly symmetry: Int32Array | null;
  private readonly symmetricBases: number;
  /** Points of one σ-orbit share a number; σ-fixed points (never moved) are −1. */
  private readonly orbitOfPoint: Int32Array;
  private readonly starts: Int32Array;
  private readonly groupOfSlot: Int32Array;
  private readonly slot: Int32Array;
  /** orbitOf[a·N + b]: the pair orbit of points a and b, looked up on every try. */
  private readonly orbitOf: Int32Array;
  /** How often each orbit is covered, and how often it may be. */
  private readonly covered: Int32Array;
  private readonly cap: Uint8Array;
  private readonly random: Random;
  /** Orbit coverings beyond their cap: 0 is a base round without repeats. */
  excess = 0;


  constructor(sizes: Int32Array, rounds: number, shape: Shape, random: Random) {
    const { m, orbits, fixed, bases } = shape;
    this.m = m;
    this.bases = bases;
    this.orbits = orbits;
    this.symmetry = shape.symmetry;
    this.symmetricBases = shape.symmetry ? shape.symmetricBases : 0;
    this.random = random;
    this.finite = m * orbits;
    this.people = this.finite + fixed;
    const people = this.people;
    this.starts = new Int32Array(sizes.length + 1);
    this.groupOfSlot = new Int32Array(people);
    sizes.forEach((size, g) => {
      this.starts[g + 1] = this.starts[g]! + size;
      this.groupOfSlot.fill(g, this.starts[g], this.starts[g + 1]);
    });
    // The last orbit stands for two fixed points together, which would meet in every round.
    const orbitCount = orbits * orbits * m + fixed * orbits + 1;
    this.orbitOf = new Int32Array(people * people);
    for (let a = 0; a < people; a++) for (let b = 0; b < people; b++) if (a !== b) this.orbitOf[a * people + b] = this.orbit(a, b);
    this.covered = new Int32Array(orbitCount);
    this.cap = new Uint8Array(orbitCount).fill(1);
    // A pair half-way round an even Z_m comes back after m/2 translates: within one base round's
    // translates if they run past m/2.
    if (m % 2 === 0 && Math.min(rounds, m) > m / 2) for (let j = 0; j < orbits; j++) this.cap[(j * orbits + j) * m + m / 2] = 0;
    this.cap[orbitCount - 1] = 0;

    this.orbitOfPoint = new Int32Array(people).fill(-1);
    this.point = new Int32Array(bases * people);
    for (let b = 0; b < bases; b++) {
      const start = b < this.symmetricBases ? this.symmetricStart(sizes, shape.symmetry!) : this.plainStart(fixed);
      if (!start) throw new RangeError(`no ${shape.name} base round has these group sizes`);
      this.point.set(start, b * people);
    }
    this.slot = new Int32Array(bases * people);
    this.point.forEach((p, s) => (this.slot[s - (s % people) + p] = s % people));
    for (let b = 0; b < bases; b++) {
      for (let g = 0; g < sizes.length; g++) {
        for (let i = this.starts[g]!; i < this.starts[g + 1]!; i++) {
          for (let j = i + 1; j < this.starts[g + 1]!; j++) this.cover(this.orbitOf[this.point[b * people + i]! * people + this.point[b * people + j]!]!, 1);
        }
      }
    }
  }

  /** Fixed point u opens group u and stays there; the turning points fill the other slots at random. */
  private plainStart(fixed: number): Int32Array {
    const points = Int32Array.from({ length: this.finite }, (_, p) => p);
    shuffle(points, this.random);
    const point = new Int32Array(this.people);
    let next = 0;
    for (let s = 0; s < this.people; s++) {
      const g = this.groupOfSlot[s]!;
      point[s] = s === this.starts[g] && g < fixed ? this.finite + g : points[next++]!;
    }
    return point;
  }

  /**
   * A σ-invariant round: the σ-fixed points (never moved) and whole σ-orbits fill the first groups,
   * which σ maps onto themselves; the other groups come in runs of o (σ's order), each group the
   * image of the one before. Undefined when the group sizes do not allow it.
   */
  private symmetricStart(sizes: Int32Array, symmetry: Int32Array): Int32Array | undefined {
    const fixedPoints: number[] = [];
    const cycles: number[][] = [];
    this.orbitOfPoint.fill(-1);
    for (let p = 0; p < this.people; p++) {
      if (symmetry[p] === p) fixedPoints.push(p);
      else if (this.orbitOfPoint[p] === -1) {
        const cycle = [p];
        for (let x = symmetry[p]!; x !== p; x = symmetry[x]!) cycle.push(x);
        for (const x of cycle) this.orbitOfPoint[x] = cycles.length;
        cycles.push(cycle);
      }
    }
    const o = cycles[0]?.length ?? 1;
    const size = sizes[0]!;
    // Fixed ∞ points lead, one to a group; σ-fixed turning points fill the invariant groups in turn.
    const fixedInf = fixedPoints.filter((p) => p >= this.finite);
    const invariant = Math.max(Math.ceil(fixedPoints.length / size), fixedInf.length);
    if (cycles.some((c) => c.length !== o) || !sizes.every((s) => s === size)) return undefined;
    if ((invariant * size - fixedPoints.length) % o !== 0 || (sizes.length - invariant) % o !== 0) return undefined;
    const point = new Int32Array(this.people);
    const filled = new Int32Array(sizes.length);
    fixedInf.forEach((p, g) => (point[this.starts[g]! + filled[g]!++] = p));
    let at = 0;
    for (const p of fixedPoints) {
      if (p >= this.finite) continue;
      while (filled[at]! === size) at++;
      point[this.starts[at]! + filled[at]!++] = p;
    }
    const free = Int32Array.from(cycles.keys());
    shuffle(free, this.random);
    // A cycle of fixed points (∞ swapped by σ) never moves: it goes into a run, never into one group.
    free.sort((a, b) => Number(cycles[a]![0]! >= this.finite) - Number(cycles[b]![0]! >= this.finite));
    let next = 0;
    for (let g = 0; g < invariant; g++) {
      if ((size - filled[g]!) % o !== 0) return undefined;
      while (filled[g]! < size) for (const p of cycles[free[next++]!]!) point[this.starts[g]! + filled[g]!++] = p;
    }
    for (let g = invariant; g < sizes.length; g += o) {
      for (let s = 0; s < size; s++) {
        const cycle = cycles[free[next++]!]!;
        const turn = this.random.below(o);
        for (let l = 0; l < o; l++) point[this.starts[g + l]! + s] = cycle[(turn + l) % o]!;
      }
    }
    return point;
  }

  private orbit(a: number, b: number): number {
    const { m, finite, orbits } = this;
    if (a > b) [a, b] = [b, a];
    if (a >= finite) return orbits * orbits * m + (this.people - finite) * orbits;
    if (b >= finite) return orbits * orbits * m + (b - finite) * orbits + Math.floor(a / m);
    const i = Math.floor(a / m);
    const j = Math.floor(b / m);
    const d = ((((b % m) - (a % m)) % m) + m) % m;
    // Within one orbit, ±d is the same pair seen from either end.
    return (i * orbits + j) * m + (i === j ? Math.min(d, m - d) : d);
  }

  private cover(orbit: number, by: number): number {
    const before = Math.max(0, this.covered[orbit]! - this.cap[orbit]!);
    this.covered[orbit]! += by;
    const change = Math.max(0, this.covered[orbit]! - this.cap[orbit]!) - before;
    this.excess += change;
    return change;
  }

  /** p and q trade places in base round b (with their σ-images); returns the change of excess. */
  private move(b: number, p: number, q: number): number {
    const symmetry = b < this.symmetricBases ? this.symmetry : null;
    let change = this.swap(b, p, q);
    if (symmetry) for (let x = symmetry[p]!, y = symmetry[q]!; x !== p; x = symmetry[x]!, y = symmetry[y]!) change += this.swap(b, x, y);
    return change;
  }

  /** Whether p and q may trade places: both turning, in different groups, neither σ-fixed, not σ-images of each other. */
  private movable(b: number, p: number, q: number): boolean {
    const at = b * this.people;
    if (this.groupOfSlot[this.slot[at + p]!] === this.groupOfSlot[this.slot[at + q]!]) return false;
    if (b >= this.symmetricBases) return true;
    const op = this.orbitOfPoint[p]!;
    return op >= 0 && this.orbitOfPoint[q]! >= 0 && op !== this.orbitOfPoint[q];
  }

  private swap(b: number, p: number, q: number): number {
    const at = b * this.people;
    const sp = this.slot[at + p]!;
    const sq = this.slot[at + q]!;
    let change = this.coverGroup(b, p, sp, -1) + this.coverGroup(b, q, sq, -1);
    this.point[at + sp] = q;
    this.point[at + sq] = p;
    this.slot[at + p] = sq;
    this.slot[at + q] = sp;
    change += this.coverGroup(b, p, sq, 1) + this.coverGroup(b, q, sp, 1);
    return change;
  }

  /** Covers (1) or uncovers (−1) the orbits of `who` with the others in the group of slot `slot` of base round b. */
  private coverGroup(b: number, who: number, slot: number, by: number): number {
    const at = b * this.people;
    const g = this.groupOfSlot[slot]!;
    let change = 0;
    for (let s = this.starts[g]!; s < this.starts[g + 1]!; s++) if (s !== slot) change += this.cover(this.orbitOf[who * this.people + this.point[at + s]!]!, by);
    return change;
  }

  private inConflict(b: number, p: number): boolean {
    const at = b * this.people;
    const slot = this.slot[at + p]!;
    const g = this.groupOfSlot[slot]!;
    for (let s = this.starts[g]!; s < this.starts[g + 1]!; s++) {
      if (s === slot) continue;
      const o = this.orbitOf[p * this.people + this.point[at + s]!]!;
      if (this.covered[o]! > this.cap[o]!) return true;
    }
    return false;
  }

  /**
   * Searches until no orbit is covered too often (true) or the deadline (false); either way the best
   * rounds found are left in `point`, so a near miss can go on to the search over whole schedules.
   */
  search(deadline: number, now: () => number): boolean {
    const { finite, random } = this;
    let best = this.point.slice();
    let bestExcess = this.excess;
    const { bases, people } = this;
    const tabuUntil = new Int32Array(bases * people);
    let stall = 0;
    for (let step = 0; this.excess > 0; step++) {
      if ((step & 63) === 0 && now() >= deadline) {
        this.restore(best);
        return false;
      }
      let moveB = -1;
      let moveP = -1;
      let moveQ = -1;
      let moveDelta = Infinity;
      let ties = 0;
      for (let b = 0; b < bases; b++) {
        for (let p = 0; p < finite; p++) {
          if (!this.inConflict(b, p)) continue;
          for (let q = 0; q < finite; q++) {
            if (!this.movable(b, p, q)) continue;
            // Trying a move is cheaper than working its change out apart: make it, note the change, undo it.
            const delta = this.move(b, p, q);
            this.move(b, p, q);
            if (delta > moveDelta) continue;
            // Aspiration: a tabu move is allowed when it leads to a new best round.
            if ((tabuUntil[b * people + p]! > step || tabuUntil[b * people + q]! > step) && this.excess + delta >= bestExcess) continue;
            if (delta < moveDelta) {
              moveDelta = delta;
              ties = 0;
            }
            if (random.below(++ties) === 0) [moveB, moveP, moveQ] = [b, p, q];
          }
        }
      }
      if (moveB >= 0) {
        this.move(moveB, moveP, moveQ);
        tabuUntil[moveB * people + moveP] = step + TENURE_MIN + random.below(TENURE_SPREAD);
        tabuUntil[moveB * people + moveQ] = step + TENURE_MIN + random.below(TENURE_SPREAD);
      }
      if (this.excess < bestExcess) {
        best = this.point.slice();
        bestExcess = this.excess;
        stall = 0;
      } else if (moveB < 0 || ++stall >= STALL_STEPS) {
        this.restore(best);
        for (let i = 2 + random.below(3); i > 0; i--) this.shake();
        tabuUntil.fill(0);
        stall = 0;
      }
    }
    return true;
  }

  private shake(): void {
    const b = this.random.below(this.bases);
    const p = this.random.below(this.finite);
    const q = this.random.below(this.finite);
    if (this.movable(b, p, q)) this.move(b, p, q);
  }

  private restore(points: Int32Array): void {
    for (let s = 0; s < points.length; s++) {
      if (this.point[s] !== points[s]) this.swap(Math.floor(s / this.people), this.point[s]!, points[s]!);
    }
  }
}
