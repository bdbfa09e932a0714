// Whether a start time suits the chosen people's own working days, before the cohort exists (its
// preview then reports the same from the server: features/cohorts/figures.ts localRound, the same hours).
// Every round counts, not the first alone: the rounds keep their wall-clock time in the cohort's zone,
// and a member's zone may change its clocks on another date (or never), so a start that suits them in
// the first round may not a week later.
import { DateTime } from 'luxon';

const FROM = 8;
const TO = 18;
export const WORKING_HOURS = { from: '08:00', to: '18:00' };

/** How the rounds follow the first, as the server lays them out (cohorts/service.ts roundStarts). */
export interface RoundPattern {
  timeZone: string;
  rounds: number;
  everyWeeks: number;
}

function outside(start: DateTime, minutes: number, zone: string): boolean {
  const local = start.setZone(zone);
  const end = local.plus({ minutes });
  const at = (t: DateTime) => t.hour * 60 + t.minute;
  return local.weekday > 5 || !local.hasSame(end, 'day') || at(local) < FROM * 60 || at(end) > TO * 60;
}

/** People outside their hours in at least one round (the preview's "people" figure), each zone judged once. */
function peopleOutside(first: DateTime, minutes: number, zones: string[], pattern: RoundPattern): number {
  const local = first.setZone(pattern.timeZone);
  const starts = Array.from({ length: Math.max(1, pattern.rounds) }, (_, i) => local.plus({ weeks: i * pattern.everyWeeks }));
  const perZone = new Map<string, number>();
  for (const zone of zones) perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
  let count = 0;
  for (const [zone, people] of perZone) if (starts.some((start) => outside(start, minutes, zone))) count += people;
  return count;
}

export function outsideCount(startIso: string, minutes: number, zones: string[], pattern: RoundPattern): number {
  return peopleOutside(DateTime.fromISO(startIso), minutes, zones, pattern);
}

/** The start on the same day in the cohort's zone, on the half hour from 06:00 to 20:00, that leaves the fewest outside in any round (the earliest of equals). */
export function bestStart(startIso: string, minutes: number, zones: string[], pattern: RoundPattern): { time: string; wallClock: string; outside: number } {
  const day = DateTime.fromISO(startIso, { zone: pattern.timeZone }).startOf('day');
  let best = { time: '', wallClock: '', outside: Infinity };
  for (let half = 12; half <= 40; half++) {
    const start = day.plus({ minutes: half * 30 });
    const count = peopleOutside(start, minutes, zones, pattern);
    if (count < best.outside) best = { time: start.toFormat('HH:mm'), wallClock: start.toFormat("yyyy-MM-dd'T'HH:mm"), outside: count };
  }
  return best;
}
