// The planner on the nights the clocks change: a coach in Europe/Berlin who can coach Sundays
// 01:30–03:30, for a virtual zone whose people "work" all Sunday (so only the coach's window limits).
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import type { PlanInput } from './plan-input.ts';
import { checkedPlan } from './plan-invariants.ts';
import { planProgramme } from './plan.ts';

function sundayNight(monday: string, minutes: number): PlanInput {
  return {
    horizon: { start: new Date(`${monday}T00:00:00Z`), weeks: 1 },
    session: { minutes, slotMinutes: 30, seats: 4 },
    places: [{ kind: 'virtual', id: 'virtual-berlin', zone: 'Europe/Berlin', workingHours: [{ weekday: 7, start: '00:00', end: '24:00' }] }],
    coaches: [{ id: 'night-owl', zone: 'Europe/Berlin', windows: [{ weekday: 7, start: '01:30', end: '03:30' }], modules: ['m'], sites: [], virtual: true, weeklyMax: 10 }],
    modules: [{ moduleId: 'm' }],
    demand: [{ placeId: 'virtual-berlin', week: 0, seats: 40, sessions: 10 }],
  };
}

function localStarts(input: PlanInput) {
  const plan = planProgramme(input);
  checkedPlan(input, plan.sessions);
  for (const s of plan.sessions) {
    const start = DateTime.fromJSDate(s.start, { zone: 'Europe/Berlin' });
    const end = DateTime.fromJSDate(s.end, { zone: 'Europe/Berlin' });
    // Each start converts back to the window, on the Sunday, and to the same instant with its offset.
    expect(start.weekday).toBe(7);
    expect(start.toFormat('HH:mm') >= '01:30' && start.toFormat('HH:mm') < '03:30').toBe(true);
    expect(end.toFormat('HH:mm') <= '03:30').toBe(true);
    expect(DateTime.fromISO(start.toISO()!, { setZone: true }).toMillis()).toBe(s.start.getTime());
  }
  return { plan, starts: plan.sessions.map((s) => DateTime.fromJSDate(s.start, { zone: 'Europe/Berlin' }).toFormat('HH:mmZZ')) };
}

describe('the last Sunday of March: 02:00–03:00 does not exist', () => {
  test('90 minutes do not fit into the one real hour: no session, and the gap says why', () => {
    const { plan, starts } = localStarts(sundayNight('2026-03-23', 90));
    expect(starts).toEqual([]);
    expect(plan.gaps[0]!.reasons).toEqual(['no_coach_in_working_hours']);
  });

  test('30-minute sessions start at 01:30 and 03:00, never at a non-existent 02:00 or 02:30', () => {
    expect(localStarts(sundayNight('2026-03-23', 30)).starts).toEqual(['01:30+01:00', '03:00+02:00']);
  });
});

describe('the last Sunday of October: 02:00–03:00 happens twice', () => {
  test('the window is three real hours: 01:30 summer time and 02:00 winter time', () => {
    expect(localStarts(sundayNight('2026-10-19', 90)).starts).toEqual(['01:30+02:00', '02:00+01:00']);
  });

  test('30-minute sessions fill all six half hours, both 02:00s and both 02:30s', () => {
    expect(localStarts(sundayNight('2026-10-19', 30)).starts).toEqual(['01:30+02:00', '02:00+02:00', '02:30+02:00', '02:00+01:00', '02:30+01:00', '03:00+01:00']);
  });
});
