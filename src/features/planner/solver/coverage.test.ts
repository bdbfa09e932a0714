// "100 % of the achievable" checked against an exhaustive search: on tiny random organisations every
// set of sessions the rules allow is searched (branch and bound), with times, rooms and windows read
// from the raw input through Luxon, and the planner must place exactly the most sessions found.
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { seededRandom, type Random } from '../../mixing/solver/seeded-random.ts';
import type { Coach, PlanInput, WeeklyWindow } from './plan-input.ts';
import { checkedPlan, inWindows, runningModules } from './plan-invariants.ts';
import { planProgramme } from './plan.ts';

const MINUTE = 60_000;
const SESSION = 90 * MINUTE;
// A week in which New York has changed its clocks and Berlin has not: five hours apart, not six.
const MONDAY = '2026-03-09';
const OFFICE: WeeklyWindow[] = [1, 2, 3, 4, 5].map((d) => ({ weekday: d as WeeklyWindow['weekday'], start: '08:00', end: '18:00' }));

function tinyOrganisation(random: Random): PlanInput {
  const zones = ['Europe/Berlin', 'America/New_York'];
  const coaches: Coach[] = Array.from({ length: 2 + random.below(2) }, (_, i) => {
    const zone = zones[random.below(2)]!;
    const windows: WeeklyWindow[] = ([1, 2, 3] as const).filter(() => random.next() < 0.8).map((weekday) => {
      const start = 7 * 60 + 30 * random.below(17);
      const end = Math.min(start + 90 + 30 * random.below(10), 24 * 60);
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return { weekday, start: hhmm(start), end: hhmm(end) };
    });
    return {
      id: `coach-${i}`, zone, windows, modules: random.next() < 0.8 ? ['a'] : ['b'], sites: zone === 'Europe/Berlin' && random.next() < 0.7 ? ['hamburg'] : [],
      virtual: random.next() < 0.7, weeklyMax: 1 + random.below(4),
      booked: random.next() < 0.3 ? [{ start: new Date(`${MONDAY}T09:15:00Z`), end: new Date(`${MONDAY}T10:45:00Z`) }] : [],
    };
  });
  const rooms = Array.from({ length: 1 + random.below(2) }, (_, r) => ({
    id: `room-${r}`, seats: 4 + random.below(4),
    busy: random.next() < 0.4 ? [{ start: new Date(`${MONDAY}T08:00:00Z`), end: new Date(`${MONDAY}T11:00:00Z`) }] : [],
  }));
  return {
    horizon: { start: new Date(`${MONDAY}T00:00:00Z`), weeks: 1 },
    session: { minutes: 90, slotMinutes: 30, seats: 4 },
    places: [
      { kind: 'site', id: 'hamburg', zone: 'Europe/Berlin', workingHours: OFFICE, rooms },
      { kind: 'virtual', id: 'virtual-berlin', zone: 'Europe/Berlin', workingHours: OFFICE },
      { kind: 'virtual', id: 'virtual-new-york', zone: 'America/New_York', workingHours: OFFICE },
    ],
    coaches, modules: [{ moduleId: 'a' }],
    demand: ['hamburg', 'virtual-berlin', 'virtual-new-york'].map((placeId) => {
      const sessions = random.below(4);
      return { placeId, week: 0, sessions, seats: 4 * sessions };
    }),
  };
}

// The zone's grid, from its definition: back-to-back 90-minute blocks from 08:00, whole inside the day.
function gridStarts(zone: string, weekStart: number): number[] {
  const starts: number[] = [];
  for (let d = -1; d <= 7; d++) {
    const date = DateTime.fromMillis(weekStart, { zone: 'UTC' }).plus({ days: d });
    const origin = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour: 8 }, { zone }).toMillis();
    for (let k = -6; k <= 11; k++) {
      const s = origin + k * SESSION;
      const sameDay = DateTime.fromMillis(s, { zone }).toISODate() === date.toISODate() && DateTime.fromMillis(s + SESSION - 1, { zone }).toISODate() === date.toISODate();
      if (sameDay && s >= weekStart && s < weekStart + 7 * 86_400_000) starts.push(s);
    }
  }
  return starts;
}

