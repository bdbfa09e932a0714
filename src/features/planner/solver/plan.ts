// The programme planner (issue 16): sessions for the next N weeks, placed in coaches' free time, in
// rooms or virtual, inside the working hours of the people they are for, never breaking a rule, and
// as many as the availability allows. Each week is one flow network (week-network.ts): its maximum
// flow (Dinic, max-flow.ts) is the most any plan can place; its cheapest maximum flow (successive
// shortest paths, min-cost-flow.ts) is the plan, spread over days and starts and balanced over
// coaches. Pure: no database, no clock but the elapsed time, no chance — the same input gives the
// same plan.
import { performance } from 'node:perf_hooks';
import { planFigures } from './figures.ts';
import { gapsOfWeek } from './gaps.ts';
import { maxFlow } from './max-flow.ts';
import { minCostMaxFlow } from './min-cost-flow.ts';
import type { PlanInput } from './plan-input.ts';
import type { Gap, PlannedSession, PlanResult } from './plan-result.ts';
import { prepared, type Problem } from './problem.ts';
import { localWeekOf } from './wall-clock.ts';
import { weekNetwork, type PlannedBefore, type WeekNetwork } from './week-network.ts';

export function planProgramme(input: PlanInput): PlanResult {
  const started = performance.now();
  const problem = prepared(input);
  const sessions: PlannedSession[] = [];
  const gaps: Gap[] = [];
  const achievablePerWeek: number[] = [];
  const dealt = new ModulesDealt();
  const plannedBefore: PlannedBefore = new Map();
  const coachIndex = new Map(problem.coaches.map((c, i) => [c.id, i]));
  for (let w = 0; w < problem.weeks; w++) {
    const week = weekNetwork(problem, w, plannedBefore);
    achievablePerWeek.push(maxFlow(week.net, week.source, week.sink));
    week.net.clearFlow();
    minCostMaxFlow(week.net, week.source, week.sink);
    const planned = sessionsOfWeek(problem, week, dealt);
    // A week of a coach's zone straddles two weeks of the horizon: the next one sees these.
    for (const s of planned) {
      const c = coachIndex.get(s.coachId)!;
      const key = `${c}|${localWeekOf(s.start.getTime(), problem.coaches[c]!.zone)}`;
      plannedBefore.set(key, (plannedBefore.get(key) ?? 0) + 1);
    }
    sessions.push(...planned);
    gaps.push(...gapsOfWeek(problem, week));
  }
  return { ...planFigures(problem, sessions, achievablePerWeek), sessions, gaps, elapsedMs: performance.now() - started };
}

/**
 * How often each module was dealt so far, per place and in all, over the whole horizon: each session
 * gets, of the modules running there that its coach coaches, the one its place has had least often,
 * and of those the one the organisation has had least often, so neither a week nor a place starts
 * again from the top of the module list.
 */
class ModulesDealt {
  private readonly atPlace = new Map<string, number>();
  private readonly inAll = new Map<string, number>();

  deal(place: number, running: string[], coachable: Set<string>): string {
    const atPlace = (m: string) => this.atPlace.get(`${place}|${m}`) ?? 0;
    const inAll = (m: string) => this.inAll.get(m) ?? 0;
    const fewer = (a: string, b: string) => atPlace(b) < atPlace(a) || (atPlace(b) === atPlace(a) && inAll(b) < inAll(a));
    const chosen = running.filter((m) => coachable.has(m)).reduce((a, b) => (fewer(a, b) ? b : a));
    this.atPlace.set(`${place}|${chosen}`, atPlace(chosen) + 1);
    this.inAll.set(chosen, inAll(chosen) + 1);
    return chosen;
  }
}

/** The week's flow read back as sessions: a room per site session, a module per session, ending after its module. */
function sessionsOfWeek(problem: Problem, week: WeekNetwork, dealt: ModulesDealt): PlannedSession[] {
  const chosen = week.assignments
    .filter((a) => week.net.flow[a.edge]! > 0)
    .sort((a, b) => a.start - b.start || a.place - b.place || (problem.coaches[a.coach]!.id < problem.coaches[b.coach]!.id ? -1 : 1));
  const roomsTaken = new Map<string, number>();
  return chosen.map(({ coach: c, place: p, start }) => {
    const coach = problem.coaches[c]!;
    const place = problem.places[p]!;
    let roomId: string | null = null;
    if (place.kind === 'site') {
      const key = `${p}|${start}`;
      const taken = roomsTaken.get(key) ?? 0;
      roomId = place.rooms[week.freeRooms.get(key)![taken]!]!.id;
      roomsTaken.set(key, taken + 1);
    }
    // The week network lets a coach reach a place only where they coach a module running there.
    const moduleId = dealt.deal(p, problem.modulesAt[p]![week.week]!, coach.modules);
    return {
      week: week.week, start: new Date(start), end: new Date(start + problem.moduleMs.get(moduleId)!), coachId: coach.id, moduleId,
      placeId: place.id, kind: place.kind, roomId, zone: place.zone, seats: problem.seats,
    };
  });
}
