// The quality figures of a cohort's schedule and the choice of a swap partner: pure functions of the
// schedule (rounds[r][g] = person ids), the members' departments and who met before. They count from
// the schedule itself, never from the solver's own tallies, so a schedule changed by hand (a move, a
// swap) is judged the same way as one the solver made, and the solver is checked, not trusted.

import { DateTime } from 'luxon';
import { repeatsLowerBound as solverBound } from '../mixing/solver/layout.ts';

export type Schedule = string[][][];

export interface FigureFacts {
  schedule: Schedule;
  /** Every member's department (null: none given; such a person shares a department with nobody). */
  departments: ReadonlyMap<string, string | null>;
  /** Pairs of members who met before the cohort (self-service encounters). */
  metBefore: ReadonlyArray<readonly [string, string]>;
}

export interface DepartmentBound {
  department: string;
  people: number;
  /** ceil(people / groups): some group holds at least this many of them, whatever the schedule. */
  bound: number;
}

export interface CohortFigures {
  people: number;
  rounds: number;
  groupSizes: number[];
  /** Meetings of a pair beyond its first (a pair that met before: every meeting here is one). */
  repeats: number;
  /** No schedule of these group sizes can have fewer repeats (a counting bound). */
  repeatsLowerBound: number;
  /** People beyond their department's bound, summed over every group of every round. */
  departmentExcess: number;
  departmentBounds: DepartmentBound[];
  /** Per group: how many departments it mixes, and its largest share of one department. */
  groups: Array<Array<{ departments: number; largestShare: number }>>;
  /** Colleagues each person meets here for the first time (not met before, counted once). */
  newColleagues: { min: number; median: number; max: number };
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** How often each pair meets in the schedule, optionally leaving one round out. */
export function meetingsOf(schedule: Schedule, skipRound = -1): Map<string, number> {
  const meetings = new Map<string, number>();
  schedule.forEach((groups, r) => {
    if (r === skipRound) return;
    for (const group of groups) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const key = pairKey(group[i]!, group[j]!);
          meetings.set(key, (meetings.get(key) ?? 0) + 1);
        }
      }
    }
  });
  return meetings;
}

export function cohortFigures(facts: FigureFacts): CohortFigures {
  const { schedule, departments } = facts;
  const people = departments.size;
  const groupSizes = (schedule[0] ?? []).map((g) => g.length);
  const met = new Set(facts.metBefore.map(([a, b]) => pairKey(a, b)));

  let repeats = 0;
  const partners = new Map<string, Set<string>>([...departments.keys()].map((id) => [id, new Set<string>()]));
  for (const [key, times] of meetingsOf(schedule)) {
    repeats += times - 1 + (met.has(key) ? 1 : 0);
    if (met.has(key)) continue;
    const [a, b] = key.split('|') as [string, string];
    partners.get(a)?.add(b);
    partners.get(b)?.add(a);
  }

  const departmentBounds = boundsOf(departments, groupSizes.length);
  const boundOf = new Map(departmentBounds.map((d) => [d.department, d.bound]));
  let departmentExcess = 0;
  const groups = schedule.map((round) => round.map((group) => {
    const shares = new Map<string, number>();
    for (const id of group) {
      const department = departments.get(id);
      if (department) shares.set(department, (shares.get(department) ?? 0) + 1);
    }
    for (const [department, share] of shares) departmentExcess += Math.max(0, share - boundOf.get(department)!);
    const unnamed = group.filter((id) => !departments.get(id)).length;
    return { departments: shares.size + unnamed, largestShare: Math.max(unnamed > 0 ? 1 : 0, ...shares.values()) };
  }));

  const fresh = [...partners.values()].map((s) => s.size).sort((a, b) => a - b);
  return {
    people, rounds: schedule.length, groupSizes, repeats,
    repeatsLowerBound: repeatsLowerBound(people, schedule.length, groupSizes, facts.metBefore),
    departmentExcess, departmentBounds, groups,
    newColleagues: {
      min: fresh[0] ?? 0,
      median: fresh.length === 0 ? 0 : fresh.length % 2 === 1 ? fresh[(fresh.length - 1) / 2]! : (fresh[fresh.length / 2 - 1]! + fresh[fresh.length / 2]!) / 2,
      max: fresh.at(-1) ?? 0,
    },
  };
}

/** Each department's bound for `groups` groups: its people spread over them as evenly as can be. */
export function boundsOf(departments: ReadonlyMap<string, string | null>, groups: number): DepartmentBound[] {
  const sizes = new Map<string, number>();
  for (const department of departments.values()) if (department) sizes.set(department, (sizes.get(department) ?? 0) + 1);
  return [...sizes].sort(([a], [b]) => a.localeCompare(b))
    .map(([department, size]) => ({ department, people: size, bound: Math.ceil(size / Math.max(1, groups)) }));
}

