// Gaps carry the reason that holds, in cases built so that exactly one limit is in the way.
import { describe, expect, test } from 'vitest';
import type { Coach, PlanInput, WeeklyWindow } from './plan-input.ts';
import { checkedPlan } from './plan-invariants.ts';
import { planProgramme } from './plan.ts';

const MONDAY = '2026-06-01';
const OFFICE: WeeklyWindow[] = [1, 2, 3, 4, 5].map((d) => ({ weekday: d as WeeklyWindow['weekday'], start: '08:00', end: '18:00' }));

function berliner(id: string, overrides: Partial<Coach> = {}): Coach {
  return { id, zone: 'Europe/Berlin', windows: [{ weekday: 2, start: '08:00', end: '12:30' }], modules: ['basics'], sites: ['hamburg'], virtual: true, weeklyMax: 5, ...overrides };
}

function organisation(coaches: Coach[], demand: Array<[place: string, sessions: number]>, rooms = 3): PlanInput {
  return {
    horizon: { start: new Date(`${MONDAY}T00:00:00Z`), weeks: 1 },
    session: { minutes: 90, slotMinutes: 30, seats: 4 },
    places: [
      { kind: 'site', id: 'hamburg', zone: 'Europe/Berlin', workingHours: OFFICE, rooms: Array.from({ length: rooms }, (_, r) => ({ id: `room-${r + 1}`, seats: 8 })) },
      { kind: 'virtual', id: 'virtual-berlin', zone: 'Europe/Berlin', workingHours: OFFICE },
      { kind: 'virtual', id: 'virtual-new-york', zone: 'America/New_York', workingHours: OFFICE },
    ],
    coaches,
    modules: [{ moduleId: 'basics' }],
    demand: demand.map(([placeId, sessions]) => ({ placeId, week: 0, sessions, seats: sessions * 4 })),
  };
}

function gapsOf(input: PlanInput) {
  const plan = planProgramme(input);
  checkedPlan(input, plan.sessions);
  expect(plan.sessionsPlanned).toBe(plan.achievable.total);
  return plan;
}

describe('why demand is not met', () => {
  test("only coaches in Berlin (mornings): New York's virtual demand is a gap, no coach in its working hours", () => {
    const plan = gapsOf(organisation([berliner('anna'), berliner('ben')], [['virtual-new-york', 2], ['virtual-berlin', 2]]));
    expect(plan.gaps).toEqual([expect.objectContaining({ placeId: 'virtual-new-york', sessionsShort: 2, seatsShort: 8, reasons: ['no_coach_in_working_hours'] })]);
  });

  test('everyone at their weekly maximum, with sessions they already have: coaches at their weekly maximum', () => {
    const booked = [{ start: new Date(`${MONDAY}T07:00:00Z`), end: new Date(`${MONDAY}T08:30:00Z`) }];
    const plan = gapsOf(organisation([berliner('anna', { weeklyMax: 1, booked }), berliner('ben', { weeklyMax: 2 })], [['virtual-berlin', 4]]));
    expect(plan.sessionsPlanned).toBe(2); // anna has none left; ben two of his three morning blocks
    expect(plan.gaps).toEqual([expect.objectContaining({ placeId: 'virtual-berlin', sessionsShort: 2, reasons: ['coaches_at_weekly_maximum'], coachesAtMaximum: ['anna', 'ben'] })]);
  });

  test('one room at the site: no free room', () => {
    const coaches = ['anna', 'ben', 'carla'].map((id) => berliner(id, { virtual: false }));
    const plan = gapsOf(organisation(coaches, [['hamburg', 6]], 1));
    expect(plan.sessionsPlanned).toBe(3); // three morning blocks (08:00, 09:30, 11:00), one room
    expect(plan.gaps).toEqual([expect.objectContaining({ placeId: 'hamburg', sessionsShort: 3, reasons: ['no_free_room'], startsWithoutRoom: 3 })]);
  });

  test("a room busy all morning: no free room, though the coaches are free", () => {
    const input = organisation([berliner('anna', { virtual: false })], [['hamburg', 1]], 1);
    const site = input.places[0]!;
    if (site.kind === 'site') site.rooms[0]!.busy = [{ start: new Date('2026-06-02T05:00:00Z'), end: new Date('2026-06-02T11:00:00Z') }];
    expect(gapsOf(input).gaps[0]!.reasons).toEqual(['no_free_room']);
  });

  test("a campaign whose module nobody coaches: no qualified coach", () => {
    const input = organisation([berliner('anna')], [['virtual-berlin', 1]]);
    input.modules = [{ moduleId: 'basics' }, { moduleId: 'feedback', campaign: { firstWeek: 0, weeks: 2 } }];
    expect(gapsOf(input).gaps[0]!.reasons).toEqual(['no_qualified_coach']);
  });

  test('a site nobody can come to: no coach for the place', () => {
    expect(gapsOf(organisation([berliner('anna', { sites: [] })], [['hamburg', 1]])).gaps[0]!.reasons).toEqual(['no_coach_for_place']);
  });

  test("a coach away all week (days away): no coach in working hours", () => {
    const exceptions = [1, 2, 3, 4, 5].map((d) => ({ date: `2026-06-0${d}` }));
    expect(gapsOf(organisation([berliner('anna', { exceptions })], [['virtual-berlin', 1]])).gaps[0]!.reasons).toEqual(['no_coach_in_working_hours']);
  });

  test('two places competing for one coach: the one left short names the coach busy elsewhere', () => {
    const plan = gapsOf(organisation([berliner('anna', { weeklyMax: 9 })], [['hamburg', 3], ['virtual-berlin', 3]]));
    expect(plan.sessionsPlanned).toBe(3);
    const reasons = plan.gaps.flatMap((g) => g.reasons);
    expect(reasons).toContain('coaches_busy_elsewhere');
    expect(plan.gaps.every((g) => g.coachesBusyElsewhere.includes('anna') || g.reasons.includes('no_coach_in_working_hours'))).toBe(true);
  });
});
