// Wall-clock times of a zone as sets of instants. A window "Sunday 01:30–03:30 in Europe/Berlin" is
// the set of instants whose local time on that date lies in it: on the last Sunday of March that is
// one real hour (02:00–03:00 does not exist), on the last Sunday of October three (02:00–03:00 happens
// twice). Luxon turns one wall time into one instant (a skipped time moved forward, a repeated one
// read once), which cannot express that, so the offsets come from Luxon's zone database and the set
// is cut per stretch of constant offset: within one, local time = instant + offset exactly.
import { DateTime, IANAZone } from 'luxon';
import type { Intervals } from './intervals.ts';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
const HOUR = 60 * MINUTE;

/** A calendar date as days since 1970-01-01 (so `day * DAY` is its midnight read as if in UTC). */
export type DayNumber = number;

/** ISO weekday of a date: Monday 1 … Sunday 7 (1970-01-01 was a Thursday). */
export function weekdayOf(day: DayNumber): number {
  return (((day + 3) % 7) + 7) % 7 + 1;
}

export function dayNumberOf(isoDate: string): DayNumber {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY;
}

/** The local date of an instant in a zone. */
export function localDayOf(instant: number, zone: string): DayNumber {
  return Math.floor((instant + offsetAt(zone, instant) * MINUTE) / DAY);
}

/** The local Monday (a day number) of the week an instant falls in: a coach's weekly maximum counts
 * Monday–Sunday in their own zone, as the availability page says and the coach candidates count. */
export function localWeekOf(instant: number, zone: string): DayNumber {
  const day = localDayOf(instant, zone);
  return day - (weekdayOf(day) - 1);
}

/** Minutes since local midnight of an instant in a zone (what a clock on the wall shows). */
export function localMinuteOf(instant: number, zone: string): number {
  const wall = instant + offsetAt(zone, instant) * MINUTE;
  return Math.round((wall - Math.floor(wall / DAY) * DAY) / MINUTE);
}

// Luxon asks Intl for every offset (microseconds each); the stretches around the instant's UTC date
// are kept, and cover it.
function offsetAt(zone: string, instant: number): number {
  for (const stretch of stretchesAround(zone, Math.floor(instant / DAY))) {
    if (instant >= stretch.from && instant < stretch.to) return stretch.offset;
  }
  return offsetMinutes(zone, instant);
}

interface Stretch {
  from: number;
  to: number;
  offset: number; // minutes east of UTC
}

const zones = new Map<string, IANAZone>();
function offsetMinutes(zone: string, instant: number): number {
  let z = zones.get(zone);
  if (!z) {
    z = IANAZone.create(zone);
    if (!z.isValid) throw new RangeError(`${zone} is not a time zone`);
    zones.set(zone, z);
  }
  return z.offset(instant);
}

// Offsets lie within -12:00…+14:00, so a local date's instants fall within [midnight − 14 h, next
// midnight + 12 h]. Clock changes are months apart: probing every six hours finds each one, and a
// binary search to the minute pins it (changes happen on whole minutes).
const stretchesByDay = new Map<string, Stretch[]>();
function stretchesAround(zone: string, day: DayNumber): Stretch[] {
  const key = `${zone}|${day}`;
  const known = stretchesByDay.get(key);
  if (known) return known;
  const from = day * DAY - 14 * HOUR;
  const to = (day + 1) * DAY + 12 * HOUR;
  const stretches: Stretch[] = [];
  let start = from;
  let offset = offsetMinutes(zone, from);
  let probe = from;
  while (probe < to) {
    const next = Math.min(probe + 6 * HOUR, to);
    if (offsetMinutes(zone, next) === offset) {
      probe = next;
      continue;
    }
    let lo = probe; // the offset here is still `offset`; at hi it has changed
    let hi = next;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offsetMinutes(zone, mid) === offset) lo = mid;
      else hi = mid;
    }
    stretches.push({ from: start, to: hi, offset });
    start = probe = hi;
    offset = offsetMinutes(zone, hi);
  }
  stretches.push({ from: start, to, offset });
  if (stretchesByDay.size > 50_000) stretchesByDay.clear();
  stretchesByDay.set(key, stretches);
  return stretches;
}

/**
 * The instants at which the wall clock in `zone` shows a time in [fromMinute, toMinute) of the date
 * `day` (toMinute up to 1440, the next midnight). One interval on ordinary days; around a clock change
 * the pieces of both offsets, merged where they touch.
 */
export function wallSpan(zone: string, day: DayNumber, fromMinute: number, toMinute: number): Intervals {
  const midnight = day * DAY;
  const out: Intervals = [];
  for (const { from, to, offset } of stretchesAround(zone, day)) {
    const start = Math.max(from, midnight + (fromMinute - offset) * MINUTE);
    const end = Math.min(to, midnight + (toMinute - offset) * MINUTE);
    if (end <= start) continue;
    if (out.length > 0 && out[out.length - 1]! >= start) out[out.length - 1] = Math.max(out[out.length - 1]!, end);
    else out.push(start, end);
  }
  return out;
}

/** Local dates of `zone` that hold any instant of [from, to). */
export function localDays(zone: string, from: number, to: number): DayNumber[] {
  const first = localDayOf(from, zone);
  const last = localDayOf(to - 1, zone);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** An instant as ISO 8601 wall-clock time with offset in a zone, for messages and figures. */
export function localIsoOf(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: true }) ?? '';
}

/** 'HH:mm' (00:00 … 24:00) as minutes since midnight; undefined if it is not such a time. */
export function minutesOf(hhmm: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 1440 ? minutes : undefined;
}
