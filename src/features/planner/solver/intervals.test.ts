// Interval sets: union, subtraction, and the two questions the planner asks of them.
import { describe, expect, test } from 'vitest';
import { covers, overlaps, subtract, unionOf } from './intervals.ts';

describe('interval sets', () => {
  test('union merges overlapping and touching intervals, drops empty ones', () => {
    expect(unionOf([[5, 7], [1, 3], [3, 4], [6, 9], [10, 10]])).toEqual([1, 4, 5, 9]);
  });

  test('subtraction cuts holes and trims ends', () => {
    expect(subtract([0, 10, 20, 30], [2, 4, 8, 22, 29, 40])).toEqual([0, 2, 4, 8, 22, 29]);
    expect(subtract([0, 10], [])).toEqual([0, 10]);
    expect(subtract([0, 10], [-5, 15])).toEqual([]);
  });

  test('covers: wholly inside one interval', () => {
    const set = [0, 10, 10.5, 20];
    expect(covers(set, 0, 10)).toBe(true);
    expect(covers(set, 9, 11)).toBe(false);
    expect(covers(set, -1, 2)).toBe(false);
    expect(covers([], 0, 1)).toBe(false);
  });

  test('overlaps: any shared instant, before the first interval too', () => {
    const set = [8, 11, 14, 15];
    expect(overlaps(set, 7, 8.5)).toBe(true); // starts before every interval, ends inside the first
    expect(overlaps(set, 7, 8)).toBe(false); // half-open: touching is not overlapping
    expect(overlaps(set, 11, 14)).toBe(false);
    expect(overlaps(set, 10, 12)).toBe(true);
    expect(overlaps(set, 12, 16)).toBe(true);
    expect(overlaps(set, 15, 20)).toBe(false);
  });
});
