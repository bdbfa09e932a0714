// How often each pair of people has met: earlier encounters (count 1 each) plus the meetings of the
// schedule being built. The solver asks this table millions of times, so it holds numbers only:
// a dense matrix while N² is small, an open-addressing hash table of (a, b) number pairs beyond —
// 100,000 people meeting a few hundred others each would not fit a matrix, and string keys would
// cost a hundred bytes a pair.

export interface PairCounts {
  count(a: number, b: number): number;
  /** Adds `delta` (±1) meetings of a and b. */
  add(a: number, b: number, delta: number): void;
}

/** Above this many people the matrix (2 bytes a cell) gives way to the hash table. */
const DENSE_LIMIT = 2048;

/** `expectedPairs`: how many pairs will be counted, so a large table is sized once instead of doubling its way there. */
export function pairCountsFor(people: number, expectedPairs = 0): PairCounts {
  return people <= DENSE_LIMIT ? new DensePairCounts(people) : new HashedPairCounts(expectedPairs);
}

class DensePairCounts implements PairCounts {
  private readonly people: number;
  private readonly cells: Uint16Array;
  constructor(people: number) {
    this.people = people;
    this.cells = new Uint16Array(people * people);
  }
  count(a: number, b: number): number {
    return this.cells[a * this.people + b]!;
  }
  add(a: number, b: number, delta: number): void {
    this.cells[a * this.people + b]! += delta;
    this.cells[b * this.people + a]! += delta;
  }
}

const EMPTY = -1;

class HashedPairCounts implements PairCounts {
  private low: Int32Array;
  private high: Int32Array;
  private counts: Uint16Array;
  private used = 0;

  constructor(expectedPairs: number) {
    // At most half full, as add() keeps it.
    let size = 1 << 16;
    while (size < 2 * expectedPairs) size *= 2;
    this.low = new Int32Array(size).fill(EMPTY);
    this.high = new Int32Array(size);
    this.counts = new Uint16Array(size);
  }

  count(a: number, b: number): number {
    const slot = this.find(Math.min(a, b), Math.max(a, b));
    return this.low[slot] === EMPTY ? 0 : this.counts[slot]!;
  }

  add(a: number, b: number, delta: number): void {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let slot = this.find(lo, hi);
    if (this.low[slot] === EMPTY) {
      // Entries are never removed (a count may drop to 0 and rise again), so probing needs no tombstones.
      if (2 * (this.used + 1) > this.low.length) {
        this.grow();
        slot = this.find(lo, hi);
      }
      this.low[slot] = lo;
      this.high[slot] = hi;
      this.used++;
    }
    this.counts[slot]! += delta;
  }

  private find(lo: number, hi: number): number {
    const mask = this.low.length - 1;
    let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    let slot = h & mask;
    while (this.low[slot] !== EMPTY && (this.low[slot] !== lo || this.high[slot] !== hi)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const [low, high, counts] = [this.low, this.high, this.counts];
    this.low = new Int32Array(low.length * 2).fill(EMPTY);
    this.high = new Int32Array(low.length * 2);
    this.counts = new Uint16Array(low.length * 2);
    this.used = 0;
    for (let i = 0; i < low.length; i++) {
      if (low[i] === EMPTY || counts[i] === 0) continue;
      const slot = this.find(low[i]!, high[i]!);
      this.low[slot] = low[i]!;
      this.high[slot] = high[i]!;
      this.counts[slot] = counts[i]!;
      this.used++;
    }
  }
}
