// How many seats and sessions a programme needs per week: P people, each once every K weeks or
// months, groups of `seats`, plus the people waiting now; split over sites and virtual zones by the
// admin's mix. A month is the mean Gregorian month, 365.2425 / 12 days = 4.348 weeks, so 100 people
// once a month need 23.0 seats a week (5.75 sessions of four), and 3,000 people 690 seats (172.5
// sessions) — "about 25 a week" for 100 people is the four-week month's count of seats.
//
// Rounding: nobody can book a quarter of a session, but a person due "once a month" can take any week,
// so the fraction is carried forward, never rounded up every week: week w gets
// ceil(needed through week w + 1) − ceil(needed through week w). Over the horizon that is the total
// rounded up once (5.75 a week gives 6, 6, 6, 5, …: 46 sessions in 8 weeks, not 48).
import type { PlaceDemand } from './plan-input.ts';

export const WEEKS_PER_MONTH = 365.2425 / 12 / 7;
// Floating sums of fractions land a hair above whole numbers (23.000000000004): not another seat.
const EPSILON = 1e-9;

export interface Frequency {
  /** Once every `every` units: { every: 1, unit: 'month' } is once a month. */
  every: number;
  unit: 'week' | 'month';
}

/** Seats a week that `people` taking part at `frequency` need, as an exact fraction. */
export function seatsPerWeek(people: number, frequency: Frequency): number {
  if (!(people >= 0) || !(frequency.every > 0)) throw new RangeError('people must be ≥ 0 and every > 0');
  const weeks = frequency.unit === 'week' ? frequency.every : frequency.every * WEEKS_PER_MONTH;
  return people / weeks;
}

export interface WeekNeed {
  week: number;
  seats: number;
  sessions: number;
}

/**
 * Whole seats and sessions per week for `weeks` weeks at a steady rate, the fraction carried forward;
 * `waiting` people (waiting lists now) need their seats in week 0.
 */
export function weeklyNeeds(rate: number, seatsPerSession: number, weeks: number, waiting = 0): WeekNeed[] {
  if (!(seatsPerSession >= 1)) throw new RangeError('seatsPerSession must be at least 1');
  const through = (w: number) => (w === 0 ? 0 : waiting + rate * w);
  const up = (x: number) => Math.max(0, Math.ceil(x - EPSILON));
  return Array.from({ length: weeks }, (_, w) => ({
    week: w,
    seats: up(through(w + 1)) - up(through(w)),
    sessions: up(through(w + 1) / seatsPerSession) - up(through(w) / seatsPerSession),
  }));
}

/** People counted where they work, with the admin's mix of in-person and virtual sessions. */
export interface Population {
  people: number;
  /** The site of their in-person sessions, if they have one. */
  siteId?: string;
  /** The virtual zone their virtual sessions count towards (a VirtualZone's id). */
  virtualId?: string;
  /** Share of their sessions held virtually, 0…1 (1 when there is no site). */
  virtualShare: number;
  /** People of this group on waiting lists now. */
  waiting?: number;
}

/** The demand per place and week, the input's `demand`. */
export function demandByPlace(populations: Population[], frequency: Frequency, seatsPerSession: number, weeks: number): PlaceDemand[] {
  const rateOf = new Map<string, { rate: number; waiting: number }>();
  const add = (placeId: string, people: number, waiting: number) => {
    const known = rateOf.get(placeId) ?? { rate: 0, waiting: 0 };
    rateOf.set(placeId, { rate: known.rate + seatsPerWeek(people, frequency), waiting: known.waiting + waiting });
  };
  for (const group of populations) {
    const share = group.siteId === undefined ? 1 : group.virtualShare;
    if (!(share >= 0 && share <= 1)) throw new RangeError('virtualShare must lie in 0…1');
    if (share > 0 && group.virtualId === undefined) throw new RangeError('a group with virtual sessions needs a virtualId');
    const waiting = group.waiting ?? 0;
    if (group.siteId !== undefined && share < 1) add(group.siteId, group.people * (1 - share), waiting * (1 - share));
    if (share > 0) add(group.virtualId!, group.people * share, waiting * share);
  }
  return [...rateOf].flatMap(([placeId, { rate, waiting }]) =>
    weeklyNeeds(rate, seatsPerSession, weeks, waiting).map((need) => ({ placeId, ...need })),
  );
}
