// The demo's cohorts (features/cohorts): a leadership programme published, its sessions and seats as
// real as any (made, solved and published by the cohorts feature's own functions), and a second
// cohort left as a draft whose preview an admin can change and publish. Planned from a generator of
// their own, so the rest of the demo is the same with or without them, at a weekly time the demo's
// calendar has free for every member and coach, so publishing meets no conflict.
//
// The members of a cohort never shared a session before: the solver then needs no earlier
// encounter avoided and reaches its goal (no repeated pair, every department at its bound) within
// milliseconds, where it stops — the same groups on any machine, whatever the clock.
import { DateTime } from 'luxon';
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import type { PlanningWindow } from '../../lib/time.ts';
import { solveCohort } from '../cohorts/jobs.ts';
import { createCohort, publishCohort } from '../cohorts/service.ts';
import { getCohort } from '../cohorts/views.ts';
import { solve } from '../mixing/solver/solve.ts';
import type { SolverRunner } from '../mixing/solver/worker-runner.ts';
import { Calendar, meetingSlug, shuffled, type Person, type Rand } from './planning.ts';
import { dropQueuedMail, type NewBookingRow, type NewModuleRow } from './queries.ts';

const ZONE = 'Europe/Berlin';
const GROUP_SIZE = 4;
// Every local time of a round, for members and coaches alike, lies within these hours (the cohort
// preview's own working hours, features/cohorts/figures.ts).
const DAY_FROM_MINUTES = 8 * 60;
const DAY_TO_MINUTES = 18 * 60;
// Start times tried, in Berlin, in this order: afternoons first, then mornings; weekdays Tue, Thu, Wed, Mon, Fri.
const START_TIMES = ['14:00', '14:30', '15:00', '15:30', '16:00', '13:00', '13:30', '11:00', '11:30', '10:00', '10:30', '09:00', '09:30', '12:00', '12:30'];
const WEEKDAYS = [2, 4, 3, 1, 5];
// The solver's search, small: these cohorts reach the goal in milliseconds; the step limit keeps the
// run reproducible even on a machine where they would not.
const SOLVE_BUDGET_MS = 1_500;
const SOLVE_MAX_STEPS = 50_000;

interface CohortSpec {
  name: (year: number) => string;
  moduleCode: string;
  /** Departments and how many of each. */
  departments: ReadonlyArray<readonly [string, number]>;
  rounds: number;
  everyWeeks: number;
  /** Weeks after the Monday following now in which the first round falls. */
  firstWeek: number;
  publish: boolean;
  seed: number;
}

const COHORTS: ReadonlyArray<CohortSpec> = [
  {
    name: (year) => `Leadership programme ${year}`, moduleCode: 'LEAD-101',
    departments: [['Engineering', 10], ['Operations', 10], ['Sales', 8]], rounds: 6, everyWeeks: 1, firstWeek: 1, publish: true, seed: 2027,
  },
  {
    name: (year) => `Customer focus circle ${year}`, moduleCode: 'CUST-101',
    departments: [['Sales', 7], ['Customer Service', 7], ['Marketing', 6]], rounds: 4, everyWeeks: 2, firstWeek: 1, publish: false, seed: 2028,
  },
];

export interface CohortPlan {
  name: string;
  moduleId: string;
  durationMinutes: number;
  personIds: string[];
  coachIds: string[];
  /** The first round's wall-clock start in ZONE, the others every `everyWeeks` weeks at the same time. */
  firstStartsAt: string;
  everyWeeks: number;
  rounds: number;
  onlineUrls: string[];
  seed: number;
  publish: boolean;
}

/** Who shared a session (held or to come) with whom, from the planned bookings. */
function partners(bookings: ReadonlyArray<NewBookingRow>): Map<string, Set<string>> {
  const bySession = new Map<string, string[]>();
  for (const b of bookings) {
    if (b.status === 'cancelled') continue;
    const list = bySession.get(b.session_id);
    if (list) list.push(b.person_id);
    else bySession.set(b.session_id, [b.person_id]);
  }
  const met = new Map<string, Set<string>>();
  for (const group of bySession.values()) {
    for (const a of group) {
      let known = met.get(a);
      if (!known) met.set(a, (known = new Set()));
      for (const b of group) if (b !== a) known.add(b);
    }
  }
  return met;
}

function withinDay(zone: string, start: number, end: number): boolean {
  const from = DateTime.fromMillis(start, { zone });
  const to = DateTime.fromMillis(end, { zone });
  return from.hasSame(to, 'day') && from.hour * 60 + from.minute >= DAY_FROM_MINUTES && to.hour * 60 + to.minute <= DAY_TO_MINUTES;
}

/**
 * The cohorts the demo shows, planned against its calendar (which they then reserve): members of
 * the named departments who never met and are free at every round, coaches free at every round.
 */
