// The planner on seeded organisations of 2 zones and 3 sites: every plan is checked by
// plan-invariants.ts, which reads the rules again from the raw input without the planner's help.
import { describe, expect, test } from 'vitest';
import type { PlanInput } from './plan-input.ts';
import { checkedPlan } from './plan-invariants.ts';
import { planProgramme } from './plan.ts';
import { sampleOrganisation, type SampleOptions } from './sample-organisation.ts';

const SITES: SampleOptions['sites'] = [
  { id: 'hamburg', zone: 'Europe/Berlin', share: 0.4, rooms: 3 },
  { id: 'munich', zone: 'Europe/Berlin', share: 0.3, rooms: 2 },
  { id: 'new-york', zone: 'America/New_York', share: 0.3, rooms: 2 },
];

// Weeks across the EU and US spring changes (8 and 29 March 2026), so the zones' offsets differ by
// five hours in some weeks and six in others.
function organisation(seed: number, overrides: Partial<SampleOptions> = {}): PlanInput {
  return sampleOrganisation({
    seed, start: new Date('2026-03-02T00:00:00Z'), weeks: 5, employees: 700, frequency: { every: 1, unit: 'month' },
    coaches: 12, sites: SITES, virtualShare: 0.35, ...overrides,
  });
}

describe('every rule holds on every plan', () => {
  test.each([1, 2, 3, 4, 5, 6])('seed %i', (seed) => {
    const input = organisation(seed);
    const plan = planProgramme(input);
    const perPlaceWeek = checkedPlan(input, plan.sessions);
    expect(plan.sessions.length).toBeGreaterThan(0);
    // 100 % of what the availability allows: the plan's flow is Dinic's maximum, found apart.
    expect(plan.sessionsPlanned).toBe(plan.achievable.total);
    expect(plan.coverageOfAchievable).toBe(1);
    // The figures agree with the sessions, and every shortfall is a gap with a reason.
    for (const row of plan.placeWeeks) {
      expect(row.sessionsPlanned).toBe(perPlaceWeek.get(`${row.placeId}|${row.week}`) ?? 0);
      expect(row.seatsOffered).toBe(row.sessionsPlanned * 4);
      const gap = plan.gaps.find((g) => g.placeId === row.placeId && g.week === row.week);
      expect(gap?.sessionsShort ?? 0).toBe(row.sessionsNeeded - row.sessionsPlanned);
      if (gap) expect(gap.reasons.length).toBeGreaterThan(0);
    }
  });

  test('a scarce organisation (many people, few coaches) still breaks no rule and reaches its maximum', () => {
    const input = organisation(9, { employees: 3000, coaches: 8 });
    const plan = planProgramme(input);
    checkedPlan(input, plan.sessions);
    expect(plan.sessionsPlanned).toBe(plan.achievable.total);
    expect(plan.sessionsPlanned).toBeLessThan(plan.sessionsNeeded);
    expect(plan.gaps.length).toBeGreaterThan(0);
  });

  test("the benchmark's organisation: 3,000 people once a month, 40 coaches, 8 weeks", () => {
    const input = sampleOrganisation({
      seed: 1, start: new Date('2026-03-02T00:00:00Z'), weeks: 8, employees: 3000, frequency: { every: 1, unit: 'month' }, coaches: 40,
      sites: SITES.map((s) => ({ ...s, rooms: s.rooms + 3 })), virtualShare: 0.35,
    });
    const plan = planProgramme(input);
    checkedPlan(input, plan.sessions);
    expect(plan.sessionsPlanned).toBe(plan.achievable.total);
  });
});

describe('the plan is spread and balanced', () => {
  test('sessions of a place spread over the weekdays and the times of day', () => {
    const input = organisation(3);
    const plan = planProgramme(input);
    const hamburg = plan.sessions.filter((s) => s.placeId === 'hamburg' && s.week === 1);
    const days = new Set(hamburg.map((s) => s.start.getUTCDay()));
    const hours = new Set(hamburg.map((s) => s.start.getUTCHours()));
    expect(hamburg.length).toBeGreaterThanOrEqual(5);
    expect(days.size).toBeGreaterThanOrEqual(4);
    expect(hours.size).toBeGreaterThanOrEqual(3);
  });

  test('the same input gives the same plan', () => {
    const strip = (input: PlanInput) => planProgramme(input).sessions.map((s) => `${s.start.toISOString()} ${s.coachId} ${s.placeId} ${s.roomId} ${s.moduleId}`);
    expect(strip(organisation(4))).toEqual(strip(organisation(4)));
  });

  test("during the campaign every session runs the campaign's module, before and after the others", () => {
    const input = organisation(5);
    const plan = planProgramme(input);
    const campaign = input.modules.find((m) => m.campaign)!;
    const inCampaign = (week: number) => week >= campaign.campaign!.firstWeek && week < campaign.campaign!.firstWeek + campaign.campaign!.weeks;
    expect(plan.sessions.filter((s) => inCampaign(s.week)).every((s) => s.moduleId === campaign.moduleId)).toBe(true);
    expect(new Set(plan.sessions.filter((s) => !inCampaign(s.week)).map((s) => s.moduleId)).size).toBeGreaterThan(3);
  });
});

describe('bad input is refused with the thing at fault named', () => {
  const base = () => organisation(1, { weeks: 1, coaches: 2 });
  test.each<[string, (input: PlanInput) => void, RegExp]>([
    ['a window that ends before it starts', (i) => { i.coaches[0]!.windows = [{ weekday: 1, start: '12:00', end: '09:00' }]; }, /coach-01.*ends before it starts/],
    ['overlapping windows on one day', (i) => { i.coaches[0]!.windows = [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '11:00', end: '13:00' }]; }, /overlap/],
    ['a time that is no time', (i) => { i.coaches[0]!.windows = [{ weekday: 1, start: '8:00', end: '12:00' }]; }, /HH:mm/],
    ['an unknown zone', (i) => { i.coaches[0]!.zone = 'Mars/Olympus'; }, /not an IANA time zone/],
    ['a site nobody listed', (i) => { i.coaches[0]!.sites = ['atlantis']; }, /atlantis is not a site/],
    ['demand outside the horizon', (i) => { i.demand.push({ placeId: 'hamburg', week: 3, seats: 4, sessions: 1 }); }, /outside the horizon/],
    ['a weekly maximum below zero', (i) => { i.coaches[0]!.weeklyMax = -1; }, /weeklyMax/],
    ['a day start off the grid', (i) => { i.session.dayStart = '08:10'; }, /grid/],
  ])('%s', (_, spoil, message) => {
    const input = base();
    spoil(input);
    expect(() => planProgramme(input)).toThrow(message);
  });
});