interface Candidate { coach: number; place: string; room: string | null; start: number }

function bruteForceMaximum(input: PlanInput): number {
  const weekStart = input.horizon.start.getTime();
  const qualified = (coach: PlanInput['coaches'][number], placeId: string) => coach.modules.some((m) => runningModules(input, 0, placeId).includes(m));
  const siteGrid = new Set(gridStarts('Europe/Berlin', weekStart));
  const fits = (t0: number, zone: string, windows: WeeklyWindow[]) => {
    for (let t = t0; t < t0 + SESSION; t += MINUTE) if (!inWindows(t, zone, windows)) return false;
    return true;
  };
  const clash = (a: number, b0: number, b1: number) => a < b1 && b0 < a + SESSION;
  const candidates: Candidate[] = [];
  input.coaches.forEach((coach, c) => {
    for (const start of gridStarts(coach.zone, weekStart)) {
      if (!fits(start, coach.zone, coach.windows) || (coach.booked ?? []).some((b) => clash(start, b.start.getTime(), b.end.getTime()))) continue;
      for (const place of input.places) {
        if (!qualified(coach, place.id) || !fits(start, place.zone, place.workingHours)) continue;
        if (place.kind === 'virtual' && coach.virtual) candidates.push({ coach: c, place: place.id, room: null, start });
        if (place.kind === 'site' && coach.sites.includes(place.id) && siteGrid.has(start)) {
          for (const room of place.rooms) {
            if (room.seats >= 5 && !(room.busy ?? []).some((b) => clash(start, b.start.getTime(), b.end.getTime()))) candidates.push({ coach: c, place: place.id, room: room.id, start });
          }
        }
      }
    }
  });
  const demandLeft = new Map(input.demand.map((d) => [d.placeId, d.sessions]));
  const coachLeft = input.coaches.map((c) => c.weeklyMax - (c.booked ?? []).length);
  const chosen: Candidate[] = [];
  let best = 0;
  const search = (i: number) => {
    best = Math.max(best, chosen.length);
    const demand = [...demandLeft.values()].reduce((a, b) => a + b, 0);
    if (i === candidates.length || chosen.length + Math.min(demand, candidates.length - i) <= best) return;
    const x = candidates[i]!;
    const allowed = coachLeft[x.coach]! > 0 && demandLeft.get(x.place)! > 0 &&
      !chosen.some((y) => clash(x.start, y.start, y.start + SESSION) && (y.coach === x.coach || (x.room !== null && y.room === x.room)));
    if (allowed) {
      chosen.push(x);
      coachLeft[x.coach]!--;
      demandLeft.set(x.place, demandLeft.get(x.place)! - 1);
      search(i + 1);
      chosen.pop();
      coachLeft[x.coach]!++;
      demandLeft.set(x.place, demandLeft.get(x.place)! + 1);
    }
    search(i + 1);
  };
  search(0);
  return best;
}

describe('the planner places the most sessions any plan can', () => {
  test.each(Array.from({ length: 30 }, (_, i) => [i + 1]))('tiny organisation, seed %i', (seed) => {
    const input = tinyOrganisation(seededRandom(seed));
    const plan = planProgramme(input);
    checkedPlan(input, plan.sessions);
    const maximum = bruteForceMaximum(input);
    expect(plan.achievable.total).toBe(maximum);
    expect(plan.sessionsPlanned).toBe(maximum);
  });

  test('the tiny organisations are not trivial: some are short, some place several sessions', () => {
    const outcomes = Array.from({ length: 30 }, (_, i) => planProgramme(tinyOrganisation(seededRandom(i + 1))));
    expect(outcomes.filter((p) => p.gaps.length > 0).length).toBeGreaterThan(5);
    expect(outcomes.filter((p) => p.sessionsPlanned >= 3).length).toBeGreaterThan(5);
  });
});
