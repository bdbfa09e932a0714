// Availability as the API shows it: windows as clock times, days away as days.
import type { AvailabilityRow, CoachRow, DayAwayRow, WindowRow } from './queries.ts';
import { clockLabel, weeklyHours } from './windows.ts';

export function presentAvailability(coach: CoachRow, row: AvailabilityRow | undefined, windows: WindowRow[], away: DayAwayRow[]) {
  const mine = windows.filter((w) => w.person_id === coach.id);
  return {
    personId: coach.id,
    name: coach.name,
    active: coach.active,
    saved: row !== undefined,
    // Until saved: the coach's own zone, online, any site, every module, no limit, no windows.
    timeZone: row?.time_zone ?? coach.time_zone,
    maxSessionsPerWeek: row?.max_sessions_per_week ?? null,
    coachesOnline: row?.coaches_online ?? true,
    sites: row?.sites ?? [],
    moduleIds: row?.module_ids ?? [],
    windows: mine.map((w) => ({ weekday: w.weekday, from: clockLabel(w.starts_minute), to: clockLabel(w.ends_minute) })),
    hoursPerWeek: weeklyHours(mine.map((w) => ({ weekday: w.weekday, startsMinute: w.starts_minute, endsMinute: w.ends_minute }))),
    daysAway: away.filter((a) => a.coach_id === coach.id).map((a) => ({ firstDay: a.first_day, lastDay: a.last_day })),
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}
