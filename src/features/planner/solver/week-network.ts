// One week of the horizon as a flow network; one unit of flow is one session:
//
//   source → coach → coach × block → place × block → place × day → place → sink
//
// source → coach: the coach's weekly maximum less the sessions they already have, as unit edges whose
//   cost rises with their share of that maximum (load balanced by share: 3 of 6 costs what 4 of 8 does);
//   one coach node per week of the coach's zone that meets this week of the horizon, since the maximum
//   counts Monday–Sunday there, less what earlier weeks of the horizon planned in it (`plannedBefore`);
// coach → coach × block: a block of the coach's zone inside their free time, once;
// coach × block → place × block: the block lies in the place's working hours (and for a site on its
//   grid) and the coach is qualified for a module of the week there and can be there;
// place × block → place × day: a site's free rooms large enough (virtual places: no limit), each
//   further session at the same start dearer, plus a small rank turning the preferred time with the day;
// place × day → place: each further session of the same day dearer (spread across the week);
// place → sink: the sessions the place needs that week.
//
// Blocks of a zone never overlap and a room is only used on its site's grid, so every integral flow is
// a plan that breaks no rule, and every such plan is a flow: the maximum flow is the most any plan can
// place, and the cheapest maximum flow is the plan.
import { rotationRank } from './blocks.ts';
import { FlowNetwork } from './flow-network.ts';
import { covers, overlaps } from './intervals.ts';
import { WEEK, type PreparedCoach, type Problem } from './problem.ts';
import { localDayOf, localWeekOf } from './wall-clock.ts';

// Costs per unit. Spreading a place's sessions over the days weighs most, then over the starts of a
// day, then balancing coaches (by fifths of their maximum), then the time of day turning with the
// weekday. All are multiples of 10 on purpose: paths of equal cost are found and filled by one search
// (min-cost-flow.ts), and finer costs would double the searches for no visible difference.
const SPREAD_OVER_DAYS = 60;
const SPREAD_OVER_STARTS = 40;
const COACH_LOAD_PER_FIFTH = 10;
const ROTATION = 10;

export type EdgeKind = 'coach_max' | 'coach_time' | 'assignment' | 'rooms' | 'virtual_block' | 'day' | 'demand';

export interface Assignment {
  edge: number;
  coach: number;
  place: number;
  start: number;
}

export interface WeekNetwork {
  week: number;
  net: FlowNetwork;
  source: number;
  sink: number;
  /** Per place, its node (-1: no demand this week) and its edge to the sink. */
  placeNode: number[];
  demandEdge: number[];
  assignments: Assignment[];
  /** Per forward edge (edge >> 1): what it stands for, and the coach or place it belongs to. */
  kind: EdgeKind[];
  owner: number[];
  /** Per place, the coaches who had a block in its hours this week (before weekly maxima). */
  coachesWithTime: Array<Set<number>>;
  /** Free rooms per place × block: `${place}|${start}` → room indexes into places[p].rooms. */
  freeRooms: Map<string, number[]>;
}

/** Sessions planned so far per coach and week of their zone: `${coach index}|${localWeekOf}`. */
export type PlannedBefore = Map<string, number>;

