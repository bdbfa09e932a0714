// Cohort rows -> what its admin or coach sees: the solver's state (a solve whose process stopped
// reads as failed), and once solved the preview: rounds, groups, names and departments, and the
// figures. Only admins and the coach who made the cohort reach these (service.ts cohortYouRun); they
// place these people, so they see names — never addresses.
import { localIso } from '../../lib/time.ts';
import { localRound, WORKING_HOURS, type CohortFigures } from './figures.ts';
import type { CohortGroupRow, CohortRow } from './queries.ts';

/** No news from a solve for this long beyond its budget: its process has stopped. */
export const STALE_AFTER_MS = 120_000;

export interface PreviewFacts {
  rounds: Array<{ round: number; starts_at: Date }>;
  groups: CohortGroupRow[];
  /** Published: `session:person` of every seat held in the cohort's sessions; a draft has none. */
  seats: Set<string> | null;
  members: Map<string, { name: string; department: string | null; timeZone: string }>;
  figures: CohortFigures & { earlierEncountersCounted: boolean; outsideWorkingHours: { people: number; seats: number } };
}

/** A solve still queued or solving with no news for longer than its budget and the grace above. */
export function solveIsStale(row: Pick<CohortRow, 'solver_status' | 'solver_updated_at'>, searchSeconds: number, now: Date): boolean {
  return (row.solver_status === 'queued' || row.solver_status === 'solving')
    && now.getTime() - row.solver_updated_at.getTime() > searchSeconds * 1000 + STALE_AFTER_MS;
}

export function presentCohortSummary(row: CohortRow, people: number, searchSeconds: number, now: Date) {
  const stale = solveIsStale(row, searchSeconds, now);
  return {
    id: row.id, name: row.name, moduleId: row.module_id, status: row.status, groupSize: row.group_size, rounds: row.rounds, people,
    timeZone: row.time_zone, durationMinutes: row.duration_minutes, format: row.format, createdBy: row.created_by,
    createdAt: row.created_at.toISOString(), publishedAt: row.published_at?.toISOString() ?? null,
    solver: {
      status: stale ? ('failed' as const) : row.solver_status,
      phase: row.solver_phase, repeats: row.solver_repeats, elapsedMs: row.solver_elapsed_ms, method: row.solver_method,
      error: stale ? 'The process running the solver stopped; solve again.' : row.solver_error,
    },
  };
}

export function presentCohort(row: CohortRow, people: number, searchSeconds: number, now: Date, preview: PreviewFacts | null) {
  return { ...presentCohortSummary(row, people, searchSeconds, now), preview: preview && row.schedule ? presentPreview(row, row.schedule, preview) : null };
}

function presentPreview(row: CohortRow, schedule: string[][][], facts: PreviewFacts) {
  const { groups: _groups, ...figures } = facts.figures;
  return {
    rounds: facts.rounds.map(({ round, starts_at }) => ({
      round, startsAt: starts_at.toISOString(), sessionLocal: { startsAt: localIso(starts_at, row.time_zone) },
      groups: (schedule[round] ?? []).map((ids, g) => {
        const group = facts.groups.find((x) => x.round === round && x.group_no === g)!;
        return {
          group: g,
          coach: { id: group.coach_id, name: group.coach_name },
          room: group.room_id ? { id: group.room_id, name: group.room_name ?? '' } : null,
          onlineUrl: group.online_url, sessionId: group.session_id,
          people: ids.map((id) => {
            const member = facts.members.get(id);
            const timeZone = member?.timeZone ?? row.time_zone;
            const local = localRound(starts_at, row.duration_minutes, timeZone);
            return {
              id, name: member?.name ?? '', department: member?.department ?? null, timeZone, localStart: local.localStart, outsideWorkingHours: local.outside,
              holdsSeat: facts.seats && group.session_id ? facts.seats.has(`${group.session_id}:${id}`) : null,
            };
          }),
          ...facts.figures.groups[round]![g]!,
        };
      }),
    })),
    figures: { ...figures, workingHours: { from: `${String(WORKING_HOURS.from).padStart(2, '0')}:00`, to: `${WORKING_HOURS.to}:00` } },
  };
}
