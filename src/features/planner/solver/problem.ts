// The planner's input checked and turned into instants: every wall-clock window becomes the set of
// instants it covers over the horizon (wall-clock.ts), a coach's free time is their windows minus
// days away and sessions they already have, and each zone gets its block grid (blocks.ts). Bad input
// is refused here with a RangeError that names the thing at fault; nothing later re-checks it.
import { isTimeZone } from '../../../lib/zones.ts';
import { zoneBlocks, type Block } from './blocks.ts';
import { subtract, unionOf, type Intervals } from './intervals.ts';
import type { Busy, Coach, DateException, PlanInput, WeeklyWindow } from './plan-input.ts';
import { DAY, MINUTE, dayNumberOf, localDays, localWeekOf, minutesOf, wallSpan, weekdayOf } from './wall-clock.ts';

export const WEEK = 7 * DAY;
const MAX_WEEKS = 104;

export interface PreparedPlace {
  id: string;
  kind: 'site' | 'virtual';
  zone: string;
  hours: Intervals;
  /** Rooms large enough for a session (its seats and the coach), smallest first. */
  rooms: Array<{ id: string; busy: Intervals }>;
  /** Block starts of the place's zone, for sites: sessions there keep to the site's grid. */
  grid: Set<number>;
}

export interface PreparedCoach {
  id: string;
  zone: string;
  free: Intervals;
  modules: Set<string>;
  /** Indexes into places of the sites the coach can be at. */
  sites: number[];
  virtual: boolean;
  weeklyMax: number;
  /** Per week of the horizon, for the figures. */
  bookedPerWeek: number[];
  /** Per week of the coach's zone (its Monday, localWeekOf): what the weekly maximum is held against. */
  bookedPerLocalWeek: Map<number, number>;
  /** The coach's zone's blocks over the horizon. */
  blocks: Block[];
}

export interface Problem {
  start: number;
  weeks: number;
  sessionMs: number;
  blockMs: number;
  seats: number;
  places: PreparedPlace[];
  coaches: PreparedCoach[];
  /** [place][week]: the module ids that run there (campaigns alone in their weeks, at the places they may run at). */
  modulesAt: string[][][];
  /** Each module's own length: the slot (sessionMs) is the longest's, a session ends after its module's. */
  moduleMs: Map<string, number>;
  /** [place][week] */
  sessionsNeeded: number[][];
  seatsNeeded: number[][];
}

