// Fixed dates that stay ahead of the real clock. Quartet compares with the clock (a session that
// has started is refused, so is a change to it or an absence that has ended), so a test written
// for, say, 12 January 2027 would fail once that day had passed. Such a test writes its dates as
// in a reference year and runs them in the first year, from today on, laid out like it: 1 January
// on the same weekday and 29 February in both or in neither. Every date then falls on the same
// weekday, and so do the rules that follow the calendar: Europe's daylight-saving switches (the
// last Sundays of March and October) and those of the United States (the second Sunday of March,
// the first of November). Only the year changes in what the tests expect.
import { DateTime } from 'luxon';

/**
 * The first year, this one or later, with `reference`'s calendar in which `firstDay` (MM-DD, the
 * earliest date the test uses) is at least `daysAhead` days after `now`.
 */
export function yearLike(reference: number, firstDay: string, o: { daysAhead?: number; now?: Date } = {}): number {
  const [month, day] = firstDay.split('-').map(Number);
  if (!month || !day || !DateTime.utc(reference, month, day).isValid) throw new Error(`${firstDay} is not a day of ${reference}`);
  const layout = (year: number) => {
    const jan1 = DateTime.utc(year, 1, 1);
    return `${jan1.weekday}|${jan1.isInLeapYear}`;
  };
  const wanted = layout(reference);
  const earliest = DateTime.fromJSDate(o.now ?? new Date(), { zone: 'utc' }).plus({ days: o.daysAhead ?? 30 });
  // A calendar comes back within 28 years, or 40 where a century year skips its 29 February.
  for (let year = earliest.year; year <= earliest.year + 40; year++) {
    if (layout(year) === wanted && DateTime.utc(year, month, day) >= earliest) return year;
  }
  throw new Error(`no year laid out like ${reference} after ${earliest.toISODate()}`);
}

const HOUR = 3_600_000;

/**
 * Monday 1 March, 09:00 UTC (10:00 in Berlin, 14:45 in Kathmandu), of the first year laid out like
 * 2027 that is at least 30 days ahead: the fixed point for tests that need a time in the future but
 * no day in particular. Every run places their sessions at the same weekday and hour, a week and
 * more before Europe's switch to summer time.
 */
export const REFERENCE_MONDAY = new Date(`${yearLike(2027, '03-01')}-03-01T09:00:00Z`);

/** The fixed instant `hours` after REFERENCE_MONDAY, for "a session two days ahead". */
export function hoursAfterReference(hours: number): Date {
  return new Date(REFERENCE_MONDAY.getTime() + hours * HOUR);
}

/**
 * Monday 3 March 2025, 09:00 UTC: a fixed instant that has passed, for "a session that has begun"
 * where the product asks only whether the start is behind the clock.
 */
export const PAST_MONDAY = new Date('2025-03-03T09:00:00Z');

/** The fixed instant `hours` after PAST_MONDAY (before it when negative). */
export function hoursAfterPastMonday(hours: number): Date {
  return new Date(PAST_MONDAY.getTime() + hours * HOUR);
}

// Spread round the world so that, at any instant, one of them is in its afternoon (the largest gap
// between neighbours, daylight saving included, is 7 hours).
const AROUND_THE_WORLD = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland'];

/** A zone where `at` falls in one of `hours` (0–23), from a list spread round the world. */
function zoneWhereHourIs(at: Date, hours: (hour: number) => boolean): string {
  const zone = AROUND_THE_WORLD.find((z) => hours(DateTime.fromJSDate(at, { zone: z }).hour));
  if (!zone) throw new Error(`no zone at the hour wanted at ${at.toISOString()}`);
  return zone;
}

/**
 * A time zone in which `at` falls between 11:00 and 18:59: for tests of rules that treat the night
 * apart (an offered seat that would lapse at night is held to the morning), so they hold at any hour.
 */
export function zoneInDaytime(at: Date): string {
  return zoneWhereHourIs(at, (hour) => hour >= 11 && hour <= 18);
}

/** A time zone in which `at` falls between 22:00 and 06:59 (the same rules' night, with an hour to spare). */
export function zoneAtNight(at: Date): string {
  return zoneWhereHourIs(at, (hour) => hour >= 22 || hour <= 6);
}
