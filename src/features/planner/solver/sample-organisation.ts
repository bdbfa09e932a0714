// A seeded organisation to plan for, for the tests and `npm run bench:planner`: sites in their zones
// with rooms (some busy at times), a virtual zone per site zone, and coaches as they really are —
// part-time windows on some weekdays, a few days away, weekly maxima of 3–8, some virtual only, some
// with sessions already booked at times off the grid — plus a module campaign in the middle.
import { seededRandom, type Random } from '../../mixing/solver/seeded-random.ts';
import { demandByPlace, type Frequency, type Population } from './demand.ts';
import type { Coach, ModuleRun, PlanInput, Room, Site, VirtualZone, Weekday, WeeklyWindow } from './plan-input.ts';
import { DAY } from './wall-clock.ts';

export interface SampleSite {
  id: string;
  zone: string;
  /** Share of the employees who work there. */
  share: number;
  rooms: number;
}

export interface SampleOptions {
  seed: number;
  /** A Monday, 00:00 UTC. */
  start: Date;
  weeks: number;
  employees: number;
  frequency: Frequency;
  coaches: number;
  sites: SampleSite[];
  /** Share of each site's sessions held virtually. */
  virtualShare: number;
  /** Share of coaches who coach only virtually. */
  virtualOnlyShare?: number;
  modules?: number;
}

const SHIFTS: Array<[string, string]> = [['08:00', '12:30'], ['09:30', '13:00'], ['13:00', '17:30'], ['12:30', '18:00'], ['08:00', '18:00'], ['10:00', '16:00']];
const WORKING_HOURS: WeeklyWindow[] = ([1, 2, 3, 4, 5] as Weekday[]).map((weekday) => ({ weekday, start: '08:00', end: '18:00' }));

export function sampleOrganisation(options: SampleOptions): PlanInput {
  const random = seededRandom(options.seed);
  const zones = [...new Set(options.sites.map((s) => s.zone))];
  const virtualIdOf = (zone: string) => `virtual:${zone}`;
  const sites: Site[] = options.sites.map((s) => ({ kind: 'site', id: s.id, zone: s.zone, workingHours: WORKING_HOURS, rooms: roomsOf(s, options, random) }));
  const virtual: VirtualZone[] = zones.map((zone) => ({ kind: 'virtual', id: virtualIdOf(zone), zone, workingHours: WORKING_HOURS }));
  const moduleIds = Array.from({ length: options.modules ?? 8 }, (_, i) => `module-${i + 1}`);
  const modules: ModuleRun[] = [...moduleIds.map((moduleId) => ({ moduleId })), { moduleId: moduleIds[0]!, campaign: { firstWeek: Math.floor(options.weeks / 2), weeks: Math.min(2, options.weeks) } }];

  const coaches: Coach[] = Array.from({ length: options.coaches }, (_, i) => {
    const home = pick(options.sites, random, (s) => s.share);
    const virtualOnly = random.next() < (options.virtualOnlyShare ?? 0.15);
    const sameZone = options.sites.filter((s) => s.zone === home.zone && s.id !== home.id);
    const siteIds = virtualOnly ? [] : [home.id, ...(sameZone.length > 0 && random.next() < 0.3 ? [sameZone[0]!.id] : [])];
    return {
      id: `coach-${String(i + 1).padStart(2, '0')}`, zone: home.zone, windows: windowsOf(random), exceptions: daysAway(options, random),
      // Every coach coaches the campaign's module, or most do: the campaign must stay plannable.
      modules: moduleIds.filter((_, m) => m === 0 ? random.next() < 0.8 : random.next() < 0.6),
      sites: siteIds, virtual: virtualOnly || random.next() < 0.6, weeklyMax: 3 + random.below(6), booked: bookedOf(options, home.zone, random),
    };
  });

  const populations: Population[] = options.sites.map((s) => ({
    people: Math.round(options.employees * s.share), siteId: s.id, virtualId: virtualIdOf(s.zone), virtualShare: options.virtualShare,
  }));
  return {
    horizon: { start: options.start, weeks: options.weeks },
    session: { minutes: 90, slotMinutes: 30, seats: 4 },
    places: [...sites, ...virtual], coaches, modules,
    demand: demandByPlace(populations, options.frequency, 4, options.weeks),
  };
}

function pick<T>(items: T[], random: Random, weight: (item: T) => number): T {
  let left = random.next() * items.reduce((sum, item) => sum + weight(item), 0);
  for (const item of items) if ((left -= weight(item)) < 0) return item;
  return items.at(-1)!;
}

// Two to five weekdays, mostly one shift a day, sometimes a morning and an afternoon.
function windowsOf(random: Random): WeeklyWindow[] {
  const days = ([1, 2, 3, 4, 5] as Weekday[]).filter(() => random.next() < 0.65);
  if (days.length === 0) days.push((1 + random.below(5)) as Weekday);
  return days.flatMap((weekday) => {
    if (random.next() < 0.2) return [{ weekday, start: '08:00', end: '11:30' }, { weekday, start: '14:00', end: '17:30' }];
    const [start, end] = SHIFTS[random.below(SHIFTS.length)]!;
    return [{ weekday, start, end }];
  });
}

// A day off now and then, and for one coach in four a week's holiday.
function daysAway(options: SampleOptions, random: Random): Coach['exceptions'] {
  const date = (offset: number) => new Date(options.start.getTime() + offset * DAY).toISOString().slice(0, 10);
  const days = new Set<number>();
  for (let n = random.below(3); n > 0; n--) days.add(random.below(options.weeks * 7));
  if (random.next() < 0.25) {
    const first = 7 * random.below(options.weeks);
    for (let d = 0; d < 7; d++) days.add(first + d);
  }
  return [...days].sort((a, b) => a - b).map((d) => ({ date: date(d) }));
}

// Sessions published before the plan, at half past the hour or a quarter past: off the block grid.
function bookedOf(options: SampleOptions, zone: string, random: Random): Coach['booked'] {
  const offsetHours = zone.startsWith('America/') ? 14 : 8;
  return Array.from({ length: random.below(3) }, () => {
    const start = options.start.getTime() + random.below(options.weeks * 7) * DAY + (offsetHours + random.below(8)) * 3_600_000 + (random.next() < 0.5 ? 15 : 30) * 60_000;
    return { start: new Date(start), end: new Date(start + 90 * 60_000) };
  });
}

function roomsOf(site: SampleSite, options: SampleOptions, random: Random): Room[] {
  return Array.from({ length: site.rooms }, (_, r) => ({
    id: `${site.id}-room-${r + 1}`,
    seats: 4 + random.below(9), // a room of four cannot take a session of four and its coach
    busy: Array.from({ length: random.below(4) }, () => {
      const start = options.start.getTime() + random.below(options.weeks * 7) * DAY + (6 + random.below(12)) * 3_600_000;
      return { start: new Date(start), end: new Date(start + (1 + random.below(4)) * 3_600_000) };
    }),
  }));
}
