// A proposal as the admin reads it: sessions with names and local times, the figures counted again
// from the stored input and the sessions as they are now (edits included), and the gaps: the
// solver's with their reasons, their counts brought up to date, and those an edit opened. The seats
// for people waiting in lines are a figure about people: per week, withheld below the floor.
import { PRIVACY_FLOOR, unlessWithheld } from '../../lib/privacy-floor.ts';
import { localIso } from '../../lib/time.ts';
import type { ProposalRow } from './queries.ts';
import type { ProposalView } from './schema.ts';
import { planFigures } from './solver/figures.ts';
import type { PlanInput } from './solver/plan-input.ts';
import type { Gap } from './solver/plan-result.ts';
import { prepared } from './solver/problem.ts';
import { plannedSessions, type StoredSession } from './stored-plan.ts';

export interface Names {
  people: Map<string, string>;
  rooms: Map<string, string>;
  modules: Map<string, string>;
}

/** "site:Hamburg" → Hamburg; "virtual:Europe/Berlin" → Europe/Berlin. */
export function placeName(placeId: string): string {
  return placeId.slice(placeId.indexOf(':') + 1);
}
const kindOf = (placeId: string): 'site' | 'virtual' => (placeId.startsWith('site:') ? 'site' : 'virtual');

/** Per week, the seats of people waiting in lines (each once a week, so seats are people), null when withheld. */
function fromWaitingLists(input: PlanInput): Array<number | null> {
  const perWeek = Array.from({ length: input.horizon.weeks }, () => 0);
  for (const d of input.demand) perWeek[d.week]! += d.waiting ?? 0;
  return perWeek.map((people) => unlessWithheld(people, people));
}

export function presentProposal(row: ProposalRow, input: PlanInput, participants: number, names: Names): ProposalView {
  const problem = prepared(input);
  const stored = row.sessions as StoredSession[];
  const figures = planFigures(problem, plannedSessions(stored), row.achievable_per_week);
  const name = (id: string) => names.people.get(id) ?? '—';
  return {
    id: row.id,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    horizonStart: row.horizon_start.toISOString(),
    weeks: row.weeks,
    participants,
    totals: {
      sessionsNeeded: figures.sessionsNeeded, sessionsPlanned: figures.sessionsPlanned, achievable: figures.achievable.total,
      coverageOfDemand: figures.coverageOfDemand, coverageOfAchievable: figures.coverageOfAchievable,
    },
    sessions: [...stored].sort((a, b) => a.start.localeCompare(b.start) || a.placeId.localeCompare(b.placeId)).map((s) => ({
      key: s.key, week: s.week, startsAt: s.start, endsAt: s.end, localStart: localIso(new Date(s.start), s.zone), zone: s.zone,
      kind: s.kind, place: placeName(s.placeId), roomId: s.roomId, roomName: s.roomId ? names.rooms.get(s.roomId) ?? '—' : null,
      coachId: s.coachId, coachName: name(s.coachId), moduleId: s.moduleId, moduleTitle: names.modules.get(s.moduleId) ?? '—',
    })),
    placeWeeks: figures.placeWeeks.map((r) => ({
      week: r.week, kind: kindOf(r.placeId), place: placeName(r.placeId),
      sessionsNeeded: r.sessionsNeeded, sessionsPlanned: r.sessionsPlanned, seatsNeeded: r.seatsNeeded, seatsOffered: r.seatsOffered,
    })),
    fromWaitingLists: fromWaitingLists(input),
    minimumPeople: PRIVACY_FLOOR,
    gaps: currentGaps(row.gaps as Gap[], figures.placeWeeks, problem.seats).map((g) => ({
      week: g.week, kind: kindOf(g.placeId), place: placeName(g.placeId), sessionsShort: g.sessionsShort, seatsShort: g.seatsShort,
      reasons: g.reasons, coachesAtMaximum: g.coachesAtMaximum.map(name), coachesBusyElsewhere: g.coachesBusyElsewhere.map(name),
    })),
    coachLoad: figures.coachLoad.map((l, c) => ({
      coachId: l.coachId, name: name(l.coachId), planned: l.planned, sessionsPerWeek: l.sessionsPerWeek,
      weeklyMax: problem.coaches[c]!.weeklyMax, shareOfMaximum: l.shareOfMaximum,
    })),
    publishedAt: row.published_at?.toISOString() ?? null,
    publishedSessionIds: row.published_session_ids,
  };
}

type CurrentGap = Pick<Gap, 'week' | 'placeId' | 'sessionsShort' | 'seatsShort' | 'coachesAtMaximum' | 'coachesBusyElsewhere'> & {
  reasons: Array<Gap['reasons'][number] | 'removed_by_admin'>;
};

/** Every place-week still short: the solver's reasons where it found the week short, else the admin's removal. */
function currentGaps(solverGaps: Gap[], placeWeeks: Array<{ week: number; placeId: string; sessionsNeeded: number; sessionsPlanned: number; seatsNeeded: number }>, seats: number): CurrentGap[] {
  return placeWeeks.filter((r) => r.sessionsPlanned < r.sessionsNeeded).map((r) => {
    const solver = solverGaps.find((g) => g.week === r.week && g.placeId === r.placeId);
    const short = r.sessionsNeeded - r.sessionsPlanned;
    return {
      week: r.week, placeId: r.placeId, sessionsShort: short, seatsShort: Math.max(0, r.seatsNeeded - r.sessionsPlanned * seats),
      reasons: solver && solver.sessionsShort >= short ? solver.reasons : [...(solver?.reasons ?? []), 'removed_by_admin'],
      coachesAtMaximum: solver?.coachesAtMaximum ?? [], coachesBusyElsewhere: solver?.coachesBusyElsewhere ?? [],
    };
  });
}
