// The year the date-bound tests run in: ahead of the clock, and laid out like the year they were written for.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { hoursAfterPastMonday, hoursAfterReference, PAST_MONDAY, REFERENCE_MONDAY, yearLike } from './dates.ts';

const at = (iso: string) => new Date(iso);

/** The local days (MM-DD) of `year` on which the zone's offset changes, as Luxon reads the zone database. */
function switchDays(zone: string, year: number): string[] {
  const days: string[] = [];
  for (let day = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }); day.year === year; day = day.plus({ days: 1 })) {
    if (day.startOf('day').offset !== day.endOf('day').offset) days.push(day.toFormat('MM-dd'));
  }
  return days;
}

describe('yearLike', () => {
  it('takes the reference year itself while the first day is far enough ahead', () => {
    expect(yearLike(2027, '01-11', { now: at('2026-11-23T12:00:00Z') })).toBe(2027);
    expect(yearLike(2027, '03-07', { now: at('2027-01-13T00:00:00Z') })).toBe(2027);
    expect(yearLike(2027, '03-07', { now: at('2027-02-04T23:59:59Z') })).toBe(2027);
  });

  it('moves on to the next year laid out like it once the first day is less than the margin ahead', () => {
    expect(yearLike(2027, '01-11', { now: at('2026-12-13T00:00:00Z') })).toBe(2038);
    expect(yearLike(2027, '01-11', { now: at('2027-01-13T00:00:00Z') })).toBe(2038);
    expect(yearLike(2027, '03-07', { now: at('2027-03-29T00:00:00Z') })).toBe(2038);
    expect(yearLike(2027, '03-07', { now: at('2027-12-31T23:00:00Z') })).toBe(2038);
    expect(yearLike(2027, '06-01', { now: at('2038-05-10T00:00:00Z') })).toBe(2049);
    expect(yearLike(2027, '01-11', { now: at('2027-01-01T00:00:00Z'), daysAhead: 5 })).toBe(2027);
  });

  it('keeps 29 February: a leap year only ever gives a leap year', () => {
    expect(yearLike(2028, '02-29', { now: at('2028-03-01T00:00:00Z') })).toBe(2056);
    expect(() => yearLike(2027, '02-29')).toThrow('02-29 is not a day of 2027');
  });

  it('gives a year whose weekdays and daylight-saving switches fall on the days they did in 2027', () => {
    expect(switchDays('Europe/Berlin', 2027)).toEqual(['03-28', '10-31']);
    expect(switchDays('America/New_York', 2027)).toEqual(['03-14', '11-07']);
    const years = new Set<number>();
    for (let now = DateTime.utc(2026, 11, 1); now.year < 2100; now = now.plus({ months: 1 })) {
      const year = yearLike(2027, '01-11', { now: now.toJSDate() });
      expect(DateTime.utc(year, 1, 11).diff(now, 'days').days).toBeGreaterThanOrEqual(30);
      years.add(year);
    }
    expect([...years]).toEqual([2027, 2038, 2049, 2055, 2066, 2077, 2083, 2094, 2100]);
    for (const year of years) {
      expect(DateTime.utc(year, 1, 12).toFormat('cccc'), String(year)).toBe('Tuesday');
      expect(DateTime.utc(year, 12, 31).ordinal, String(year)).toBe(365);
      expect(switchDays('Europe/Berlin', year), String(year)).toEqual(['03-28', '10-31']);
      expect(switchDays('America/New_York', year), String(year)).toEqual(['03-14', '11-07']);
      expect(switchDays('Europe/Lisbon', year), String(year)).toEqual(switchDays('Europe/Lisbon', 2027));
    }
  });
});

describe('the fixed instants', () => {
  it('put the reference on Monday 1 March, 09:00 UTC, of the year like 2027 at least 30 days ahead', () => {
    const reference = DateTime.fromJSDate(REFERENCE_MONDAY, { zone: 'utc' });
    expect([reference.year, reference.toFormat("MM-dd'T'HH:mm:ss.SSS cccc")]).toEqual([yearLike(2027, '03-01'), '03-01T09:00:00.000 Monday']);
    expect(reference.diffNow('days').days).toBeGreaterThanOrEqual(29);
    expect(hoursAfterReference(48).toISOString()).toBe(`${reference.year}-03-03T09:00:00.000Z`);
    expect(hoursAfterReference(-0.5).toISOString()).toBe(`${reference.year}-03-01T08:30:00.000Z`);
  });

  it('keep a Monday that has passed for starts behind the clock', () => {
    expect(DateTime.fromJSDate(PAST_MONDAY, { zone: 'utc' }).toFormat('cccc')).toBe('Monday');
    expect(PAST_MONDAY.getTime()).toBeLessThan(Date.now());
    expect(hoursAfterPastMonday(-24).toISOString()).toBe('2025-03-02T09:00:00.000Z');
  });
});
