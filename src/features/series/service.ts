// A series: the same session every N weeks, N times, less the dates the coach skips and with some
// moved to another time. Every date is checked (room, coach) before anything is written, and either
// every date kept is published or none is.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Tx } from '../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { localIso, parseStart, planningWindow, type PlanningWindow } from '../../lib/time.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { checkPlaceToPublish, publishSession, type PublishInput } from '../sessions/service.ts';
import { activeCoach, moduleToPublish } from '../sessions/views.ts';
import { clashes } from './queries.ts';

export interface SeriesInput extends PublishInput {
  everyWeeks: number;
  occurrences: number;
  skip?: string[] | undefined;
  moves?: Array<{ date: string; startsAt: string }> | undefined;
}

export type Conflict = 'ROOM_BUSY' | 'COACH_BUSY' | 'COACH_AWAY' | 'STARTS_IN_PAST' | 'TIME_SKIPPED';

export interface Occurrence {
  date: string;
  skipped: boolean;
  moved: boolean;
  startsAt: string;
  endsAt: string;
  sessionLocal: { startsAt: string; endsAt: string };
  conflicts: Conflict[];
}

/** Every date of the series with what stands in its way; writes nothing. */
export async function checkSeries(tx: Tx, actor: Actor, input: SeriesInput, planning = planningWindow()): Promise<Occurrence[]> {
  requireRole(actor, 'coach', 'admin');
  const coachId = input.coachId ?? actor.personId;
  if (coachId !== actor.personId && !hasRole(actor, 'admin')) {
    throw new InputError([{ field: 'coachId', message: 'only an admin may publish a session for another coach' }]);
  }
  // What publishSession would refuse for every date alike is refused here too, so a check that
  // found every date free is not followed by a refusal of the lot.
  const module = await moduleToPublish(tx, actor.orgId, input.moduleId);
  if (!module) throw new NotFoundError('Module');
  if (module.retired_at) throw new RuleError('MODULE_RETIRED', 'This module has been retired from the library.');
  const coach = await activeCoach(tx, actor.orgId, coachId);
  if (!coach) throw new NotFoundError('Coach');
  if (!coach.is_coach) throw new RuleError('NOT_A_COACH', 'This person is not a learning coach.');
  await checkPlaceToPublish(tx, actor.orgId, input);
  const minutes = input.durationMinutes ?? module.duration_minutes;
  const planned = plannedDates(input, planning);
  const ranges = planned.map((p) => ({ from: p.start, to: new Date(p.start.getTime() + minutes * 60_000) }));
  const roomId = input.format === 'in_person' ? (input.roomId ?? null) : null;
  const found = await clashes(tx, actor.orgId, coachId, roomId, ranges);
  const selfOverlap = overlapsWithinSeries(ranges, planned.map((p) => p.skipped));
  return ranges.map(({ from, to }, i) => {
    const conflicts: Conflict[] = [];
    // A skipped date is never published, so nothing can stand in its way.
    if (!planned[i]!.skipped) {
      if (planned[i]!.timeSkipped) conflicts.push('TIME_SKIPPED');
      if (from <= planning.now) conflicts.push('STARTS_IN_PAST');
      if (found[i]?.roomBusy) conflicts.push('ROOM_BUSY');
      if (found[i]?.coachBusy || selfOverlap[i]) conflicts.push('COACH_BUSY');
      if (found[i]?.coachAway) conflicts.push('COACH_AWAY');
    }
    return {
      date: planned[i]!.date,
      skipped: planned[i]!.skipped,
      moved: planned[i]!.moved,
      startsAt: from.toISOString(),
      endsAt: to.toISOString(),
      sessionLocal: { startsAt: localIso(from, input.timeZone), endsAt: localIso(to, input.timeZone) },
      conflicts,
    };
  });
}

/** Publishes every session of the series, or refuses with SERIES_CONFLICTS listing the dates at fault. */
export async function publishSeries(tx: Tx, actor: Actor, input: SeriesInput, planning = planningWindow()): Promise<{ seriesId: string; sessionIds: string[] }> {
  const occurrences = (await checkSeries(tx, actor, input, planning)).filter((o) => !o.skipped);
  const conflicting = occurrences.filter((o) => o.conflicts.length > 0);
  if (conflicting.length > 0) {
    throw new RuleError('SERIES_CONFLICTS', `${conflicting.length} of the ${occurrences.length} dates cannot be used; nothing was published.`, {
      conflicts: conflicting,
    });
  }
  const { everyWeeks: _every, occurrences: _count, skip: _skip, moves: _moves, ...session } = input;
  const seriesId = randomUUID();
  const sessionIds: string[] = [];
  for (const o of occurrences) {
    // With its offset, so each date is the instant computed above, not read again as wall-clock time.
    sessionIds.push(await publishSession(tx, actor, { ...session, startsAt: o.sessionLocal.startsAt, seriesId }, planning));
  }
  return { seriesId, sessionIds };
}

