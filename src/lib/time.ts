// Time zones. Instants are stored in UTC; every conversion to wall-clock time goes through Luxon
// and the IANA database, never by hand. Which zone names are accepted: zones.ts.
import { DateTime, FixedOffsetZone } from 'luxon';
import { z } from 'zod';

// ISO 8601 as the API reads it: extended format, seconds optional, then Z, an offset, or nothing
// (wall-clock time in a zone given beside it). Luxon alone would also read week dates, ordinal
// dates, the basic format and any offset up to ±99:59, shifting the time by a day and more.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;
// The offsets in use run from -12:00 to +14:00, all in quarter hours.
const REAL_OFFSET = /^(?:Z|[+-](?:0\d|1[0-4]):(?:00|15|30|45))$/;
const DATE_TIME_MESSAGE = 'is not an ISO 8601 date-time';
const OFFSET_MESSAGE = 'has an offset other than Z or ±HH:MM up to 14:00 in quarter hours';

/** Whether the date-time's offset, if it has one, is one a place can have. */
export function hasRealOffset(value: string): boolean {
  const offset = /(?:Z|[+-]\d{2}:\d{2})$/.exec(value)?.[0];
  return offset === undefined || REAL_OFFSET.test(offset);
}

/** A session's start in a request: with Z or an offset, or wall-clock time in the zone beside it. */
export const StartTime = z
  .string()
  .max(40)
  .regex(DATE_TIME, { message: DATE_TIME_MESSAGE, abort: true })
  .refine(hasRealOffset, OFFSET_MESSAGE)
  .describe('ISO 8601, e.g. 2027-03-01T10:00 (wall-clock time in timeZone) or 2027-03-01T10:00+01:00 (offset up to ±14:00 in quarter hours, or Z)');

/** An instant in a request (a filter's bound): with Z or an offset a place can have. */
export const Instant = z.iso.datetime({ offset: true }).refine(hasRealOffset, OFFSET_MESSAGE);

/** How far ahead sessions may be planned unless the deployment sets PLANNING_HORIZON_MONTHS. */
export const DEFAULT_PLANNING_HORIZON_MONTHS = 24;

/** When a session published or moved now may start: after `now`, and not after `latestStart`. */
export interface PlanningWindow {
  now: Date;
  latestStart: Date;
}

export function planningWindow(monthsAhead = DEFAULT_PLANNING_HORIZON_MONTHS, now = new Date()): PlanningWindow {
  return { now, latestStart: DateTime.fromJSDate(now, { zone: 'utc' }).plus({ months: monthsAhead }).toJSDate() };
}

/** A wall-clock view of an instant in a zone, e.g. for a viewer in Asia/Kolkata. */
export interface LocalTime {
  /** ISO 8601 with the zone's offset, e.g. 2026-03-29T10:00:00+02:00 */
  local: string;
  timeZone: string;
  /** Short zone name as people read it (CEST, GMT+5:30). */
  zoneAbbreviation: string;
}

export function inZone(instant: Date, zone: string): LocalTime {
  const key = `${instant.getTime()}|${zone}`;
  const known = shown.get(key);
  if (known?.zoneAbbreviation !== undefined) return { local: known.local, timeZone: zone, zoneAbbreviation: known.zoneAbbreviation };
  const dt = DateTime.fromJSDate(instant, { zone });
  const local = { local: iso(dt, instant), timeZone: zone, zoneAbbreviation: abbreviation(dt) };
  remember(key, local);
  return local;
}

/** The instant as ISO 8601 wall-clock time with the zone's offset. */
export function localIso(instant: Date, zone: string): string {
  const key = `${instant.getTime()}|${zone}`;
  const known = shown.get(key);
  if (known !== undefined) return known.local;
  const local = iso(DateTime.fromJSDate(instant, { zone }), instant);
  remember(key, { local });
  return local;
}

// Every view of a session shows its start and end in two zones; the same few sessions are shown
// again and again, and what an instant reads as in a zone never changes (the zone database is
// loaded once per process), so the answers are kept, up to a bound.
const shown = new Map<string, { local: string; zoneAbbreviation?: string }>();
function remember(key: string, value: { local: string; zoneAbbreviation?: string }) {
  if (shown.size >= 20_000) shown.clear();
  shown.set(key, value);
}

