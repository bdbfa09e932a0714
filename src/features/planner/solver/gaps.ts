// Why a place's week is short, read from the maximum flow rather than guessed. After the flow, the
// nodes that can still reach the place in the residual graph are those that could pass it one more
// session; no path reaches them from the source (else the flow was not maximal). The edges entering
// that set are full, and they are exactly the limits in the way: a coach's weekly maximum, a coach's
// block taken by another place, a site's rooms. When none of those is in the way, the place lacks
// supply itself: no module of the week is for its people, nobody can come, nobody coaches the week's
// module, or nobody's free time falls in its working hours (or not often enough).
import type { Gap, GapReason } from './plan-result.ts';
import type { Problem } from './problem.ts';
import type { WeekNetwork } from './week-network.ts';

export function gapsOfWeek(problem: Problem, week: WeekNetwork): Gap[] {
  const gaps: Gap[] = [];
  problem.places.forEach((place, p) => {
    const needed = problem.sessionsNeeded[p]![week.week]!;
    if (needed <= 0) return;
    const planned = week.net.flow[week.demandEdge[p]!]!;
    if (planned >= needed) return;
    const limits = limitsAround(week, week.placeNode[p]!);
    const reasons: GapReason[] = [];
    if (limits.atMaximum.size > 0) reasons.push('coaches_at_weekly_maximum');
    if (limits.busyElsewhere.size > 0) reasons.push('coaches_busy_elsewhere');
    if (limits.roomless > 0) reasons.push('no_free_room');
    if (reasons.length === 0) reasons.push(supplyReason(problem, week, p));
    const name = (c: number) => problem.coaches[c]!.id;
    gaps.push({
      week: week.week, placeId: place.id, sessionsNeeded: needed, sessionsPlanned: planned, sessionsShort: needed - planned,
      seatsShort: Math.max(0, problem.seatsNeeded[p]![week.week]! - planned * problem.seats), reasons,
      coachesAtMaximum: [...limits.atMaximum].map(name).sort(), coachesBusyElsewhere: [...limits.busyElsewhere].map(name).sort(),
      startsWithoutRoom: limits.roomless,
    });
  });
  return gaps;
}

interface Limits {
  atMaximum: Set<number>;
  busyElsewhere: Set<number>;
  roomless: number;
}

// Edges whose capacity only repeats what flows into them (a day's units, a virtual start's units):
// full, they limit nothing, so the search passes through them as if they had room.
const PASSABLE = new Set(['day', 'virtual_block']);

function limitsAround({ net, kind, owner }: WeekNetwork, target: number): Limits {
  // Backwards from the place: u joins when its residual edge u → v leads into the set. The residual
  // edge u → v of an edge stored at v is that edge's pair (e ^ 1), which starts at u = to[e].
  const inSet = new Uint8Array(net.nodeCount);
  const queue = [target];
  inSet[target] = 1;
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (let e = net.head[v]!; e !== -1; e = net.next[e]!) {
      const u = net.to[e]!;
      const passable = (e & 1) === 1 && PASSABLE.has(kind[(e ^ 1) >> 1]!);
      if (!inSet[u] && (passable || net.residual(e ^ 1) > 0)) {
        inSet[u] = 1;
        queue.push(u);
      }
    }
  }
  const limits: Limits = { atMaximum: new Set(), busyElsewhere: new Set(), roomless: 0 };
  const roomless = new Set<number>();
  for (const v of queue) {
    for (let e = net.head[v]!; e !== -1; e = net.next[e]!) {
      const forward = e ^ 1; // the original edge u → v, when e is its reverse (odd)
      if ((e & 1) === 0 || inSet[net.to[e]!]) continue;
      const what = kind[forward >> 1];
      if (what === 'coach_max') limits.atMaximum.add(owner[forward >> 1]!);
      else if (what === 'coach_time') limits.busyElsewhere.add(owner[forward >> 1]!);
      else if (what === 'rooms') roomless.add(net.to[e]!); // the block node (parallel unit edges: once)
    }
  }
  return { ...limits, roomless: roomless.size };
}

function supplyReason(problem: Problem, week: WeekNetwork, p: number): GapReason {
  const place = problem.places[p]!;
  const running = problem.modulesAt[p]![week.week]!;
  if (running.length === 0) return problem.modulesAt.some((weeks) => weeks[week.week]!.length > 0) ? 'no_module_for_place' : 'no_module_running';
  const canCome = problem.coaches.filter((c) => (place.kind === 'virtual' ? c.virtual : c.sites.includes(p)));
  if (canCome.length === 0) return 'no_coach_for_place';
  if (!canCome.some((c) => running.some((m) => c.modules.has(m)))) return 'no_qualified_coach';
  return 'no_coach_in_working_hours';
}