export function weekNetwork(problem: Problem, week: number, plannedBefore: PlannedBefore = new Map()): WeekNetwork {
  const net = new FlowNetwork();
  const source = net.addNode();
  const sink = net.addNode();
  const kind: EdgeKind[] = [];
  const owner: number[] = [];
  const edge = (from: number, to: number, capacity: number, cost: number, what: EdgeKind, whose: number) => {
    const e = net.addEdge(from, to, capacity, cost);
    kind[e >> 1] = what;
    owner[e >> 1] = whose;
    return e;
  };
  const from = problem.start + week * WEEK;
  const to = from + WEEK;

  const placeNode = problem.places.map(() => -1);
  const demandEdge = problem.places.map(() => -1);
  problem.places.forEach((_, p) => {
    const needed = problem.sessionsNeeded[p]![week]!;
    if (needed <= 0) return;
    placeNode[p] = net.addNode();
    demandEdge[p] = edge(placeNode[p], sink, needed, 0, 'demand', p);
  });

  const blockNodes = new Map<string, { node: number; place: number; start: number; inbound: number }>();
  const assignments: Assignment[] = [];
  const coachesWithTime = problem.places.map(() => new Set<number>());
  const virtualPlaces = problem.places.flatMap((place, p) => (place.kind === 'virtual' && placeNode[p] !== -1 ? [p] : []));

  const qualified = (coach: PreparedCoach, p: number) => problem.modulesAt[p]![week]!.some((m) => coach.modules.has(m));

  problem.coaches.forEach((coach, c) => {
    const sites = coach.sites.filter((p) => placeNode[p] !== -1);
    const candidatePlaces = (coach.virtual ? [...sites, ...virtualPlaces] : sites).filter((p) => qualified(coach, p));
    if (candidatePlaces.length === 0) return;
    const blocks: Array<{ start: number; places: number[] }> = [];
    for (const block of coach.blocks) {
      if (block.start < from) continue;
      if (block.start >= to) break;
      const end = block.start + problem.sessionMs;
      if (!covers(coach.free, block.start, end)) continue;
      const places = candidatePlaces.filter((p) => {
        const place = problem.places[p]!;
        return (place.kind === 'virtual' || place.grid.has(block.start)) && covers(place.hours, block.start, end);
      });
      if (places.length > 0) blocks.push({ start: block.start, places });
    }
    if (blocks.length === 0) return;
    const coachNodes = new Map<number, number>();
    const coachNodeOf = (localWeek: number) => {
      let coachNode = coachNodes.get(localWeek);
      if (coachNode !== undefined) return coachNode;
      coachNodes.set(localWeek, (coachNode = net.addNode()));
      const booked = (coach.bookedPerLocalWeek.get(localWeek) ?? 0) + (plannedBefore.get(`${c}|${localWeek}`) ?? 0);
      const room = Math.min(coach.weeklyMax - booked, blocks.length);
      // At the maximum already: an edge of no capacity, so the gap analysis sees the maximum as the limit.
      if (room <= 0) edge(source, coachNode, 0, 0, 'coach_max', c);
      for (let j = 1; j <= room; j++) edge(source, coachNode, 1, COACH_LOAD_PER_FIFTH * Math.round((5 * (booked + j)) / coach.weeklyMax), 'coach_max', c);
      return coachNode;
    };
    for (const block of blocks) {
      const blockNode = net.addNode();
      edge(coachNodeOf(localWeekOf(block.start, coach.zone)), blockNode, 1, 0, 'coach_time', c);
      for (const p of block.places) {
        coachesWithTime[p]!.add(c);
        const key = `${p}|${block.start}`;
        let target = blockNodes.get(key);
        if (!target) blockNodes.set(key, (target = { node: net.addNode(), place: p, start: block.start, inbound: 0 }));
        target.inbound++;
        assignments.push({ edge: edge(blockNode, target.node, 1, 0, 'assignment', c), coach: c, place: p, start: block.start });
      }
    }
  });

  const freeRooms = new Map<string, number[]>();
  const dayNodes = new Map<string, { node: number; place: number; inbound: number }>();
  for (const [key, target] of blockNodes) {
    const place = problem.places[target.place]!;
    const dayKey = `${target.place}|${localDayOf(target.start, place.zone)}`;
    let day = dayNodes.get(dayKey);
    if (!day) dayNodes.set(dayKey, (day = { node: net.addNode(), place: target.place, inbound: 0 }));
    let capacity = target.inbound;
    if (place.kind === 'site') {
      const free = place.rooms.flatMap((r, i) => (overlaps(r.busy, target.start, target.start + problem.sessionMs) ? [] : [i]));
      freeRooms.set(key, free);
      capacity = Math.min(capacity, free.length);
      // No room free at all: an edge of no capacity, so the gap analysis names the rooms.
      if (capacity === 0) edge(target.node, day.node, 0, 0, 'rooms', target.place);
    }
    const rank = rotationRank(target.start, place.zone);
    for (let k = 0; k < capacity; k++) {
      edge(target.node, day.node, 1, SPREAD_OVER_STARTS * k + ROTATION * rank, place.kind === 'site' ? 'rooms' : 'virtual_block', target.place);
    }
    day.inbound += capacity;
  }
  for (const day of dayNodes.values()) {
    const units = Math.min(day.inbound, problem.sessionsNeeded[day.place]![week]!);
    // A day whose starts have no room left still links to its place, for the gap analysis to see why.
    if (units === 0) edge(day.node, placeNode[day.place]!, 0, 0, 'day', day.place);
    for (let k = 0; k < units; k++) edge(day.node, placeNode[day.place]!, 1, SPREAD_OVER_DAYS * k, 'day', day.place);
  }
  return { week, net, source, sink, placeNode, demandEdge, assignments, kind, owner, coachesWithTime, freeRooms };
}