function iso(dt: DateTime, instant: Date): string {
  return dt.toISO({ suppressMilliseconds: true }) ?? instant.toISOString();
}

// ICU knows the familiar abbreviation (CEST, EDT, IST) only in the locale whose people use it;
// elsewhere it falls back to GMT+2. Ask the English locales in turn and keep the first real name.
// Each ask builds an Intl.DateTimeFormat (the costliest part of showing a session), and the answer
// depends only on the zone and its offset at the time, so it is kept.
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];
const abbreviations = new Map<string, string>();
function abbreviation(dt: DateTime): string {
  const key = `${dt.zoneName}|${dt.offset}`;
  const known = abbreviations.get(key);
  if (known !== undefined) return known;
  let found = '';
  for (const locale of ABBREVIATION_LOCALES) {
    const name = dt.setLocale(locale).toFormat('ZZZZ');
    found ||= name;
    if (!/^(GMT|UTC)([+-]|$)/.test(name)) {
      found = name;
      break;
    }
  }
  if (abbreviations.size < 10_000) abbreviations.set(key, found);
  return found;
}

export type ParsedStart = { ok: true; instant: Date } | { ok: false; message: string };

/**
 * Reads a start time: an ISO 8601 instant with offset or Z, or a local date-time without one,
 * which is taken as wall-clock time in `zone`. Local times that do not exist (the hour skipped
 * when clocks go forward) or exist twice (the hour repeated when they go back) are refused rather
 * than silently shifted or guessed: the answer asks for an offset instead.
 */
export function parseStart(value: string, zone: string): ParsedStart {
  const shape = DATE_TIME.exec(value);
  if (!shape) return { ok: false, message: DATE_TIME_MESSAGE };
  if (!hasRealOffset(value)) return { ok: false, message: OFFSET_MESSAGE };
  const hasOffset = shape[1] !== undefined;
  const dt = hasOffset ? DateTime.fromISO(value, { setZone: true }) : DateTime.fromISO(value, { zone });
  if (!dt.isValid) return { ok: false, message: DATE_TIME_MESSAGE };
  // Luxon reads six-digit years that PostgreSQL cannot store.
  if (dt.year < 1 || dt.year > 9999) return { ok: false, message: 'must be in the years 1 to 9999' };
  if (!hasOffset) {
    const wall = DateTime.fromISO(value, { zone: 'UTC' });
    const roundTrip = dt.setZone(zone);
    if (roundTrip.hour !== wall.hour || roundTrip.minute !== wall.minute || roundTrip.day !== wall.day) {
      return { ok: false, message: `does not exist in ${zone} (the clocks skip it)` };
    }
    const twice = otherReading(value, dt);
    if (twice) {
      return { ok: false, message: `occurs twice in ${zone} (the clocks go back); add the offset, ${twice}` };
    }
  }
  return { ok: true, instant: dt.toJSDate() };
}

// The same wall-clock time read with the offset in force a few hours earlier or later: if that is
// another instant that also shows this wall-clock time in the zone, the time is ambiguous.
function otherReading(value: string, dt: DateTime): string | undefined {
  for (const near of [dt.minus({ hours: 3 }), dt.plus({ hours: 3 })]) {
    if (near.offset === dt.offset) continue;
    const other = DateTime.fromISO(value, { zone: FixedOffsetZone.instance(near.offset) });
    const back = other.setZone(dt.zone);
    if (other.toMillis() !== dt.toMillis() && back.hour === dt.hour && back.minute === dt.minute && back.day === dt.day) {
      return `e.g. ${dt.toFormat("yyyy-MM-dd'T'HH:mmZZ")} or ${back.toFormat("yyyy-MM-dd'T'HH:mmZZ")}`;
    }
  }
  return undefined;
}

/** The first Monday after today in `zone`, as 00:00 UTC of that date. The planner's weeks are
 * calendar dates; taking "today" in UTC instead would, in the hour before a Berlin Monday, name
 * the Monday of a week that has already begun there. */
export function nextMondayIn(zone: string, now = new Date()): Date {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const monday = today.plus({ days: 8 - today.weekday });
  return DateTime.utc(monday.year, monday.month, monday.day).toJSDate();
}
