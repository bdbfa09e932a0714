// What the programme planner is given (issue 16). The database layer fills it from coaches'
// availability, rooms, the admin's demand and module campaigns; the planner reads nothing else.
// Instants are Dates (UTC); wall-clock times are 'HH:mm' (00:00…24:00) in the zone named beside them.

/** ISO weekday: Monday 1 … Sunday 7. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A weekly stretch of wall-clock time, e.g. Tuesdays 09:00–12:30. */
export interface WeeklyWindow {
  weekday: Weekday;
  start: string;
  end: string;
}

/** One date in the coach's zone (YYYY-MM-DD) that differs from the week: away all day, or other hours. */
export interface DateException {
  date: string;
  /** The hours of that date instead of the weekly windows; empty or absent: away all day. */
  windows?: Array<{ start: string; end: string }>;
}

export interface Busy {
  start: Date;
  end: Date;
}

export interface Room {
  id: string;
  /** People the room holds; a session needs its seats plus one for the coach. */
  seats: number;
  busy?: Busy[];
}

/** In-person sessions at a site: its rooms and the hours its people work. */
export interface Site {
  kind: 'site';
  id: string;
  zone: string;
  workingHours: WeeklyWindow[];
  rooms: Room[];
}

/** Virtual sessions for the people of one time zone, in their working hours. */
export interface VirtualZone {
  kind: 'virtual';
  id: string;
  zone: string;
  workingHours: WeeklyWindow[];
}

export type Place = Site | VirtualZone;

export interface Coach {
  id: string;
  /** The zone the coach's windows and date exceptions are read in. */
  zone: string;
  windows: WeeklyWindow[];
  exceptions?: DateException[];
  /** Module ids the coach coaches. */
  modules: string[];
  /** Site ids the coach can be at. */
  sites: string[];
  /** Whether the coach runs virtual sessions (for any zone whose working hours the time fits). */
  virtual: boolean;
  /** At most this many sessions in a week of the horizon, counting `booked` ones. */
  weeklyMax: number;
  /** Sessions the coach already has: never overlapped, and counted against the weekly maximum. */
  booked?: Busy[];
  /** Days away as instants: never overlapped, counted against nothing (an absence's days are read in the
   * coach's profile zone, which may differ from `zone`; `exceptions` are dates in `zone`). */
  away?: Busy[];
  /** Seats the coach holds as a participant: never overlapped, counted against nothing (not coaching). */
  attending?: Busy[];
}

/**
 * A module on offer. Without `campaign` it runs whenever no campaign does; a campaign runs alone
 * (with any other campaign of the same weeks) for `weeks` weeks from week `firstWeek` (0-based), at
 * the places it may run at; elsewhere the modules without a campaign go on.
 */
export interface ModuleRun {
  moduleId: string;
  /**
   * The module's own length, at most `session.minutes` (the slot the planner reserves for every
   * session, the longest module's); absent: `session.minutes`. Its sessions end after their own module.
   */
  minutes?: number;
  /** The places it may run at (demand-input.ts: a module's language where people speak it); absent: everywhere. */
  placeIds?: string[];
  campaign?: { firstWeek: number; weeks: number };
}

/** Sessions needed at one place in one week of the horizon, and the seats they are for (demand.ts). */
export interface PlaceDemand {
  placeId: string;
  week: number;
  seats: number;
  sessions: number;
  /** Of `seats`, those for people waiting in lines of the week's sessions there (shown beside the figures; the solver reads seats and sessions only). */
  waiting?: number;
}

export interface SessionShape {
  /** The slot every session is planned in: the longest module's length. */
  minutes: number;
  /** Starts fall on this grid of local time (30: on the hour and the half hour). */
  slotMinutes: number;
  /** Participants per session (the coach comes on top). */
  seats: number;
  /** Where each zone's block grid starts, local time (default '08:00'); see blocks.ts. */
  dayStart?: string;
  dayStartByZone?: Record<string, string>;
}

export interface PlanInput {
  /** Week 0 starts at `start`; weeks are 7 × 24 hours of instants. */
  horizon: { start: Date; weeks: number };
  session: SessionShape;
  places: Place[];
  coaches: Coach[];
  modules: ModuleRun[];
  demand: PlaceDemand[];
}