export function planCohorts(
  rand: Rand, now: Date, people: ReadonlyArray<Person>, modules: ReadonlyArray<NewModuleRow>, calendar: Calendar,
  bookings: ReadonlyArray<NewBookingRow>, demoIds: ReadonlySet<string>, meetingHost: string,
): CohortPlan[] {
  const met = partners(bookings);
  const taken = new Set<string>();
  const firstMonday = DateTime.fromJSDate(now, { zone: ZONE }).startOf('week').plus({ weeks: 1 });
  const coaches = people.filter((p) => p.roles.includes('coach'));
  return COHORTS.map((spec) => {
    const module = modules.find((m) => m.code === spec.moduleCode);
    if (!module) throw new Error(`The demo cohort's module ${spec.moduleCode} is not in the library.`);
    const minutes = module.duration_minutes ?? 90;
    const size = spec.departments.reduce((n, [, count]) => n + count, 0);
    const groups = Math.ceil(size / GROUP_SIZE);
    for (const weekday of WEEKDAYS) {
      for (const time of START_TIMES) {
        const [hour, minute] = time.split(':').map(Number) as [number, number];
        const first = firstMonday.plus({ weeks: spec.firstWeek, days: weekday - 1 }).set({ hour, minute });
        const times = Array.from({ length: spec.rounds }, (_, r) => {
          const start = first.plus({ weeks: r * spec.everyWeeks }).toMillis();
          return [start, start + minutes * 60_000] as const;
        });
        const free = (p: Person) => times.every(([s, e]) => calendar.isFree(p.id, s, e) && withinDay(p.time_zone, s, e));
        const freeCoaches = coaches.filter(free);
        if (freeCoaches.length < groups) continue;
        const members: Person[] = [];
        const strangers = (p: Person) => !members.some((m) => met.get(p.id)?.has(m.id));
        for (const [department, count] of spec.departments) {
          const pool = shuffled(rand, people.filter((p) =>
            p.department === department && !p.roles.includes('coach') && !demoIds.has(p.id) && !taken.has(p.id) && free(p)));
          let added = 0;
          for (const p of pool) {
            if (added === count) break;
            if (!strangers(p)) continue;
            members.push(p);
            added++;
          }
          if (added < count) break;
        }
        if (members.length < size) continue;
        // The demo coach's account leads a group, where free, so signing in as the coach shows one.
        const chosen = [...freeCoaches.filter((c) => demoIds.has(c.id)), ...shuffled(rand, freeCoaches.filter((c) => !demoIds.has(c.id)))].slice(0, groups);
        for (const p of [...members, ...chosen]) for (const [s, e] of times) calendar.reserve(p.id, s, e);
        for (const p of members) taken.add(p.id);
        return {
          name: spec.name(first.year), moduleId: module.id, durationMinutes: minutes,
          personIds: members.map((p) => p.id), coachIds: chosen.map((c) => c.id),
          firstStartsAt: first.toFormat("yyyy-MM-dd'T'HH:mm"), everyWeeks: spec.everyWeeks, rounds: spec.rounds,
          onlineUrls: Array.from({ length: groups }, () => `https://meet.${meetingHost}/${meetingSlug(rand)}`),
          seed: spec.seed, publish: spec.publish,
        };
      }
    }
    throw new Error(`The demo plan has no weekly time at which the cohort ${spec.moduleCode} could meet.`);
  });
}

/** The drafts, made by the admin inside the loader's transaction; their ids in plan order. */
export async function createCohorts(tx: Tx, admin: Actor, plans: ReadonlyArray<CohortPlan>, planning: PlanningWindow): Promise<string[]> {
  const ids: string[] = [];
  for (const plan of plans) {
    ids.push(await createCohort(tx, admin, {
      name: plan.name, moduleId: plan.moduleId, personIds: plan.personIds, rounds: plan.rounds, timeZone: ZONE,
      firstStartsAt: plan.firstStartsAt, everyWeeks: plan.everyWeeks, durationMinutes: plan.durationMinutes, format: 'virtual',
      coachIds: plan.coachIds, onlineUrls: plan.onlineUrls, language: 'en', seed: plan.seed,
    }, planning));
  }
  return ids;
}

// The solver in this thread: the loader runs before Quartet takes requests, and these solves are small.
const inThisThread: SolverRunner = {
  run: (input, callbacks) => {
    callbacks?.onStart?.();
    return Promise.resolve(solve({ ...input, budgetMs: Math.min(input.budgetMs ?? SOLVE_BUDGET_MS, SOLVE_BUDGET_MS), maxSteps: SOLVE_MAX_STEPS }));
  },
  load: () => ({ running: 0, queued: 0 }),
};

/**
 * Solves each draft (committed: the solve writes in transactions of its own) and publishes those the
 * plan publishes. Publishing queues the confirmations, roster notices and reminders any publish
 * queues; the demo's other bookings queue no mail (the reminder sweep queues their reminders when
 * due), so these are dropped with their jobs in the same transaction: a first start sends no flood.
 */
export async function solveAndPublish(db: Db, admin: Actor, plans: ReadonlyArray<CohortPlan>, ids: ReadonlyArray<string>, planning: PlanningWindow): Promise<void> {
  for (const [i, plan] of plans.entries()) {
    const id = ids[i]!;
    await solveCohort(db, admin.orgId, id, inThisThread);
    if (!plan.publish) continue;
    await inOrg(db, admin.orgId, async (tx) => {
      await publishCohort(tx, admin, id, planning);
      const cohort = await getCohort(tx, admin, id, planning.now);
      const sessionIds = (cohort.preview?.rounds ?? []).flatMap((r) => r.groups.map((g) => g.sessionId).filter((s): s is string => s !== null));
      await dropQueuedMail(tx, admin.orgId, sessionIds);
    });
  }
}
