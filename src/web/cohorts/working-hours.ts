// Whether a start time suits the chosen people's own working days, before the cohort exists (its
// preview then reports the same from the server: features/cohorts/figures.ts localRound, the same hours).
import { DateTime } from 'luxon';

const FROM = 8;
const TO = 18;
export const WORKING_HOURS = { from: '08:00', to: '18:00' };

function outside(start: DateTime, minutes: number, zone: string): boolean {
  const local = start.setZone(zone);
  const end = local.plus({ minutes });
  const at = (t: DateTime) => t.hour * 60 + t.minute;
  return local.weekday > 5 || !local.hasSame(end, 'day') || at(local) < FROM * 60 || at(end) > TO * 60;
}

export function outsideCount(startIso: string, minutes: number, zones: string[]): number {
  const start = DateTime.fromISO(startIso);
  return zones.filter((zone) => outside(start, minutes, zone)).length;
}

/** The start on the same day in `zone`, on the half hour from 06:00 to 20:00, that leaves the fewest outside (the earliest of equals). */
export function bestStart(startIso: string, minutes: number, zone: string, zones: string[]): { time: string; wallClock: string; outside: number } {
  const day = DateTime.fromISO(startIso, { zone }).startOf('day');
  let best = { time: '', wallClock: '', outside: Infinity };
  for (let half = 12; half <= 40; half++) {
    const start = day.plus({ minutes: half * 30 });
    const count = zones.filter((z) => outside(start, minutes, z)).length;
    if (count < best.outside) best = { time: start.toFormat('HH:mm'), wallClock: start.toFormat("yyyy-MM-dd'T'HH:mm"), outside: count };
  }
  return best;
}
