// Checks a plan against the planner's input without trusting the planner (for the tests, as
// test/schedules.ts does for the group solver): every rule is read again from the raw input, times
// through Luxon directly, minute by minute — nothing of wall-clock.ts, blocks.ts or problem.ts.
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type { PlanInput, WeeklyWindow } from './plan-input.ts';
import type { PlannedSession } from './plan-result.ts';

const MINUTE = 60_000;
const WEEK = 7 * 86_400_000;

/** Every rule of issue 16 on every session; returns sessions per place and week ("place|week"). */
export function checkedPlan(input: PlanInput, sessions: PlannedSession[]): Map<string, number> {
  const coaches = new Map(input.coaches.map((c) => [c.id, c]));
  const places = new Map(input.places.map((p) => [p.id, p]));
  const start0 = input.horizon.start.getTime();
  const perPlaceWeek = new Map<string, number>();
  const perCoachWeek = new Map<string, number>();
  const coachTimes = new Map<string, Array<[number, number]>>();
  const roomTimes = new Map<string, Array<[number, number]>>();

  for (const s of sessions) {
    const what = `${s.coachId} at ${s.placeId} ${s.start.toISOString()}`;
    const coach = coaches.get(s.coachId)!;
    const place = places.get(s.placeId)!;
    expect(coach, `${what}: a known coach`).toBeDefined();
    expect(place, `${what}: a known place`).toBeDefined();
    const [start, end] = [s.start.getTime(), s.end.getTime()];
    const own = input.modules.find((m) => m.moduleId === s.moduleId)?.minutes ?? input.session.minutes;
    expect(end - start, `${what}: the length of its module`).toBe(own * MINUTE);
    const week = Math.floor((start - start0) / WEEK);
    expect(week, `${what}: its week`).toBe(s.week);
    expect(week >= 0 && week < input.horizon.weeks, `${what}: inside the horizon`).toBe(true);
    expect(s.seats, `${what}: seats`).toBe(input.session.seats);
    expect(runningModules(input, week, s.placeId), `${what}: a module of the week there`).toContain(s.moduleId);
    expect(coach.modules, `${what}: the coach is qualified`).toContain(s.moduleId);

    // Minute by minute: a window is the set of instants whose wall time lies in it, clock changes and all.
    for (let t = start; t < end; t += MINUTE) {
      if (!inWindows(t, coach.zone, coach.windows, coach.exceptions)) expect.fail(`${what}: ${isoIn(t, coach.zone)} is outside the coach's windows`);
      if (!inWindows(t, place.zone, place.workingHours)) expect.fail(`${what}: ${isoIn(t, place.zone)} is outside the working hours of ${place.id}`);
    }
    expect(DateTime.fromISO(isoIn(start, coach.zone), { setZone: true }).toMillis(), `${what}: its local start reads back`).toBe(start);

    if (place.kind === 'site') {
      expect(coach.sites, `${what}: the coach can be at the site`).toContain(place.id);
      const room = place.rooms.find((r) => r.id === s.roomId);
      expect(room, `${what}: a room of the site`).toBeDefined();
      expect(room!.seats, `${what}: the room seats the participants and the coach`).toBeGreaterThanOrEqual(s.seats + 1);
      for (const b of room!.busy ?? []) expect(overlap(start, end, b.start.getTime(), b.end.getTime()), `${what}: room ${room!.id} is not busy`).toBe(false);
      push(roomTimes, room!.id, [start, end]);
    } else {
      expect(coach.virtual, `${what}: the coach coaches virtually`).toBe(true);
      expect(s.roomId, `${what}: no room`).toBeNull();
    }
    for (const b of coach.booked ?? []) expect(overlap(start, end, b.start.getTime(), b.end.getTime()), `${what}: not over a session the coach has`).toBe(false);
    for (const a of coach.away ?? []) expect(overlap(start, end, a.start.getTime(), a.end.getTime()), `${what}: not while the coach is away`).toBe(false);
    for (const a of coach.attending ?? []) expect(overlap(start, end, a.start.getTime(), a.end.getTime()), `${what}: not while the coach holds a seat`).toBe(false);
    push(coachTimes, coach.id, [start, end]);
    perPlaceWeek.set(`${s.placeId}|${week}`, (perPlaceWeek.get(`${s.placeId}|${week}`) ?? 0) + 1);
    const localWeek = mondayIn(start, coach.zone);
    perCoachWeek.set(`${s.coachId}|${localWeek}`, (perCoachWeek.get(`${s.coachId}|${localWeek}`) ?? 0) + 1);
  }

  for (const [who, times] of [...coachTimes, ...roomTimes]) {
    times.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < times.length; i++) if (times[i]![0] < times[i - 1]![1]) expect.fail(`${who} is in two sessions at once at ${new Date(times[i]![0]).toISOString()}`);
  }
  // The weekly maximum counts Monday–Sunday in the coach's own zone.
  for (const coach of input.coaches) {
    for (const [key, planned] of perCoachWeek) {
      const [coachId, monday] = key.split('|') as [string, string];
      if (coachId !== coach.id) continue;
      const booked = (coach.booked ?? []).filter((b) => mondayIn(b.start.getTime(), coach.zone) === monday).length;
      expect(planned + booked, `${coach.id} in the week of ${monday}: within the weekly maximum`).toBeLessThanOrEqual(coach.weeklyMax);
    }
  }
  for (const [key, planned] of perPlaceWeek) {
    const [placeId, week] = key.split('|');
    const needed = input.demand.filter((d) => d.placeId === placeId && d.week === Number(week)).reduce((sum, d) => sum + d.sessions, 0);
    expect(planned, `${key}: no more sessions than needed`).toBeLessThanOrEqual(needed);
  }
  return perPlaceWeek;
}

export function runningModules(input: PlanInput, week: number, placeId: string): string[] {
  const here = input.modules.filter((m) => !m.placeIds || m.placeIds.includes(placeId));
  const campaigns = here.filter((m) => m.campaign && week >= m.campaign.firstWeek && week < m.campaign.firstWeek + m.campaign.weeks);
  return (campaigns.length > 0 ? campaigns : here.filter((m) => !m.campaign)).map((m) => m.moduleId);
}

/** Whether the wall clock in `zone` at instant t shows a time inside that date's windows. */
export function inWindows(t: number, zone: string, windows: WeeklyWindow[], exceptions: PlanInput['coaches'][number]['exceptions'] = []): boolean {
  const local = wallClock(t, zone);
  const exception = exceptions.find((e) => e.date === local.date);
  const today = exception ? (exception.windows ?? []) : windows.filter((w) => w.weekday === local.weekday);
  return today.some((w) => local.minute >= minutesOf(w.start) && local.minute < minutesOf(w.end));
}

// Sessions at the same start share their minutes; Luxon is asked once per zone and minute.
const wallClocks = new Map<string, { date: string; weekday: number; minute: number }>();
function wallClock(t: number, zone: string) {
  const key = `${zone}|${t}`;
  let known = wallClocks.get(key);
  if (!known) {
    const local = DateTime.fromMillis(t, { zone });
    known = { date: local.toISODate()!, weekday: local.weekday, minute: local.hour * 60 + local.minute };
    if (wallClocks.size > 1_000_000) wallClocks.clear();
    wallClocks.set(key, known);
  }
  return known;
}

export function isoIn(t: number, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: true })!;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function overlap(a0: number, a1: number, b0: number, b1: number): boolean {
  return a0 < b1 && b0 < a1;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  map.set(key, [...(map.get(key) ?? []), value]);
}

function mondayIn(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).startOf('week').toISODate()!;
}
