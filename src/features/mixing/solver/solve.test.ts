// The group solver on Social Golfer instances and on cohorts with departments and earlier encounters;
// every schedule is checked by test/schedules.ts, which counts repeats without the solver's help.
import { describe, expect, test } from 'vitest';
import { checkedSchedule } from '../../../../test/schedules.ts';
import { groupSizes } from './layout.ts';
import { solve } from './solve.ts';

// Generous: each instance takes well under a second here; the budget only caps a machine under load.
const BUDGET_MS = 60_000;

describe('Social Golfer instances in groups of 4 reach the best known: no pair twice', () => {
  test.each([
    [16, 5],
    [28, 9],
    [40, 13],
    // Everyone misses exactly one other (the 16 pairs that never meet), by orbit-exact-cover.ts.
    [32, 10],
  ])('%i people over %i rounds', (people, rounds) => {
    const result = solve({ people, groupSize: 4, rounds, budgetMs: BUDGET_MS, seed: 7 });
    const facts = checkedSchedule(result.rounds, people, rounds, { sizes: Array(people / 4).fill(4) });
    expect(facts.repeats).toBe(result.repeats);
    expect(facts.repeats).toBe(0);
    // The bound is tight: everyone meets 3 new people each round.
    expect(Math.min(...facts.partners)).toBe(3 * rounds);
  });

  test('beyond the horizon, repeats are the fewest counting allows: 16 people, 6 rounds', () => {
    // Five rounds meet all 120 pairs; a sixth round's 24 pairs must all be repeats.
    const result = solve({ people: 16, groupSize: 4, rounds: 6, budgetMs: BUDGET_MS, seed: 3 });
    const facts = checkedSchedule(result.rounds, 16, 6, { sizes: [4, 4, 4, 4] });
    expect(facts.repeats).toBe(result.repeats);
    expect(facts.repeats).toBe(24);
  });
});

describe('cohorts', () => {
  test('departments mix down to their bound and nobody meets twice: 3,000 people of 8 unequal departments', () => {
    const weights = [30, 20, 15, 12, 9, 7, 4, 3];
    const departments: number[] = [];
    weights.forEach((w, d) => departments.push(...Array<number>(w * 30).fill(d)));
    const result = solve({ people: 3000, groupSize: 4, rounds: 6, departments, budgetMs: BUDGET_MS, seed: 1 });
    const facts = checkedSchedule(result.rounds, 3000, 6, { departments });
    expect(facts.repeats).toBe(0);
    // 900 of one department in 750 groups: some group holds two, none more.
    expect(result.departmentBounds.find((b) => b.people === 900)?.bound).toBe(2);
    expect(Math.max(...facts.largestDepartmentShare)).toBe(2);
    expect(result.departmentExcess).toBe(0);
  });

  test('pairs who met before are kept apart while possible', () => {
    const metBefore: Array<[number, number]> = [];
    for (let p = 0; p < 40; p += 2) metBefore.push([p, p + 1], [p, (p + 7) % 40]);
    const result = solve({ people: 40, groupSize: 4, rounds: 5, metBefore, budgetMs: BUDGET_MS, seed: 2 });
    const facts = checkedSchedule(result.rounds, 40, 5, { metBefore });
    expect(facts.repeats).toBe(result.repeats);
    expect(facts.repeats).toBe(0);
  });

  test('uneven numbers make groups of 4 and 3, never of 1 or 2', () => {
    expect(groupSizes(30, 4)).toEqual([4, 4, 4, 4, 4, 4, 3, 3]);
    expect(groupSizes(13, 4)).toEqual([4, 3, 3, 3]);
    expect(groupSizes(5, 4)).toEqual([5]);
    const result = solve({ people: 30, groupSize: 4, rounds: 4, budgetMs: BUDGET_MS, seed: 5 });
    const facts = checkedSchedule(result.rounds, 30, 4, { sizes: [4, 4, 4, 4, 4, 4, 3, 3] });
    expect(facts.repeats).toBe(0);
  });

  test('the same seed and step limit give the same schedule', () => {
    // Loose enough that no construction (whose restarts are timed) is tried: dealing and the search alone.
    const input = { people: 40, groupSize: 4, rounds: 6, seed: 11, maxSteps: 5_000, budgetMs: BUDGET_MS };
    expect(solve(input).rounds).toEqual(solve(input).rounds);
  });

  test('progress is reported with the current repeats, ending with done', () => {
    const phases: string[] = [];
    const result = solve({ people: 28, groupSize: 4, rounds: 9, budgetMs: BUDGET_MS, seed: 1 }, (p) => phases.push(`${p.phase}:${p.repeats}`));
    expect(phases.at(-1)).toBe(`done:${result.repeats}`);
    expect(phases.length).toBeGreaterThan(1);
  });

  test.each([
    [{ people: 1, groupSize: 4, rounds: 1 }, /people/],
    [{ people: 8, groupSize: 1, rounds: 1 }, /groupSize/],
    [{ people: 8, groupSize: 4, rounds: 0 }, /rounds/],
    [{ people: 8, groupSize: 4, rounds: 2, departments: [1, 2] }, /one department per person/],
    [{ people: 8, groupSize: 4, rounds: 2, metBefore: [[0, 8]] as Array<[number, number]> }, /outside/],
    [{ people: 8, groupSize: 4, rounds: 2, metBefore: [[3, 3]] as Array<[number, number]> }, /themself/],
  ])('refuses %o', (input, message) => {
    expect(() => solve(input)).toThrow(message);
  });
});
