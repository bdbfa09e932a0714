// What the programme planner proposes, with the figures the admin reads beside it.

export interface PlannedSession {
  week: number;
  start: Date;
  end: Date;
  coachId: string;
  moduleId: string;
  placeId: string;
  kind: 'site' | 'virtual';
  /** The room at a site; null for a virtual session. */
  roomId: string | null;
  /** The place's zone: the site's, or the virtual session's people's. */
  zone: string;
  seats: number;
}

/**
 * Why a place's week is short of sessions. From the flow's minimum cut around the place (gaps.ts):
 * each reason is a limit that, raised, would let another session reach it.
 */
export type GapReason =
  | 'no_module_running' // no module or campaign runs that week
  | 'no_module_for_place' // the week's modules run elsewhere only (their language is not this place's people's)
  | 'no_coach_for_place' // nobody coaches at this site, or virtually
  | 'no_qualified_coach' // those who could come coach none of the week's modules (the campaign's)
  | 'no_coach_in_working_hours' // qualified coaches' free time does not cover (enough) sessions in its working hours
  | 'coaches_at_weekly_maximum' // coaches free then have reached their weekly maximum
  | 'coaches_busy_elsewhere' // coaches free then run sessions of other places at those times
  | 'no_free_room'; // coaches could come, but every room of the site is busy or taken then

export interface Gap {
  week: number;
  placeId: string;
  sessionsNeeded: number;
  sessionsPlanned: number;
  sessionsShort: number;
  seatsShort: number;
  reasons: GapReason[];
  /** The coaches behind coaches_at_weekly_maximum / coaches_busy_elsewhere. */
  coachesAtMaximum: string[];
  coachesBusyElsewhere: string[];
  /** Starts at which a coach could come but no room was free (no_free_room). */
  startsWithoutRoom: number;
}

export interface PlaceWeek {
  week: number;
  placeId: string;
  sessionsNeeded: number;
  sessionsPlanned: number;
  seatsNeeded: number;
  seatsOffered: number;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  range: number;
  standardDeviation: number;
}

export interface CoachLoad {
  coachId: string;
  /** Per week: sessions planned plus those booked before. */
  sessionsPerWeek: number[];
  planned: number;
  /** Sessions over the weeks the coach had room for (weekly maximum minus booked), 0…1. */
  shareOfMaximum: number;
}

export interface PlanResult {
  sessions: PlannedSession[];
  placeWeeks: PlaceWeek[];
  gaps: Gap[];
  /** Sessions the demand asks for over the horizon, all places and weeks. */
  sessionsNeeded: number;
  sessionsPlanned: number;
  /**
   * The most sessions any plan can place, per week and in all: a maximum flow computed apart from
   * the plan's (Dinic's algorithm on the same networks); coverageOfAchievable compares the plan with it.
   */
  achievable: { total: number; perWeek: number[] };
  /** sessionsPlanned / achievable.total (1 when nothing is achievable). */
  coverageOfAchievable: number;
  /** sessionsPlanned / sessionsNeeded (1 when nothing is needed). */
  coverageOfDemand: number;
  coachLoad: CoachLoad[];
  /** Across coaches: each coach's mean sessions per week, and their share of their maximum. */
  loadSpread: { sessionsPerWeek: Spread; shareOfMaximum: Spread };
  elapsedMs: number;
}