/**
 * The fewest repeats any schedule with these group sizes can have. Three counts, the largest wins:
 * all meetings against all pairs still new (every meeting beyond the pairs that are new repeats one);
 * per person, the meetings of their R rounds in the smallest group against the colleagues they have
 * not met (each repeat is seen by both of its people, hence the halving); and per round after the
 * first, each group of the round before spread over the G groups as evenly as can be (with 3 groups,
 * a group of 4 keeps a pair together: 12 people cannot meet twice without a repeat). 0 while the
 * rounds fit, e.g. groups of 4 for R rounds with R·3 ≤ N − 1, G ≥ 4 and nobody met before.
 */
/** The solver's own counting bound (mixing/solver/layout.ts), for members named by id. */
export function repeatsLowerBound(people: number, rounds: number, groupSizes: number[], metBefore: ReadonlyArray<readonly [string, string]>): number {
  if (groupSizes.length === 0) return 0;
  const index = new Map<string, number>();
  const numberOf = (id: string) => {
    if (!index.has(id)) index.set(id, index.size);
    return index.get(id)!;
  };
  return solverBound(people, rounds, groupSizes, Int32Array.from(metBefore.flatMap(([a, b]) => [numberOf(a), numberOf(b)])));
}

export interface SwapChoice {
  partnerId: string;
  fromGroup: number;
  toGroup: number;
  /** Meetings the two would have in their new groups with people they met before or meet in the
   *  cohort's other rounds (a pair counted once per earlier meeting). */
  newRepeats: number;
}

/**
 * Whom `personId` should trade places with in round `round`: the member of another group whose
 * trade brings the fewest repeats into the two groups it changes, counting earlier encounters and
 * every other round of the cohort; ties go to the earlier group, then the earlier place.
 */
export function bestSwapPartner(
  schedule: Schedule, round: number, personId: string, metBefore: ReadonlyArray<readonly [string, string]>,
  eligible: (partnerId: string, toGroup: number) => boolean = () => true,
): SwapChoice | null {
  const groups = schedule[round];
  if (!groups) return null;
  const fromGroup = groups.findIndex((g) => g.includes(personId));
  if (fromGroup < 0) return null;
  const elsewhere = meetingsOf(schedule, round);
  const met = new Set(metBefore.map(([a, b]) => pairKey(a, b)));
  const history = (a: string, b: string) => (elsewhere.get(pairKey(a, b)) ?? 0) + (met.has(pairKey(a, b)) ? 1 : 0);
  const own = groups[fromGroup]!.filter((id) => id !== personId);
  let best: SwapChoice | null = null;
  groups.forEach((group, toGroup) => {
    if (toGroup === fromGroup) return;
    for (const partnerId of group) {
      if (!eligible(partnerId, toGroup)) continue;
      let newRepeats = 0;
      for (const other of group) if (other !== partnerId) newRepeats += history(personId, other);
      for (const other of own) newRepeats += history(partnerId, other);
      if (!best || newRepeats < best.newRepeats) best = { partnerId, fromGroup, toGroup, newRepeats };
    }
  });
  return best;
}

/** A session suits a person's day when it starts and ends within these hours of their own zone, Monday to Friday. */
export const WORKING_HOURS = { from: 8, to: 18 } as const;

/** Where a round falls in one person's own zone: its local start, and whether it lies outside their working hours. */
export function localRound(startsAt: Date, durationMinutes: number, timeZone: string): { localStart: string; outside: boolean } {
  const start = DateTime.fromJSDate(startsAt, { zone: timeZone });
  const end = start.plus({ minutes: durationMinutes });
  const minutes = (t: DateTime) => t.hour * 60 + t.minute;
  const outside = start.weekday > 5 || !start.hasSame(end, 'day')
    || minutes(start) < WORKING_HOURS.from * 60 || minutes(end) > WORKING_HOURS.to * 60;
  return { localStart: start.toFormat('HH:mm'), outside };
}

/** How many members meet at least one round outside their working hours, and in how many seats in all. */
export function outsideWorkingHours(starts: Date[], durationMinutes: number, zones: ReadonlyMap<string, string>): { people: number; seats: number } {
  let people = 0;
  let seats = 0;
  for (const zone of zones.values()) {
    const outside = starts.filter((s) => localRound(s, durationMinutes, zone).outside).length;
    seats += outside;
    if (outside > 0) people++;
  }
  return { people, seats };
}
