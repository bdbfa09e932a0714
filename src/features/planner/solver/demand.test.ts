// The demand helper: seats and sessions a week from "P people, once every K weeks or months".
import { describe, expect, test } from 'vitest';
import { demandByPlace, seatsPerWeek, weeklyNeeds, WEEKS_PER_MONTH } from './demand.ts';

describe('seats and sessions a week', () => {
  test('100 people once a month need about 23 seats a week (the "about 25" of a four-week month), 5.75 sessions', () => {
    const rate = seatsPerWeek(100, { every: 1, unit: 'month' });
    expect(rate).toBeCloseTo(100 / WEEKS_PER_MONTH, 10);
    expect(rate).toBeCloseTo(23.0, 1);
    const weeks = weeklyNeeds(rate, 4, 8);
    // The fraction is carried forward: 6, 6, 6, 5, … and 47 sessions over 8 weeks = ceil(8 × 5.75).
    expect(weeks.map((w) => w.sessions)).toEqual([6, 6, 6, 5, 6, 6, 6, 5]);
    expect(weeks.reduce((sum, w) => sum + w.sessions, 0)).toBe(Math.ceil((8 * rate) / 4 - 1e-9));
    expect(weeks.reduce((sum, w) => sum + w.seats, 0)).toBe(Math.ceil(8 * rate));
    expect(weeks.every((w) => w.seats === 23 || w.seats === 24)).toBe(true);
  });

  test('3,000 people once a month: 690 seats, 172.5 sessions a week, 750 a month', () => {
    const weeks = weeklyNeeds(seatsPerWeek(3000, { every: 1, unit: 'month' }), 4, 8);
    expect(weeks.every((w) => w.sessions === 172 || w.sessions === 173)).toBe(true);
    expect(weeks.reduce((sum, w) => sum + w.sessions, 0)).toBe(1380); // ceil(8 × 172.47)
    expect(seatsPerWeek(3000, { every: 1, unit: 'month' }) * WEEKS_PER_MONTH / 4).toBeCloseTo(750, 6);
  });

  test('once every two weeks, with people waiting: the line is seated in the first week', () => {
    const weeks = weeklyNeeds(seatsPerWeek(40, { every: 2, unit: 'week' }), 4, 3, 6);
    expect(weeks.map((w) => w.seats)).toEqual([26, 20, 20]);
    expect(weeks.map((w) => w.sessions)).toEqual([7, 5, 5]); // 26/4 → 7, then 46/4 → 12, 66/4 → 17
  });

  test('no people, no demand; nonsense refused', () => {
    expect(weeklyNeeds(0, 4, 2)).toEqual([{ week: 0, seats: 0, sessions: 0 }, { week: 1, seats: 0, sessions: 0 }]);
    expect(() => seatsPerWeek(10, { every: 0, unit: 'week' })).toThrow(RangeError);
    expect(() => weeklyNeeds(1, 0, 2)).toThrow(RangeError);
  });
});

describe('the mix over sites and virtual zones', () => {
  test("each site's share held virtually goes to its zone's virtual place; places add up", () => {
    const demand = demandByPlace(
      [
        { people: 1200, siteId: 'hamburg', virtualId: 'virtual-berlin', virtualShare: 0.25 },
        { people: 800, siteId: 'munich', virtualId: 'virtual-berlin', virtualShare: 0.5 },
        { people: 100, virtualId: 'virtual-berlin', virtualShare: 0 }, // no site: all virtual whatever the share says
      ],
      { every: 1, unit: 'month' }, 4, 4,
    );
    const total = (placeId: string) => demand.filter((d) => d.placeId === placeId).reduce((sum, d) => sum + d.seats, 0);
    const month = 4 / WEEKS_PER_MONTH;
    expect(total('hamburg')).toBe(Math.ceil(900 * month));
    expect(total('munich')).toBe(Math.ceil(400 * month));
    expect(total('virtual-berlin')).toBe(Math.ceil((300 + 400 + 100) * month));
    expect(() => demandByPlace([{ people: 10, siteId: 'x', virtualShare: 0.5 }], { every: 1, unit: 'month' }, 4, 1)).toThrow(/virtualId/);
  });
});