export function prepared(input: PlanInput): Problem {
  const { horizon, session } = input;
  const start = horizon.start.getTime();
  if (!Number.isFinite(start)) throw new RangeError('horizon.start is not a date');
  if (!Number.isInteger(horizon.weeks) || horizon.weeks < 1 || horizon.weeks > MAX_WEEKS) throw new RangeError(`horizon.weeks must be a whole number from 1 to ${MAX_WEEKS}`);
  const end = start + horizon.weeks * WEEK;
  if (!Number.isInteger(session.minutes) || session.minutes < 1 || session.minutes > 720) throw new RangeError('session.minutes must be a whole number from 1 to 720');
  if (!Number.isInteger(session.slotMinutes) || session.slotMinutes < 1 || 1440 % session.slotMinutes !== 0) throw new RangeError('session.slotMinutes must divide a day (e.g. 15, 30, 60)');
  if (!Number.isInteger(session.seats) || session.seats < 1) throw new RangeError('session.seats must be a whole number ≥ 1');
  const blockMs = Math.ceil(session.minutes / session.slotMinutes) * session.slotMinutes * MINUTE;
  const dayStartOf = (zone: string) => {
    const text = session.dayStartByZone?.[zone] ?? session.dayStart ?? '08:00';
    const minute = minutesOf(text);
    if (minute === undefined || minute >= 1440 || minute % session.slotMinutes !== 0) throw new RangeError(`the day start ${text} of ${zone} is not a time on the ${session.slotMinutes}-minute grid`);
    return minute;
  };
  const grids = new Map<string, Block[]>();
  const gridOf = (zone: string) => {
    let blocks = grids.get(zone);
    if (!blocks) grids.set(zone, (blocks = zoneBlocks(zone, start, end, blockMs, dayStartOf(zone))));
    return blocks;
  };

  const placeIndex = new Map<string, number>();
  const places = input.places.map((place, i): PreparedPlace => {
    const what = `place ${place.id}`;
    if (placeIndex.has(place.id)) throw new RangeError(`${what} is listed twice`);
    placeIndex.set(place.id, i);
    checkZone(place.zone, what);
    const rooms = place.kind === 'site' ? roomsOf(place.rooms, session.seats, what) : [];
    return {
      id: place.id, kind: place.kind, zone: place.zone, rooms,
      hours: weeklyInstants(place.zone, place.workingHours, [], start, end, `${what}'s working hours`),
      grid: new Set(place.kind === 'site' ? gridOf(place.zone).map((b) => b.start) : []),
    };
  });

  const coachIds = new Set<string>();
  const coaches = input.coaches.map((coach): PreparedCoach => {
    const what = `coach ${coach.id}`;
    if (coachIds.has(coach.id)) throw new RangeError(`${what} is listed twice`);
    coachIds.add(coach.id);
    checkZone(coach.zone, what);
    if (!Number.isInteger(coach.weeklyMax) || coach.weeklyMax < 0) throw new RangeError(`${what}: weeklyMax must be a whole number ≥ 0`);
    const sites = coach.sites.map((id) => {
      const p = placeIndex.get(id);
      if (p === undefined || places[p]!.kind !== 'site') throw new RangeError(`${what}: ${id} is not a site`);
      return p;
    });
    const booked = busyIntervals(coach.booked, what);
    const windows = weeklyInstants(coach.zone, coach.windows, coach.exceptions ?? [], start, end, `${what}'s windows`);
    return {
      id: coach.id, zone: coach.zone, free: subtract(subtract(subtract(windows, booked), busyIntervals(coach.away, `${what}'s days away`)), busyIntervals(coach.attending, `${what}'s seats`)), modules: new Set(coach.modules), sites,
      virtual: coach.virtual, weeklyMax: coach.weeklyMax, bookedPerWeek: bookedPerWeek(coach, start, horizon.weeks),
      bookedPerLocalWeek: bookedPerLocalWeek(coach), blocks: gridOf(coach.zone),
    };
  });

  const { modulesAt, moduleMs } = modulesOf(input, places, session.minutes);

  const sessionsNeeded = places.map(() => Array<number>(horizon.weeks).fill(0));
  const seatsNeeded = places.map(() => Array<number>(horizon.weeks).fill(0));
  for (const d of input.demand) {
    const p = placeIndex.get(d.placeId);
    if (p === undefined) throw new RangeError(`demand names ${d.placeId}, which is no place`);
    if (!Number.isInteger(d.week) || d.week < 0 || d.week >= horizon.weeks) throw new RangeError(`demand of ${d.placeId}: week ${d.week} is outside the horizon`);
    if (!Number.isInteger(d.sessions) || d.sessions < 0 || !Number.isInteger(d.seats) || d.seats < 0) throw new RangeError(`demand of ${d.placeId} in week ${d.week}: sessions and seats must be whole numbers ≥ 0`);
    sessionsNeeded[p]![d.week]! += d.sessions;
    seatsNeeded[p]![d.week]! += d.seats;
  }

  return { start, weeks: horizon.weeks, sessionMs: session.minutes * MINUTE, blockMs, seats: session.seats, places, coaches, modulesAt, moduleMs, sessionsNeeded, seatsNeeded };
}

function modulesOf(input: PlanInput, places: PreparedPlace[], slotMinutes: number): Pick<Problem, 'modulesAt' | 'moduleMs'> {
  const known = new Set(places.map((p) => p.id));
  const moduleMs = new Map<string, number>();
  for (const m of input.modules) {
    const what = `module ${m.moduleId}`;
    if (m.campaign && !(Number.isInteger(m.campaign.firstWeek) && Number.isInteger(m.campaign.weeks) && m.campaign.weeks >= 1)) throw new RangeError(`${what}: a campaign needs whole firstWeek and weeks ≥ 1`);
    const unknown = m.placeIds?.find((id) => !known.has(id));
    if (unknown !== undefined) throw new RangeError(`${what}: ${unknown} is no place`);
    const minutes = m.minutes ?? slotMinutes;
    // Longer than the slot, a session would run into the next block of its coach or room.
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > slotMinutes) throw new RangeError(`${what}: minutes must be a whole number from 1 to session.minutes (${slotMinutes})`);
    if ((moduleMs.get(m.moduleId) ?? minutes * MINUTE) !== minutes * MINUTE) throw new RangeError(`${what} is listed with two lengths`);
    moduleMs.set(m.moduleId, minutes * MINUTE);
  }
  const modulesAt = places.map((place) => Array.from({ length: input.horizon.weeks }, (_, w) => {
    const here = input.modules.filter((m) => m.placeIds === undefined || m.placeIds.includes(place.id));
    const campaigns = here.filter((m) => m.campaign && w >= m.campaign.firstWeek && w < m.campaign.firstWeek + m.campaign.weeks);
    return [...new Set((campaigns.length > 0 ? campaigns : here.filter((m) => !m.campaign)).map((m) => m.moduleId))];
  }));
  return { modulesAt, moduleMs };
}

