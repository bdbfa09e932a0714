// Weekly windows as real intervals: ordinary weeks, the EU clock changes (the skipped and the
// repeated hour), windows that touch, and the checks that refuse a set.
import { describe, expect, it } from 'vitest';
import { clockMinutes, ENDS_FIRST, OVERLAPS, weeklyHours, windowIntervals, windowProblems, withinWindows, type WeeklyWindow } from './windows.ts';

const w = (weekday: number, from: string, to: string): WeeklyWindow => ({ weekday, startsMinute: clockMinutes(from), endsMinute: clockMinutes(to) });
const iso = (d: Date) => d.toISOString();

describe('weekly windows', () => {
  it('are the wall-clock times of each matching day, in the zone', () => {
    // 2027-06-14 is a Monday; Berlin is UTC+2 in summer.
    const got = windowIntervals([w(1, '09:00', '12:00'), w(3, '14:00', '18:30')], 'Europe/Berlin', new Date('2027-06-14T00:00:00Z'), new Date('2027-06-21T00:00:00Z'));
    expect(got.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2027-06-14T07:00:00.000Z', '2027-06-14T10:00:00.000Z'],
      ['2027-06-16T12:00:00.000Z', '2027-06-16T16:30:00.000Z'],
    ]);
  });

  it('lose the skipped hour in spring and keep the repeated one in autumn (Berlin, last Sundays of March and October 2027)', () => {
    const spring = windowIntervals([w(7, '01:30', '03:30'), w(7, '05:00', '06:00')], 'Europe/Berlin', new Date('2027-03-28T00:00:00Z'), new Date('2027-03-29T00:00:00Z'));
    // 01:30 CET = 00:30Z; 03:30 CEST = 01:30Z: one real hour.
    expect(spring.map((i) => [iso(i.start), iso(i.end)])).toEqual([['2027-03-28T00:30:00.000Z', '2027-03-28T01:30:00.000Z'], ['2027-03-28T03:00:00.000Z', '2027-03-28T04:00:00.000Z']]);
    const gap = windowIntervals([w(7, '02:00', '03:00')], 'Europe/Berlin', new Date('2027-03-28T00:00:00Z'), new Date('2027-03-29T00:00:00Z'));
    expect(gap).toEqual([]);
    const autumn = windowIntervals([w(7, '01:30', '03:30')], 'Europe/Berlin', new Date('2027-10-31T00:00:00Z'), new Date('2027-11-01T00:00:00Z'));
    // 01:30 CEST = 23:30Z the day before; 03:30 CET = 02:30Z: three real hours.
    expect(autumn.map((i) => [iso(i.start), iso(i.end)])).toEqual([['2027-10-30T23:30:00.000Z', '2027-10-31T02:30:00.000Z']]);
    // No instant in the result is a wall-clock time that does not exist.
    for (const i of [...spring, ...autumn]) expect(i.end.getTime()).toBeGreaterThan(i.start.getTime());
  });

  it('are the instants whose wall-clock time lies in them, as the planner reads them: a start in the skipped hour begins at the first moment that exists (found by a review)', () => {
    // As the planner reads a window (wall-clock.ts): 02:30 does not exist on 28 March, 03:00 CEST comes first.
    const [spring] = windowIntervals([w(7, '02:30', '05:00')], 'Europe/Berlin', new Date('2027-03-28T00:00:00Z'), new Date('2027-03-29T00:00:00Z'));
    expect([iso(spring!.start), iso(spring!.end)]).toEqual(['2027-03-28T01:00:00.000Z', '2027-03-28T03:00:00.000Z']);
    // 02:00–03:00 happens twice on 31 October: from the first 02:30 (CEST) to 03:00 CEST, then from the
    // second 02:30 (CET) to 05:00 CET; between them the clock shows 02:00–02:30 again, outside the window.
    const autumn = windowIntervals([w(7, '02:30', '05:00')], 'Europe/Berlin', new Date('2027-10-31T00:00:00Z'), new Date('2027-11-01T00:00:00Z'));
    expect(autumn.map((i) => [iso(i.start), iso(i.end)])).toEqual([['2027-10-31T00:30:00.000Z', '2027-10-31T01:00:00.000Z'], ['2027-10-31T01:30:00.000Z', '2027-10-31T04:00:00.000Z']]);
    // A coach's window and the planner agree: a session at 03:00 CEST that spring Sunday lies inside.
    expect(withinWindows([w(7, '02:30', '05:00')], 'Europe/Berlin', new Date('2027-03-28T01:00:00Z'), new Date('2027-03-28T02:30:00Z'))).toBe(true);
  });

  it('join where they touch, so a session across the seam fits', () => {
    const set = [w(2, '09:00', '12:00'), w(2, '12:00', '15:00')];
    expect(withinWindows(set, 'Europe/Berlin', new Date('2027-06-15T09:30:00Z'), new Date('2027-06-15T11:00:00Z'))).toBe(true);
    expect(withinWindows(set, 'Europe/Berlin', new Date('2027-06-15T12:30:00Z'), new Date('2027-06-15T14:00:00Z'))).toBe(false);
    expect(withinWindows(set, 'America/New_York', new Date('2027-06-15T13:00:00Z'), new Date('2027-06-15T14:30:00Z'))).toBe(true);
  });

  it('end at 24:00 at the next midnight', () => {
    const [late] = windowIntervals([w(5, '20:00', '24:00')], 'Europe/Lisbon', new Date('2027-06-18T00:00:00Z'), new Date('2027-06-19T00:00:00Z'));
    expect([iso(late!.start), iso(late!.end)]).toEqual(['2027-06-18T19:00:00.000Z', '2027-06-18T23:00:00.000Z']);
    expect(weeklyHours([w(5, '20:00', '24:00'), w(1, '09:00', '10:30')])).toBe(5.5);
  });

  it('are refused where one ends first or two of a day overlap, each at its place', () => {
    expect(windowProblems([w(1, '09:00', '12:00'), w(1, '13:00', '15:00'), w(2, '09:00', '12:00')])).toEqual([]);
    expect(windowProblems([w(1, '12:00', '09:00'), w(1, '09:00', '12:00'), w(1, '11:00', '13:00'), w(2, '11:00', '13:00')])).toEqual([
      { index: 0, message: ENDS_FIRST }, { index: 2, message: OVERLAPS },
    ]);
  });
});
