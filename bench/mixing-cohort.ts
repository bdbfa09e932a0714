// Cohorts for bench:mixing: people of departments of unequal size, and earlier encounters as a
// self-service programme would leave them (everyone in a random group of 4 once a month), so the
// solver meets the same kind of history the product hands it. Seeded, so every run measures the same.
import { seededRandom, shuffle } from '../src/features/mixing/solver/seeded-random.ts';

/** Shares of the 8 departments: production-heavy, as at the clients that run the programme. */
const DEPARTMENT_WEIGHTS = [30, 20, 15, 12, 9, 7, 4, 3];

export function unequalDepartments(people: number): Int32Array {
  const total = DEPARTMENT_WEIGHTS.reduce((a, b) => a + b, 0);
  const department = new Int32Array(people);
  let at = 0;
  DEPARTMENT_WEIGHTS.forEach((weight, d) => {
    const count = d === DEPARTMENT_WEIGHTS.length - 1 ? people - at : Math.round((people * weight) / total);
    department.fill(d, at, at + count);
    at += count;
  });
  return department;
}

/** Pairs (flat a, b, a, b, …) of `months` monthly rounds of random groups of 4. */
export function monthlyHistory(people: number, months: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const order = Int32Array.from({ length: people }, (_, p) => p);
  const groups = Math.floor(people / 4);
  const pairs = new Int32Array(months * groups * 6 * 2);
  let at = 0;
  for (let m = 0; m < months; m++) {
    shuffle(order, random);
    for (let g = 0; g < groups; g++) {
      for (let i = 0; i < 4; i++) {
        for (let j = i + 1; j < 4; j++) {
          pairs[at++] = order[g * 4 + i]!;
          pairs[at++] = order[g * 4 + j]!;
        }
      }
    }
  }
  return pairs;
}