function checkZone(zone: string, what: string) {
  if (!isTimeZone(zone)) throw new RangeError(`${what}: ${zone} is not an IANA time zone`);
}

/** Local [start, end) minutes of a window, refused when it ends before it starts. */
function minutesOfWindow(window: { start: string; end: string }, what: string): [number, number] {
  const from = minutesOf(window.start);
  const to = minutesOf(window.end);
  if (from === undefined || to === undefined) throw new RangeError(`${what}: ${window.start}–${window.end} is not HH:mm–HH:mm`);
  if (to <= from) throw new RangeError(`${what}: ${window.start}–${window.end} ends before it starts`);
  return [from, to];
}

/** Refuses windows of one day that overlap: a second window there is a mistake, not more time. */
function checkedDay(windows: Array<[number, number]>, what: string) {
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]![0] < sorted[i - 1]![1]) throw new RangeError(`${what}: windows overlap on one day`);
  }
}

/** Weekly windows (and date exceptions) as the instants they cover in [from, to). */
function weeklyInstants(zone: string, windows: WeeklyWindow[], exceptions: DateException[], from: number, to: number, what: string): Intervals {
  const byWeekday = new Map<number, Array<[number, number]>>();
  for (const w of windows) {
    if (!(Number.isInteger(w.weekday) && w.weekday >= 1 && w.weekday <= 7)) throw new RangeError(`${what}: weekday ${w.weekday} is not 1 (Monday) … 7 (Sunday)`);
    byWeekday.set(w.weekday, [...(byWeekday.get(w.weekday) ?? []), minutesOfWindow(w, what)]);
  }
  for (const day of byWeekday.values()) checkedDay(day, what);
  const byDate = new Map<number, Array<[number, number]>>();
  for (const e of exceptions) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date) || Number.isNaN(dayNumberOf(e.date))) throw new RangeError(`${what}: ${e.date} is not a date (YYYY-MM-DD)`);
    const day = (e.windows ?? []).map((w) => minutesOfWindow(w, what));
    checkedDay(day, what);
    byDate.set(dayNumberOf(e.date), day);
  }
  const pairs: Array<[number, number]> = [];
  for (const day of localDays(zone, from, to)) {
    for (const [a, b] of byDate.get(day) ?? byWeekday.get(weekdayOf(day)) ?? []) {
      const span = wallSpan(zone, day, a, b);
      for (let i = 0; i < span.length; i += 2) pairs.push([Math.max(span[i]!, from), Math.min(span[i + 1]!, to)]);
    }
  }
  return unionOf(pairs);
}

function busyIntervals(busy: Busy[] | undefined, what: string): Intervals {
  return unionOf((busy ?? []).map((b) => {
    const [s, e] = [b.start.getTime(), b.end.getTime()];
    if (!(Number.isFinite(s) && Number.isFinite(e) && e > s)) throw new RangeError(`${what}: a busy time ends before it starts`);
    return [s, e] as [number, number];
  }));
}

function roomsOf(rooms: Array<{ id: string; seats: number; busy?: Busy[] }>, seats: number, what: string) {
  const ids = new Set<string>();
  for (const r of rooms) {
    if (ids.has(r.id)) throw new RangeError(`${what}: room ${r.id} is listed twice`);
    ids.add(r.id);
  }
  // The product's rule (sessions/service.ts ROOM_TOO_SMALL): the participants and the coach sit.
  return rooms
    .filter((r) => r.seats >= seats + 1)
    .sort((a, b) => a.seats - b.seats || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => ({ id: r.id, busy: busyIntervals(r.busy, `${what}, room ${r.id}`) }));
}

function bookedPerWeek(coach: Coach, start: number, weeks: number): number[] {
  const counts = Array<number>(weeks).fill(0);
  for (const b of coach.booked ?? []) {
    const w = Math.floor((b.start.getTime() - start) / WEEK);
    if (w >= 0 && w < weeks) counts[w]!++;
  }
  return counts;
}

/** Every session the coach has, the ones just outside the horizon too: a zone's week reaches past it. */
function bookedPerLocalWeek(coach: Coach): Map<number, number> {
  const counts = new Map<number, number>();
  for (const b of coach.booked ?? []) {
    const week = localWeekOf(b.start.getTime(), coach.zone);
    counts.set(week, (counts.get(week) ?? 0) + 1);
  }
  return counts;
}
