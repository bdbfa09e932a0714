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
import { weekNetwork, type WeekNetwork } from './week-network.ts';

export function planProgramme(input: PlanInput): PlanResult {
  const started = performance.now();
  const problem = prepared(input);
  const sessions: PlannedSession[] = [];
  const gaps: Gap[] = [];
  const achievablePerWeek: number[] = [];
  for (let w = 0; w < problem.weeks; w++) {
    const week = weekNetwork(problem, w);
    achievablePerWeek.push(maxFlow(week.net, week.source, week.sink));
    week.net.clearFlow();
    minCostMaxFlow(week.net, week.source, week.sink);
    sessions.push(...sessionsOfWeek(problem, week));
    gaps.push(...gapsOfWeek(problem, week));
  }
  return { ...planFigures(problem, sessions, achievablePerWeek), sessions, gaps, elapsedMs: performance.now() - started };
}

/** The week's flow read back as sessions: a room per site session, a module per session. */
function sessionsOfWeek(problem: Problem, week: WeekNetwork): PlannedSession[] {
  const chosen = week.assignments
    .filter((a) => week.net.flow[a.edge]! > 0)
    .sort((a, b) => a.start - b.start || a.place - b.place || (problem.coaches[a.coach]!.id < problem.coaches[b.coach]!.id ? -1 : 1));
  const roomsTaken = new Map<string, number>();
  // Modules are dealt per place and week: each session gets the week's module its coach coaches that
  // the place has had least often so far, so overlapping campaigns share the week evenly.
  const moduleCounts = new Map<string, number>();
  const running = problem.modulesByWeek[week.week]!;
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
    let moduleId = '';
    let fewest = Infinity;
    for (const m of running) {
      const count = moduleCounts.get(`${p}|${m}`) ?? 0;
      if (coach.modules.has(m) && count < fewest) [moduleId, fewest] = [m, count];
    }
    moduleCounts.set(`${p}|${moduleId}`, fewest + 1);
    return {
      week: week.week, start: new Date(start), end: new Date(start + problem.sessionMs), coachId: coach.id, moduleId,
      placeId: place.id, kind: place.kind, roomId, zone: place.zone, seats: problem.seats,
    };
  });
}
