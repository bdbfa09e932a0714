// The new-cohort form's count of people a start puts outside their working hours, against the
// preview's own figure (features/cohorts/figures.ts): every round counts, and the rounds keep their
// wall-clock time in the cohort's zone while the members' zones change their clocks on other dates.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { outsideWorkingHours } from '../../features/cohorts/figures.ts';
import { bestStart, outsideCount } from './working-hours.ts';

const BERLIN = 'Europe/Berlin';
const minutes = 90;
// Mondays 09:00 in Berlin from 25 October 2027: the clocks go back on the 31st, Tokyo's never do.
const first = DateTime.fromISO('2027-10-25T09:00', { zone: BERLIN }).toUTC().toISO()!;
const zones = ['Europe/Berlin', 'Asia/Tokyo', 'Europe/Berlin'];

describe('people a cohort’s start puts outside their working hours', () => {
  it('counts every round: in Tokyo the first ends at 17:30, the next two at 18:30 once Berlin’s clocks went back', () => {
    const starts = [0, 1, 2].map((w) => DateTime.fromISO(first).setZone(BERLIN).plus({ weeks: w }).toJSDate());
    expect(outsideWorkingHours(starts, minutes, new Map(zones.map((z, i) => [String(i), z]))).people).toBe(1);
    expect(outsideCount(first, minutes, zones, { timeZone: BERLIN, rounds: 3, everyWeeks: 1 })).toBe(1);
    // A cohort of one round, or one that ends before the clocks go back, fits everyone.
    expect(outsideCount(first, minutes, zones, { timeZone: BERLIN, rounds: 1, everyWeeks: 1 })).toBe(0);
  });

  it('offers the start that suits the most over every round: in spring New York moves its clocks two weeks before Berlin', () => {
    // 13:00 in Berlin on 22 March 2027 is 08:00 in New York; a week later, Berlin's clocks moved too, 07:00.
    const march = DateTime.fromISO('2027-03-22T13:00', { zone: BERLIN }).toUTC().toISO()!;
    const ours = ['Europe/Berlin', 'America/New_York'];
    const cohort = { timeZone: BERLIN, rounds: 2, everyWeeks: 1 };
    expect(outsideCount(march, minutes, ours, cohort)).toBe(1);
    expect(bestStart(march, minutes, ours, cohort)).toEqual({ time: '14:00', wallClock: '2027-03-22T14:00', outside: 0 });
  });
});
