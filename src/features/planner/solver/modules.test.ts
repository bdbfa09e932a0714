// Which module each planned session runs, and for how long: modules dealt evenly over the whole
// horizon and across places, each session as long as its own module (in the slot of the longest),
// and a module only at the places it may run at (a German one where people chose German).
import { describe, expect, test } from 'vitest';
import type { Coach, ModuleRun, PlanInput, WeeklyWindow } from './plan-input.ts';
import { checkedPlan } from './plan-invariants.ts';
import { planProgramme } from './plan.ts';

const MINUTE = 60_000;
const OFFICE: WeeklyWindow[] = [1, 2, 3, 4, 5].map((d) => ({ weekday: d as WeeklyWindow['weekday'], start: '08:00', end: '18:00' }));
const roomsOf = (site: string) => [{ id: `${site}-1`, seats: 8 }, { id: `${site}-2`, seats: 8 }];

function coach(id: string, modules: string[], overrides: Partial<Coach> = {}): Coach {
  return { id, zone: 'Europe/Berlin', windows: OFFICE, modules, sites: ['hamburg'], virtual: true, weeklyMax: 10, ...overrides };
}

function organisation(modules: ModuleRun[], demand: Array<[place: string, sessionsPerWeek: number]>, weeks = 1, minutes = 90): PlanInput {
  return {
    horizon: { start: new Date('2026-06-01T00:00:00Z'), weeks },
    session: { minutes, slotMinutes: 30, seats: 4 },
    places: [
      { kind: 'site', id: 'hamburg', zone: 'Europe/Berlin', workingHours: OFFICE, rooms: roomsOf('hamburg') },
      { kind: 'site', id: 'lisbon', zone: 'Europe/Lisbon', workingHours: OFFICE, rooms: roomsOf('lisbon') },
      { kind: 'virtual', id: 'virtual-berlin', zone: 'Europe/Berlin', workingHours: OFFICE },
    ],
    // Lisbon's sessions keep to Lisbon's block grid, which a coach of Berlin's never meets.
    coaches: [coach('anna', modules.map((m) => m.moduleId)), coach('ben', modules.map((m) => m.moduleId)),
      coach('carla', modules.map((m) => m.moduleId), { zone: 'Europe/Lisbon', sites: ['lisbon'], virtual: false })],
    modules,
    demand: demand.flatMap(([placeId, sessions]) => Array.from({ length: weeks }, (_, week) => ({ placeId, week, sessions, seats: sessions * 4 }))),
  };
}

function planned(input: PlanInput) {
  const plan = planProgramme(input);
  checkedPlan(input, plan.sessions);
  expect(plan.sessionsPlanned).toBe(plan.achievable.total);
  return plan;
}

const countsOf = (moduleIds: string[]) => Object.fromEntries([...new Set(moduleIds)].sort().map((m) => [m, moduleIds.filter((x) => x === m).length]));

describe('modules are dealt evenly', () => {
  test('over the weeks of the horizon: each week goes on where the last left off, not from the top of the list', () => {
    const modules = ['active-listening', 'feedback', 'negotiation'].map((moduleId) => ({ moduleId }));
    const plan = planned(organisation(modules, [['virtual-berlin', 2]], 3));
    expect(plan.sessions).toHaveLength(6);
    expect(countsOf(plan.sessions.map((s) => s.moduleId))).toEqual({ 'active-listening': 2, feedback: 2, negotiation: 2 });
  });

  test('across places: a tie at a place goes to the module the organisation has had least often', () => {
    const modules = ['active-listening', 'feedback', 'negotiation', 'storytelling'].map((moduleId) => ({ moduleId }));
    const plan = planned(organisation(modules, [['hamburg', 1], ['lisbon', 1], ['virtual-berlin', 2]]));
    expect(plan.sessions).toHaveLength(4);
    expect(countsOf(plan.sessions.map((s) => s.moduleId))).toEqual({ 'active-listening': 1, feedback: 1, negotiation: 1, storytelling: 1 });
  });

  test('a coach who coaches one module only still gets it; the others make up the rest', () => {
    const modules = ['active-listening', 'feedback'].map((moduleId) => ({ moduleId }));
    const input = organisation(modules, [['virtual-berlin', 4]]);
    input.coaches = [coach('anna', ['active-listening'], { weeklyMax: 2 }), coach('ben', ['active-listening', 'feedback'], { weeklyMax: 2 })];
    const plan = planned(input);
    expect(plan.sessions.filter((s) => s.coachId === 'anna').every((s) => s.moduleId === 'active-listening')).toBe(true);
    expect(countsOf(plan.sessions.map((s) => s.moduleId))).toEqual({ 'active-listening': 2, feedback: 2 });
  });
});

