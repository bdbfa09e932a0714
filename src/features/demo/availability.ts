// The demo's coaches say when they can coach, so the availability pages, the reassign suggestions
// and the planner have something to work with on the first start. Three patterns, as coaches'
// weeks differ: whole days, mornings early in the week, afternoons late in it; each in the coach's
// own zone, online and at their own site, every module.
import type { Insertable } from 'kysely';
import type { CoachAvailabilityTable, CoachWindowsTable } from '../../db/schema-availability.ts';

interface Coach { id: string; org_id: string; time_zone: string; site?: string | null; roles: string[] }

const PATTERNS: Array<{ days: number[]; windows: Array<[number, number]>; maxPerWeek: number }> = [
  { days: [1, 2, 3, 4, 5], windows: [[9 * 60, 12 * 60 + 30], [13 * 60 + 30, 17 * 60]], maxPerWeek: 5 },
  { days: [1, 2, 3, 4], windows: [[8 * 60, 12 * 60]], maxPerWeek: 3 },
  { days: [2, 3, 4, 5], windows: [[12 * 60, 18 * 60]], maxPerWeek: 4 },
];

export function demoAvailability(people: Coach[]) {
  const coaches = people.filter((p) => p.roles.includes('coach'));
  const availability: Array<Insertable<CoachAvailabilityTable>> = [];
  const windows: Array<Insertable<CoachWindowsTable>> = [];
  coaches.forEach((coach, i) => {
    const pattern = PATTERNS[i % PATTERNS.length]!;
    availability.push({
      org_id: coach.org_id, person_id: coach.id, time_zone: coach.time_zone, max_sessions_per_week: pattern.maxPerWeek,
      coaches_online: true, sites: coach.site ? [coach.site] : [], module_ids: [], updated_by: coach.id,
    });
    for (const weekday of pattern.days) {
      for (const [from, to] of pattern.windows) windows.push({ org_id: coach.org_id, person_id: coach.id, weekday, starts_minute: from, ends_minute: to });
    }
  });
  return { availability, windows };
}
