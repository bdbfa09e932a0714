// The group solver (issue 14): N people in groups of about `groupSize` for R rounds, so that no pair
// meets twice while that is possible (repeats minimal beyond), earlier encounters count as met, and
// departments mix down to their bound (layout.ts). Pure: no database, no clock but the budget's, chance
// only from the seed. Repeats come first, the department mix second (schedule.ts REPEAT_WEIGHT): some
// cohorts cannot have both — 32 people of two departments of 16 over 10 rounds meet 320 cross-department
// pairs if every group is 2 + 2, but only 256 exist.
import { performance } from 'node:perf_hooks';
import { constructedSchedule } from './constructions.ts';
import { dealRemainingRounds } from './dealt-rounds.ts';
import { groupSizes } from './layout.ts';
import { relabelSearch } from './relabel.ts';
import { problemOf, Schedule, type Problem } from './schedule.ts';
import { seededRandom } from './seeded-random.ts';
import { tabuSearch } from './tabu-search.ts';

export interface SolveInput {
  people: number;
  groupSize: number;
  rounds: number;
  /** Per person, any whole number naming their department (equal numbers: same department). */
  departments?: ArrayLike<number>;
  /** Pairs that met before (self-service encounters): as [a, b] pairs, or flat a0, b0, a1, b1, … */
  metBefore?: ReadonlyArray<readonly [number, number]> | Int32Array;
  /** The same seed gives the same schedule (when the run ends by reaching its goal or maxSteps). */
  seed?: number;
  /** Time for the search, in milliseconds; the first schedule is always built whatever the budget. */
  budgetMs?: number;
  /** A step limit for the search, for runs that must not depend on the machine's speed. */
  maxSteps?: number;
}

export type SolvePhase = 'dealing' | 'construction' | 'search' | 'done';

export interface SolveProgress {
  phase: SolvePhase;
  /** Repeats and department excess of the best schedule so far. */
  repeats: number;
  departmentExcess: number;
  elapsedMs: number;
  budgetMs: number;
}

export interface DepartmentBound {
  department: number;
  people: number;
  /** ceil(people / groups): no group can hold fewer of the department's largest share. */
  bound: number;
}

export interface SolveResult {
  /** Rounds, each an array of groups, each an array of person numbers 0…N−1. */
  rounds: number[][][];
  groupSizes: number[];
  repeats: number;
  /** No schedule of these people, rounds and earlier encounters can have fewer repeats (by counting). */
  repeatsBound: number;
  /** People beyond their department's bound, summed over groups and rounds (0: every bound met). */
  departmentExcess: number;
  departmentBounds: DepartmentBound[];
  /** Where the schedule came from: the dealt rounds, a construction, and whether the search changed it. */
  method: string;
  elapsedMs: number;
}

export const DEFAULT_BUDGET_MS = 10_000;
/** The share of the budget a construction may take before the general search gets the rest. */
const CONSTRUCTION_SHARE = 0.5;
const REPORT_EVERY_MS = 100;