/**
 * The starts of the series: the same wall-clock time in the series' zone every N weeks, so a
 * weekly 10:00 in Berlin stays at 10:00 across the daylight-saving switch. A series that would
 * run past the planning window is refused whole, as one that cannot be published in part.
 */
export function occurrenceStarts(input: Pick<SeriesInput, 'startsAt' | 'timeZone' | 'everyWeeks' | 'occurrences'>, planning: PlanningWindow): Date[] {
  if (!isTimeZone(input.timeZone)) throw new InputError([{ field: 'timeZone', message: 'is not an IANA time zone' }]);
  const parsed = parseStart(input.startsAt, input.timeZone);
  if (!parsed.ok) throw new InputError([{ field: 'startsAt', message: parsed.message }]);
  if (parsed.instant > planning.latestStart) throw new InputError([{ field: 'startsAt', message: 'is further ahead than sessions may be planned' }]);
  const first = DateTime.fromJSDate(parsed.instant, { zone: input.timeZone });
  const starts = Array.from({ length: input.occurrences }, (_, i) => first.plus({ weeks: i * input.everyWeeks }).toJSDate());
  if (starts.at(-1)! > planning.latestStart) {
    throw new InputError([{ field: 'occurrences', message: 'runs further ahead than sessions may be planned; choose fewer dates' }]);
  }
  return starts;
}

interface PlannedDate {
  date: string;
  start: Date;
  skipped: boolean;
  moved: boolean;
  /** The series' wall-clock time does not exist that day (the clocks skip it): Luxon would give an hour later. */
  timeSkipped: boolean;
}

/**
 * The series' dates after the coach's choices: some left out, some at another time. Each choice
 * must name a date of this series, once; a move's new time is read like any start, in the series' zone.
 */
export function plannedDates(input: SeriesInput, planning: PlanningWindow): PlannedDate[] {
  const starts = occurrenceStarts(input, planning).map((start) => DateTime.fromJSDate(start, { zone: input.timeZone }));
  const wallClock = (dt: DateTime) => dt.toFormat('HH:mm:ss.SSS');
  // As a single start at such a time is refused, a date of the series there is named, not moved
  // an hour on unseen: the coach skips it or moves it to a time that exists.
  const planned: PlannedDate[] = starts.map((dt) => ({
    date: dt.toISODate()!,
    start: dt.toJSDate(),
    skipped: false,
    moved: false,
    timeSkipped: wallClock(dt) !== wallClock(starts[0]!),
  }));
  const byDate = new Map(planned.map((p) => [p.date, p]));
  const named = new Set<string>();
  const errors: Array<{ field: string; message: string }> = [];
  const claim = (field: string, date: string): PlannedDate | undefined => {
    const found = byDate.get(date);
    if (!found) errors.push({ field, message: `${date} is not a date of this series` });
    else if (named.has(date)) errors.push({ field, message: `${date} is named more than once in skip and moves` });
    else {
      named.add(date);
      return found;
    }
    return undefined;
  };
  (input.skip ?? []).forEach((date, i) => {
    const p = claim(`skip.${i}`, date);
    if (p) p.skipped = true;
  });
  (input.moves ?? []).forEach((move, i) => {
    const p = claim(`moves.${i}.date`, move.date);
    const parsed = parseStart(move.startsAt, input.timeZone);
    if (!parsed.ok) errors.push({ field: `moves.${i}.startsAt`, message: parsed.message });
    else if (parsed.instant > planning.latestStart) errors.push({ field: `moves.${i}.startsAt`, message: 'is further ahead than sessions may be planned' });
    else if (p) {
      p.start = parsed.instant;
      p.moved = true;
      p.timeSkipped = false;
    }
  });
  if (errors.length === 0 && planned.every((p) => p.skipped)) errors.push({ field: 'skip', message: 'leaves no date to publish' });
  if (errors.length > 0) throw new InputError(errors);
  return planned;
}

/** Which dates overlap another date of the same series (only a move can make them): the coach cannot run both. */
function overlapsWithinSeries(ranges: Array<{ from: Date; to: Date }>, skipped: boolean[]): boolean[] {
  return ranges.map((a, i) =>
    !skipped[i] && ranges.some((b, j) => j !== i && !skipped[j] && a.from < b.to && b.from < a.to),
  );
}
