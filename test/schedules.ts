// Checks a group schedule without trusting the solver that made it: every round holds each person
// exactly once, groups have the sizes asked for, and repeats are counted here from the rounds alone
// (a pair meeting k times counts k − 1; a pair that had met before counts once more per meeting).
import { expect } from 'vitest';

export interface ScheduleFacts {
  repeats: number;
  /** Per group and round, the most people of one department in it. */
  largestDepartmentShare: number[];
  /** Per person, the distinct people met over all rounds. */
  partners: number[];
}

export function checkedSchedule(rounds: number[][][], people: number, expectedRounds: number, options: { sizes?: number[]; departments?: ArrayLike<number>; metBefore?: Array<[number, number]> } = {}): ScheduleFacts {
  expect(rounds).toHaveLength(expectedRounds);
  const met = new Map<string, number>();
  const key = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
  for (const [a, b] of options.metBefore ?? []) met.set(key(a, b), 1);
  let repeats = 0;
  const largestDepartmentShare: number[] = [];
  const partners = Array.from({ length: people }, () => new Set<number>());
  for (const [r, round] of rounds.entries()) {
    const seen = round.flat().sort((a, b) => a - b);
    expect(seen, `round ${r} holds each person once`).toEqual(Array.from({ length: people }, (_, p) => p));
    if (options.sizes) expect(round.map((g) => g.length).sort((a, b) => b - a), `round ${r}'s group sizes`).toEqual(options.sizes);
    for (const group of round) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const k = key(group[i]!, group[j]!);
          const before = met.get(k) ?? 0;
          if (before > 0) repeats++;
          met.set(k, before + 1);
          partners[group[i]!]!.add(group[j]!);
          partners[group[j]!]!.add(group[i]!);
        }
      }
      if (options.departments) {
        const count = new Map<number, number>();
        for (const p of group) count.set(options.departments[p]!, (count.get(options.departments[p]!) ?? 0) + 1);
        largestDepartmentShare.push(Math.max(...count.values()));
      }
    }
  }
  return { repeats, largestDepartmentShare, partners: partners.map((s) => s.size) };
}
