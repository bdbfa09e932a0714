// What the demo loader and the history behind it share: the seeded generator, the calendar that
// keeps coaches, rooms and people from being in two places at once, and the shapes of planned rows.
// Its own file so the loader (seed.ts) and the history planning can both use it without a cycle.
import { DateTime } from 'luxon';
import type { Locale, Role } from '../../db/schema.ts';
import type { NewPersonRow, NewRoomRow, NewSessionRow } from './queries.ts';

export type Rand = () => number;
export type Person = NewPersonRow & { site: string; time_zone: string; locale: Locale; roles: Role[] };
export type Room = NewRoomRow & { site: string; time_zone: string };
export interface Planned { row: NewSessionRow; start: number; end: number; site: string | null; okZones: Set<string> }

// mulberry32: tiny, fast, and good enough to make demo data look unplanned.
export function mulberry32(seed: number): Rand {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
export const int = (rand: Rand, n: number) => Math.floor(rand() * n);
export const pick = <T>(rand: Rand, items: ReadonlyArray<T>): T => items[int(rand, items.length)]!;
export function shuffled<T>(rand: Rand, items: ReadonlyArray<T>): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(rand, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
/** One of `items`, each as likely as its weight. */
export function weighted<T>(rand: Rand, items: ReadonlyArray<T>, weights: ReadonlyArray<number>): T {
  let r = rand() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

// Busy intervals of coaches, rooms and participants. Ranges are half-open, as in the database's
// exclusion constraints, so back-to-back sessions are allowed.
export class Calendar {
  private busy = new Map<string, Array<[number, number]>>();
  isFree(id: string, start: number, end: number) {
    return !(this.busy.get(id) ?? []).some(([s, e]) => s < end && start < e);
  }
  reserve(id: string, start: number, end: number) {
    const intervals = this.busy.get(id);
    if (intervals) intervals.push([start, end]);
    else this.busy.set(id, [[start, end]]);
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC (ms) on the UTC day of `ms`. Cached per day: clocks change at night
 * and on Sundays, never during a weekday's working hours, which is all the demo asks about.
 */
export function zoneOffset(zone: string, ms: number): number {
  const key = `${zone} ${Math.floor(ms / DAY)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = DateTime.fromMillis(ms, { zone }).offset * 60_000;
    offsets.set(key, offset);
  }
  return offset;
}

/** The zones whose working day (08:00 to 19:00, one day) holds the whole session. */
export function workingZones(zones: ReadonlyArray<string>, start: number, end: number): Set<string> {
  return new Set(zones.filter((z) => {
    const offset = zoneOffset(z, start);
    const midnight = Math.floor((start + offset) / DAY) * DAY;
    return start + offset - midnight >= 8 * HOUR && end + offset - midnight <= 19 * HOUR;
  }));
}

/** Start and end (ms) of a session on `date`'s day at half-hour `slot` after 09:00, in whichever zone is asked; each zone worked out once. */
export function slotTimes(date: DateTime, slot: number, minutes: number): (zone: string) => [number, number] {
  const known = new Map<string, [number, number]>();
  return (zone) => {
    let times = known.get(zone);
    if (!times) {
      const start = DateTime.fromObject(
        { year: date.year, month: date.month, day: date.day, hour: 9 + Math.floor(slot / 2), minute: (slot % 2) * 30 }, { zone }).toMillis();
      times = [start, start + minutes * 60_000];
      known.set(zone, times);
    }
    return times;
  };
}

export function meetingSlug(rand: Rand): string {
  const letters = 'abcdefghijkmnopqrstuvwxyz';
  return [3, 4, 3].map((n) => Array.from({ length: n }, () => pick(rand, [...letters])).join('')).join('-');
}
