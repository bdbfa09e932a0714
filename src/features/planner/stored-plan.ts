// What a proposal keeps in its jsonb columns, and the way back: the solver's input and sessions
// hold Dates, jsonb holds strings. Each proposed session carries a key the admin's edits name; the
// key stays with the session when it moves, so an edit never lands on another one.
import type { PlanInput } from './solver/plan-input.ts';
import type { Gap, PlannedSession } from './solver/plan-result.ts';

/** A proposed session as stored: the solver's, with instants as ISO strings and its key. */
export type StoredSession = Omit<PlannedSession, 'start' | 'end'> & { key: string; start: string; end: string };

export function storedSessions(sessions: PlannedSession[]): StoredSession[] {
  return sessions.map((s, i) => ({
    key: `s${i + 1}`, week: s.week, start: s.start.toISOString(), end: s.end.toISOString(), coachId: s.coachId, moduleId: s.moduleId,
    placeId: s.placeId, kind: s.kind, roomId: s.roomId, zone: s.zone, seats: s.seats,
  }));
}

export function plannedSessions(stored: StoredSession[]): PlannedSession[] {
  return stored.map(({ key: _key, start, end, ...rest }) => ({ ...rest, start: new Date(start), end: new Date(end) }));
}

export function storedInput(input: PlanInput): string {
  return JSON.stringify(input);
}

// Every Date of PlanInput sits under `start` or `end` and JSON made it an ISO string; windows'
// wall-clock 'HH:mm' use the same names, hence the shape test.
const DATE_FIELDS = new Set(['start', 'end']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function planInputOf(stored: unknown): PlanInput {
  return JSON.parse(JSON.stringify(stored), (name, value: unknown) =>
    DATE_FIELDS.has(name) && typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : value) as PlanInput;
}

export function storedGaps(gaps: Gap[]): string {
  return JSON.stringify(gaps);
}