export function solve(input: SolveInput, onProgress: (progress: SolveProgress) => void = () => {}): SolveResult {
  const started = performance.now();
  const budgetMs = input.budgetMs ?? DEFAULT_BUDGET_MS;
  const deadline = started + budgetMs;
  const { problem, departmentNames } = problemFromInput(input);
  const random = seededRandom(input.seed ?? 1);
  let lastReport = -Infinity;
  const report = (phase: SolvePhase, repeats: number, excess: number, force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < REPORT_EVERY_MS) return;
    lastReport = now;
    onProgress({ phase, repeats, departmentExcess: excess, elapsedMs: now - started, budgetMs });
  };

  let schedule = new Schedule(problem);
  dealRemainingRounds(schedule, random, () => report('dealing', schedule.repeats, schedule.excess));
  let method = 'dealt rounds';
  report('dealing', schedule.repeats, schedule.excess, true);

  if (!schedule.atGoal() && performance.now() < deadline) {
    const constructionDeadline = performance.now() + (deadline - performance.now()) * CONSTRUCTION_SHARE;
    // Beyond the horizon (rounds in which everyone can still meet new people) a construction builds
    // the horizon's rounds and the rest are dealt: every repeat then falls in the rounds after it.
    const horizon = Math.min(problem.rounds, Math.floor((problem.people - 1) / (problem.sizes[0]! - 1)));
    const base = horizon < problem.rounds ? problemOf(problem.people, horizon, Array.from(problem.sizes), problem.department, problem.metBefore) : problem;
    const built = horizon > 0 ? constructedSchedule(base, random, constructionDeadline) : undefined;
    if (built) {
      const candidate = new Schedule(problem);
      for (let r = 0; r < horizon; r++) candidate.placeRound(built.order.subarray(r * problem.people, (r + 1) * problem.people));
      dealRemainingRounds(candidate, random, () => {});
      if (!candidate.atGoal()) relabelSearch(candidate, random, constructionDeadline);
      report('construction', candidate.repeats, candidate.excess, true);
      if (better(candidate, schedule)) {
        schedule = candidate;
        method = built.name;
      }
    }
  }

  if (!schedule.atGoal() && performance.now() < deadline) {
    const before = schedule.order.slice();
    tabuSearch(schedule, random, {
      deadline, maxSteps: input.maxSteps ?? Infinity, now: () => performance.now(),
      report: (repeats, excess) => report('search', repeats, excess),
    });
    if (!sameOrder(before, schedule.order)) method += ' + tabu search';
  }
  report('done', schedule.repeats, schedule.excess, true);
  return {
    rounds: nested(schedule), groupSizes: Array.from(problem.sizes), repeats: schedule.repeats, repeatsBound: problem.repeatsBound, departmentExcess: schedule.excess,
    departmentBounds: departmentNames.map((department, d) => ({ department, people: problem.departmentMembers[d]!.length, bound: problem.bound[d]! })),
    method, elapsedMs: performance.now() - started,
  };
}

function better(a: Schedule, b: Schedule): boolean {
  return a.repeats < b.repeats || (a.repeats === b.repeats && a.excess < b.excess);
}

function sameOrder(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function nested(schedule: Schedule): number[][][] {
  const { people, rounds, starts } = schedule.problem;
  return Array.from({ length: rounds }, (_, r) =>
    Array.from({ length: starts.length - 1 }, (_, g) => Array.from(schedule.order.subarray(r * people + starts[g]!, r * people + starts[g + 1]!))),
  );
}

function problemFromInput(input: SolveInput): { problem: Problem; departmentNames: number[] } {
  const { people, groupSize, rounds } = input;
  if (!Number.isInteger(people) || people < 2) throw new RangeError('people must be a whole number of at least 2');
  if (!Number.isInteger(groupSize) || groupSize < 2) throw new RangeError('groupSize must be a whole number of at least 2');
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError('rounds must be a whole number of at least 1');
  let department: Int32Array | null = null;
  let departmentNames: number[] = [];
  if (input.departments) {
    if (input.departments.length !== people) throw new RangeError(`departments must name one department per person (${people})`);
    departmentNames = [...new Set(Array.from(input.departments))].sort((a, b) => a - b);
    const index = new Map(departmentNames.map((name, d) => [name, d]));
    department = Int32Array.from(input.departments, (name) => index.get(name)!);
  }
  const met = input.metBefore instanceof Int32Array ? input.metBefore : Int32Array.from((input.metBefore ?? []).flat());
  for (let i = 0; i < met.length; i++) {
    if (!(met[i]! >= 0 && met[i]! < people)) throw new RangeError(`metBefore names person ${met[i]}, outside 0…${people - 1}`);
  }
  if (met.length % 2 !== 0) throw new RangeError('metBefore must hold pairs');
  for (let i = 0; i < met.length; i += 2) if (met[i] === met[i + 1]) throw new RangeError(`metBefore pairs person ${met[i]} with themself`);
  return { problem: problemOf(people, rounds, groupSizes(people, groupSize), department, met), departmentNames };
}
