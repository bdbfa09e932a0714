// The figures beside a plan: seats needed and offered per place and week, coverage against the
// achievable maximum and against demand, and how evenly the coaches carry the load.
import type { CoachLoad, PlannedSession, PlanResult, PlaceWeek, Spread } from './plan-result.ts';
import type { Problem } from './problem.ts';

type Figures = Pick<PlanResult, 'placeWeeks' | 'sessionsNeeded' | 'sessionsPlanned' | 'achievable' | 'coverageOfAchievable' | 'coverageOfDemand' | 'coachLoad' | 'loadSpread'>;

export function planFigures(problem: Problem, sessions: PlannedSession[], achievablePerWeek: number[]): Figures {
  const placeIndex = new Map(problem.places.map((p, i) => [p.id, i]));
  const coachIndex = new Map(problem.coaches.map((c, i) => [c.id, i]));
  const plannedAt = problem.places.map(() => Array<number>(problem.weeks).fill(0));
  const plannedBy = problem.coaches.map(() => Array<number>(problem.weeks).fill(0));
  for (const s of sessions) {
    plannedAt[placeIndex.get(s.placeId)!]![s.week]!++;
    plannedBy[coachIndex.get(s.coachId)!]![s.week]!++;
  }
  const placeWeeks: PlaceWeek[] = [];
  for (let w = 0; w < problem.weeks; w++) {
    problem.places.forEach((place, p) => {
      const sessionsNeeded = problem.sessionsNeeded[p]![w]!;
      const sessionsPlanned = plannedAt[p]![w]!;
      if (sessionsNeeded === 0 && sessionsPlanned === 0) return;
      placeWeeks.push({ week: w, placeId: place.id, sessionsNeeded, sessionsPlanned, seatsNeeded: problem.seatsNeeded[p]![w]!, seatsOffered: sessionsPlanned * problem.seats });
    });
  }
  const coachLoad: CoachLoad[] = problem.coaches.map((coach, c) => {
    const room = coach.bookedPerWeek.reduce((sum, booked) => sum + Math.max(0, coach.weeklyMax - booked), 0);
    const planned = plannedBy[c]!.reduce((a, b) => a + b, 0);
    return {
      coachId: coach.id, planned, shareOfMaximum: room === 0 ? 0 : planned / room,
      sessionsPerWeek: plannedBy[c]!.map((n, w) => n + coach.bookedPerWeek[w]!),
    };
  });
  const sessionsNeeded = problem.sessionsNeeded.flat().reduce((a, b) => a + b, 0);
  const achievable = achievablePerWeek.reduce((a, b) => a + b, 0);
  return {
    placeWeeks, sessionsNeeded, sessionsPlanned: sessions.length,
    achievable: { total: achievable, perWeek: achievablePerWeek },
    coverageOfAchievable: achievable === 0 ? 1 : sessions.length / achievable,
    coverageOfDemand: sessionsNeeded === 0 ? 1 : sessions.length / sessionsNeeded,
    coachLoad,
    loadSpread: {
      sessionsPerWeek: spreadOf(coachLoad.map((l) => l.sessionsPerWeek.reduce((a, b) => a + b, 0) / problem.weeks)),
      shareOfMaximum: spreadOf(coachLoad.map((l) => l.shareOfMaximum)),
    },
  };
}

export function spreadOf(values: number[]): Spread {
  if (values.length === 0) return { min: 0, median: 0, max: 0, range: 0, standardDeviation: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const variance = sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / sorted.length;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, range: sorted.at(-1)! - sorted[0]!, standardDeviation: Math.sqrt(variance) };
}