describe('each session runs for its own module', () => {
  test('in the slot of the longest module, a 90-minute module ends after 90 minutes and a 120-minute one after 120', () => {
    const modules = [{ moduleId: 'active-listening', minutes: 90 }, { moduleId: 'workshops', minutes: 120 }, { moduleId: 'e-mails', minutes: 60 }];
    const plan = planned(organisation(modules, [['hamburg', 3], ['virtual-berlin', 3]], 2, 120));
    const lengths = new Map(modules.map((m) => [m.moduleId, m.minutes * MINUTE]));
    expect(plan.sessions).toHaveLength(12);
    expect(new Set(plan.sessions.map((s) => s.moduleId))).toEqual(new Set(lengths.keys()));
    for (const s of plan.sessions) expect(s.end.getTime() - s.start.getTime(), `${s.moduleId} at ${s.start.toISOString()}`).toBe(lengths.get(s.moduleId));
  });

  test('a module longer than the slot, or listed with two lengths, is refused', () => {
    expect(() => planProgramme(organisation([{ moduleId: 'workshops', minutes: 120 }], [['hamburg', 1]]))).toThrow(/module workshops: minutes must be .* \(90\)/);
    const twice = [{ moduleId: 'feedback', minutes: 60 }, { moduleId: 'feedback', minutes: 90, campaign: { firstWeek: 0, weeks: 1 } }];
    expect(() => planProgramme(organisation(twice, [['hamburg', 1]]))).toThrow(/feedback is listed with two lengths/);
  });
});

describe('a module runs only at the places it may run at', () => {
  const german = { moduleId: 'gespraechsfuehrung', placeIds: ['hamburg', 'virtual-berlin'] };

  test('a German module in Hamburg and online from Berlin, never in Lisbon, which gets the others', () => {
    const modules = [{ moduleId: 'active-listening' }, german, { moduleId: 'negotiation' }];
    const plan = planned(organisation(modules, [['hamburg', 3], ['lisbon', 4], ['virtual-berlin', 3]], 2));
    const at = (place: string) => plan.sessions.filter((s) => s.placeId === place).map((s) => s.moduleId);
    expect(at('lisbon')).toHaveLength(8);
    expect(countsOf(at('lisbon'))).toEqual({ 'active-listening': 4, negotiation: 4 });
    expect(at('hamburg')).toContain('gespraechsfuehrung');
    expect(at('virtual-berlin')).toContain('gespraechsfuehrung');
  });

  test('a campaign of a German module runs alone where it may run; Lisbon keeps its other modules meanwhile', () => {
    const modules = [{ moduleId: 'active-listening' }, { ...german, campaign: { firstWeek: 0, weeks: 1 } }];
    const plan = planned(organisation(modules, [['hamburg', 2], ['lisbon', 2]]));
    expect(plan.sessions.filter((s) => s.placeId === 'hamburg').map((s) => s.moduleId)).toEqual(['gespraechsfuehrung', 'gespraechsfuehrung']);
    expect(plan.sessions.filter((s) => s.placeId === 'lisbon').map((s) => s.moduleId)).toEqual(['active-listening', 'active-listening']);
  });

  test('only German modules chosen: Lisbon falls short, the gap saying its modules are not for it', () => {
    const plan = planned(organisation([german], [['hamburg', 1], ['lisbon', 2]]));
    expect(plan.sessions.map((s) => s.placeId)).toEqual(['hamburg']);
    expect(plan.gaps).toEqual([expect.objectContaining({ placeId: 'lisbon', sessionsShort: 2, reasons: ['no_module_for_place'] })]);
  });

  test('a place nobody listed is refused', () => {
    expect(() => planProgramme(organisation([{ moduleId: 'x', placeIds: ['atlantis'] }], [['hamburg', 1]]))).toThrow(/module x: atlantis is no place/);
  });
});
