import { describe, expect, it } from 'vitest';
import { PRIVACY_FLOOR as WEB_FLOOR } from '../web/privacy-floor/floor.ts';
import { mayShow, mergeSmallBands, peopleCount, PRIVACY_FLOOR, unionOf, unlessWithheld, withholdSmallGroups } from './privacy-floor.ts';

const ids = (...names: string[]) => new Set(names);

describe('the privacy floor', () => {
  it('is five people, in the API and in the web app alike', () => {
    expect(PRIVACY_FLOOR).toBe(5);
    expect(WEB_FLOOR).toBe(PRIVACY_FLOOR);
  });

  it('shows a figure about nobody or about five or more, withholds one about one to four', () => {
    expect([0, 1, 4, 5, 6].map((n) => mayShow(n))).toEqual([true, false, false, true, true]);
    expect(unlessWithheld(4, 3.7)).toBeNull();
    expect(unlessWithheld(5, 3.7)).toBe(3.7);
    expect([0, 3, 5].map(peopleCount)).toEqual([0, null, 5]);
  });

  it('counts people, not rows: ids seen twice count once', () => {
    expect(mayShow(ids('a', 'b', 'c', 'd'))).toBe(false);
    expect(unionOf([ids('a', 'b'), ids('b', 'c')])).toEqual(ids('a', 'b', 'c'));
    expect(unionOf([2, 3])).toBe(5);
    expect(() => unionOf([2, ids('a')])).toThrow();
  });
});

describe('withholdSmallGroups', () => {
  const sizes = (...n: number[]) => withholdSmallGroups(n, (x) => x);

  it('withholds a small group and, where a total would give it away, the smallest shown group too', () => {
    // A total of 12 with 5 and 5 shown would reveal the 2.
    expect(sizes(5, 5, 2)).toEqual([true, false, false]);
    expect(sizes(7, 5, 2)).toEqual([true, false, false]);
  });

  it('leaves small groups withheld together when they already make five', () => {
    expect(sizes(9, 3, 2)).toEqual([true, false, false]);
    expect(sizes(9, 0, 6)).toEqual([true, true, true]);
  });

  it('withholds everything when nothing else can cover a small group', () => {
    expect(sizes(2)).toEqual([false]);
    expect(sizes(3, 1)).toEqual([false, false]);
    // "Nobody of three took part" is a figure about the three.
    expect(sizes(0, 3)).toEqual([false, false]);
  });

  it('counts the withheld groups by their distinct people where groups overlap', () => {
    // Two small groups of the same two people: together still two people, so a shown one goes too.
    const groups = [ids('a', 'b'), ids('a', 'b'), ids('c', 'd', 'e', 'f', 'g'), ids('h', 'i', 'j', 'k', 'l', 'm')];
    expect(withholdSmallGroups(groups, (g) => g)).toEqual([false, false, false, true]);
  });

  it('protects each part of a breakdown: a module minus its shown sessions is no small group', () => {
    const sessions = [
      { module: 'M', people: 6 }, { module: 'M', people: 2 },
      { module: 'N', people: 5 }, { module: 'N', people: 5 }, { module: 'N', people: 5 },
    ];
    // Across the list the withheld 2 would be covered by nothing; within M the 6 must go as well.
    expect(withholdSmallGroups(sessions, (s) => s.people, (s) => [s.module])).toEqual([false, false, true, true, true]);
  });
});

describe('mergeSmallBands', () => {
  type Band = { from: number; to: number; people: number };
  const merge = (a: Band, b: Band): Band => ({ from: a.from, to: b.to, people: a.people + b.people });
  const band = (from: number, people: number): Band => ({ from, to: from, people });

  it('joins a small band with the next, the last one with the one before, and drops empty ones', () => {
    const bands = [band(1, 7), band(2, 2), band(3, 4), band(4, 0), band(5, 5), band(6, 1)];
    expect(mergeSmallBands(bands, (b) => b.people, merge)).toEqual([
      { from: 1, to: 1, people: 7 }, { from: 2, to: 3, people: 6 }, { from: 5, to: 6, people: 6 },
    ]);
  });

  it('leaves one small band only when everyone together is fewer than five', () => {
    expect(mergeSmallBands([band(1, 2), band(2, 2)], (b) => b.people, merge)).toEqual([{ from: 1, to: 2, people: 4 }]);
    expect(mergeSmallBands([band(1, 0)], (b) => b.people, merge)).toEqual([]);
    expect(mergeSmallBands([band(1, 4), band(2, 0), band(3, 0)], (b) => b.people, merge)).toEqual([{ from: 1, to: 1, people: 4 }]);
  });
});
