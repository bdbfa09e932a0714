// Publishing and running sessions: the rules a coach or admin meets.
import { violatedConstraint } from '../../db/errors.ts';
import type { Tx } from '../../db/transaction.ts';
import type { Locale, SessionFormat } from '../../db/schema.ts';
import { hasRole, requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { parseStart, planningWindow, type PlanningWindow } from '../../lib/time.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { audit } from '../audit/service.ts';
import { queueCoachChanged, queueSessionCancelled, queueSessionChanged, scheduleReminders, type SessionChange } from '../notifications/outbox/service.ts';
import { programSettings } from '../organisations/views.ts';
import { queueSessionCancelledEvent } from '../webhooks/outbox/service.ts';
import { assertCoachNotAway } from './coach-away.ts';
import {
  findActiveCoach, findModule, findRoom, findSession, holdsSeatOverlapping, insertSession, lockSessions, markSessionCancelled, updateSession,
  type SessionRow,
} from './queries.ts';
import { cancelAllBookingsOfSession, holdsSeatIn, lockPerson, raiseCalendarSequences } from './seats/queries.ts';

export interface PublishInput {
  moduleId: string;
  coachId?: string | undefined;
  startsAt: string;
  timeZone: string;
  durationMinutes?: number | undefined;
  format: SessionFormat;
  roomId?: string | undefined;
  onlineUrl?: string | undefined;
  locationNote?: string | undefined;
  language?: Locale | undefined;
  capacity?: number | undefined;
  /** Set by the series publisher: the sessions published together share it. */
  seriesId?: string | undefined;
}

export async function publishSession(tx: Tx, actor: Actor, input: PublishInput, planning = planningWindow()): Promise<string> {
  requireRole(actor, 'coach', 'admin');
  const coachId = input.coachId ?? actor.personId;
  if (coachId !== actor.personId && !hasRole(actor, 'admin')) {
    throw new InputError([{ field: 'coachId', message: 'only an admin may publish a session for another coach' }]);
  }
  const module = await findModule(tx, actor.orgId, input.moduleId);
  if (!module) throw new NotFoundError('Module');
  if (module.retired_at) throw new RuleError('MODULE_RETIRED', 'This module has been retired from the library.');
  const coach = await findActiveCoach(tx, actor.orgId, coachId);
  if (!coach) throw new NotFoundError('Coach');
  if (!coach.is_coach) throw new RuleError('NOT_A_COACH', 'This person is not a learning coach.');

  const settings = await programSettings(tx, actor.orgId);
  const capacity = input.capacity ?? settings.default_capacity;
  const startsAt = readStart(input.startsAt, input.timeZone, planning);
  const endsAt = new Date(startsAt.getTime() + (input.durationMinutes ?? module.duration_minutes) * 60_000);
  const place = await checkPlace(tx, actor.orgId, input.format, input.roomId, input.onlineUrl, capacity);
  await assertNoSeatOverlapping(tx, actor.orgId, coachId, startsAt, endsAt, null);
  await assertCoachNotAway(tx, actor, coachId, startsAt, endsAt);

  const id = await withConstraintRules(() =>
    insertSession(tx, {
      org_id: actor.orgId,
      module_id: module.id,
      coach_id: coachId,
      starts_at: startsAt,
      ends_at: endsAt,
      time_zone: input.timeZone,
      format: input.format,
      room_id: place.roomId,
      online_url: place.onlineUrl,
      location_note: input.locationNote ?? null,
      language: input.language ?? module.language,
      capacity,
      series_id: input.seriesId ?? null,
      created_by: actor.personId,
    }),
  );
  await scheduleReminders(tx, actor.orgId, id); // the coach's
  await audit(tx, actor, 'session.published', { kind: 'session', id }, { module: module.id, coach: coachId, ...(input.seriesId && { series: input.seriesId }) });
  return id;
}

export interface ChangeInput {
  startsAt?: string | undefined;
  timeZone?: string | undefined;
  durationMinutes?: number | undefined;
  format?: SessionFormat | undefined;
  roomId?: string | null | undefined;
  onlineUrl?: string | null | undefined;
  locationNote?: string | null | undefined;
  language?: Locale | undefined;
  capacity?: number | undefined;
}

export async function changeSession(tx: Tx, actor: Actor, id: string, input: ChangeInput, planning = planningWindow()): Promise<void> {
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) throw new InputError([{ field: 'timeZone', message: 'is not an IANA time zone' }]);
  const session = await sessionYouRun(tx, actor, id);
  assertChangeable(session, planning.now);

  const timeZone = input.timeZone ?? session.time_zone;
  const durationMs = (input.durationMinutes ?? 0) * 60_000 || session.ends_at.getTime() - session.starts_at.getTime();
  const startsAt = input.startsAt !== undefined ? readStart(input.startsAt, timeZone, planning) : session.starts_at;
  const format = input.format ?? session.format;
  const capacity = input.capacity ?? session.capacity;
  if (capacity < session.seats_taken) {
    throw new RuleError('CAPACITY_BELOW_BOOKINGS', `${session.seats_taken} seats are taken; the capacity cannot go below that.`);
  }
  const keepsPlace = input.format === undefined || input.format === session.format;
  const place = await checkPlace(
    tx, actor.orgId, format,
    input.roomId !== undefined ? (input.roomId ?? undefined) : keepsPlace ? (session.room_id ?? undefined) : undefined,
    input.onlineUrl !== undefined ? (input.onlineUrl ?? undefined) : keepsPlace ? (session.online_url ?? undefined) : undefined,
    capacity,
  );
  const endsAt = new Date(startsAt.getTime() + durationMs);
  if (startsAt.getTime() !== session.starts_at.getTime() || endsAt.getTime() !== session.ends_at.getTime()) {
    await assertNoSeatOverlapping(tx, actor.orgId, session.coach_id, startsAt, endsAt, id);
    await assertCoachNotAway(tx, actor, session.coach_id, startsAt, endsAt);
  }
  await withConstraintRules(() =>
    updateSession(tx, actor.orgId, id, {
      starts_at: startsAt,
      ends_at: endsAt,
      time_zone: timeZone,
      format,
      room_id: place.roomId,
      online_url: place.onlineUrl,
      ...(input.locationNote !== undefined && { location_note: input.locationNote }),
      ...(input.language !== undefined && { language: input.language }),
      capacity,
    }),
  );
  const changes: SessionChange[] = [];
  if (startsAt.getTime() !== session.starts_at.getTime() || endsAt.getTime() !== session.ends_at.getTime()) changes.push('time');
  if (format !== session.format) changes.push('format');
  if (place.roomId !== session.room_id) changes.push('place');
  if (place.onlineUrl !== session.online_url) changes.push('link');
  if (input.locationNote !== undefined && input.locationNote !== session.location_note) changes.push('note');
  if (input.language !== undefined && input.language !== session.language) changes.push('language');
  // Ids and field names only: the note and the link are free text.
  const audited = [...changes, ...(capacity !== session.capacity ? ['capacity'] : [])];
  if (audited.length > 0) await audit(tx, actor, 'session.changed', { kind: 'session', id }, { fields: audited });
  // A capacity change alters nobody's calendar; the rest is news to every participant.
  if (changes.length > 0) await queueSessionChanged(tx, actor.orgId, id, changes, await raiseCalendarSequences(tx, actor.orgId, id));
  if (changes.includes('time')) await scheduleReminders(tx, actor.orgId, id);
}

/** Cancels the session and every booking in it; returns the ids of the cancelled bookings. */
export async function cancelSession(tx: Tx, actor: Actor, id: string, reason: string, now = new Date()): Promise<string[]> {
  const session = await sessionYouRun(tx, actor, id);
  assertChangeable(session, now);
  await markSessionCancelled(tx, actor.orgId, id, reason);
  const cancelled = await cancelAllBookingsOfSession(tx, actor.orgId, id, actor.personId);
  await queueSessionCancelled(tx, actor.orgId, id, cancelled, session.coach_id !== actor.personId);
  await queueSessionCancelledEvent(tx, actor.orgId, id, cancelled);
  // Not the reason: it is free text.
  await audit(tx, actor, 'session.cancelled', { kind: 'session', id }, { bookingsCancelled: cancelled.length });
  return cancelled;
}

/** An admin hands the session to another coach, e.g. when its coach fell ill. */
export async function reassignSession(tx: Tx, actor: Actor, id: string, coachId: string, now = new Date()): Promise<void> {
  requireRole(actor, 'admin');
  const session = await findSession(tx, actor.orgId, id);
  if (!session) throw new NotFoundError('Session');
  assertChangeable(session, now);
  if (session.coach_id === coachId) throw new RuleError('SAME_COACH', 'This coach already runs the session.');
  const coach = await findActiveCoach(tx, actor.orgId, coachId);
  if (!coach) throw new NotFoundError('Coach');
  if (!coach.is_coach) throw new RuleError('NOT_A_COACH', 'This person is not a learning coach.');
  await assertNoSeatOverlapping(tx, actor.orgId, coachId, session.starts_at, session.ends_at, id);
  await assertCoachNotAway(tx, actor, coachId, session.starts_at, session.ends_at);
  if (await holdsSeatIn(tx, actor.orgId, coachId, id)) {
    throw new RuleError('COACH_IS_PARTICIPANT', 'This coach has a seat in this session; cancel that booking first.');
  }
  await withConstraintRules(() => updateSession(tx, actor.orgId, id, { coach_id: coachId }));
  await queueSessionChanged(tx, actor.orgId, id, ['coach'], await raiseCalendarSequences(tx, actor.orgId, id));
  await queueCoachChanged(tx, actor.orgId, id, session.coach_id, coachId);
  await audit(tx, actor, 'session.coach_changed', { kind: 'session', id }, { from: session.coach_id, to: coachId });
  await scheduleReminders(tx, actor.orgId, id);
}

/** Locks the sessions' rows in id order for a decision about their seats (taking, giving up,
 * moving, attendance), so two people moving in opposite directions never deadlock. */
export function lockSessionsForSeats(tx: Tx, orgId: string, ids: string[]) {
  return lockSessions(tx, orgId, ids);
}

/** The session, if the actor coaches it or is an admin; otherwise it does not exist for them. */
export async function sessionYouRun(tx: Tx, actor: Actor, id: string): Promise<SessionRow> {
  const session = await findSession(tx, actor.orgId, id);
  if (!session || (session.coach_id !== actor.personId && !hasRole(actor, 'admin'))) {
    throw new NotFoundError('Session');
  }
  return session;
}

/** Editing, cancelling and reassigning refuse alike; the coach candidates (features/availability)
 * answer as reassigning would, so no page offers a coach for a session that cannot take one. */
export function assertChangeable(session: { status: string; starts_at: Date }, now: Date) {
  if (session.status === 'cancelled') throw new RuleError('SESSION_CANCELLED', 'This session has been cancelled.');
  if (session.status === 'completed' || session.starts_at <= now) {
    throw new RuleError('SESSION_STARTED', 'This session has already started.');
  }
}

/**
 * Coaches are employees too: the database keeps a coach out of two sessions they run, but a seat
 * they hold as a participant is checked here (booking checks the other way round). The coach's
 * row is locked as bookSeat locks it, so a booking and a publish for one person never interleave.
 */
async function assertNoSeatOverlapping(tx: Tx, orgId: string, coachId: string, startsAt: Date, endsAt: Date, sessionId: string | null) {
  await lockPerson(tx, orgId, coachId);
  if (await holdsSeatOverlapping(tx, orgId, coachId, startsAt, endsAt, sessionId)) {
    throw new RuleError('COACH_BUSY', 'The coach has a seat in another session at that time.');
  }
}

/**
 * A start for publishing or moving a session. Too far ahead is bad input (a typo in the year); in
 * the past is a rule with its own code, since a start that was ahead when the form was opened may
 * have passed by the time it is sent.
 */
function readStart(value: string, timeZone: string, planning: PlanningWindow): Date {
  if (!isTimeZone(timeZone)) throw new InputError([{ field: 'timeZone', message: 'is not an IANA time zone' }]);
  const parsed = parseStart(value, timeZone);
  if (!parsed.ok) throw new InputError([{ field: 'startsAt', message: parsed.message }]);
  if (parsed.instant > planning.latestStart) throw new InputError([{ field: 'startsAt', message: 'is further ahead than sessions may be planned' }]);
  if (parsed.instant <= planning.now) throw new RuleError('STARTS_IN_PAST', 'A session must start in the future.');
  return parsed.instant;
}

/**
 * A room given for an online session, or a link for one in a room, was once dropped unseen: the
 * caller meant a place the session would not have. Refused, so they choose.
 */
export function refuseOtherFormatsPlace(format: SessionFormat, roomId: string | null | undefined, onlineUrl: string | null | undefined): void {
  if (format === 'virtual' && roomId) throw new InputError([{ field: 'roomId', message: 'a virtual session meets by link, not in a room' }]);
  if (format === 'in_person' && onlineUrl) throw new InputError([{ field: 'onlineUrl', message: 'an in-person session meets in a room, not by link' }]);
}

/**
 * The room or link a session would meet by, checked as publishSession checks it (the default
 * capacity when none is given): a series' check asks it once for all its dates.
 */
export async function checkPlaceToPublish(
  tx: Tx, orgId: string, input: Pick<PublishInput, 'format' | 'roomId' | 'onlineUrl' | 'capacity'>,
): Promise<{ roomId: string | null; onlineUrl: string | null }> {
  const capacity = input.capacity ?? (await programSettings(tx, orgId)).default_capacity;
  return checkPlace(tx, orgId, input.format, input.roomId, input.onlineUrl, capacity);
}

async function checkPlace(
  tx: Tx, orgId: string, format: SessionFormat, roomId: string | undefined, onlineUrl: string | undefined, capacity: number,
): Promise<{ roomId: string | null; onlineUrl: string | null }> {
  refuseOtherFormatsPlace(format, roomId, onlineUrl);
  if (format === 'virtual') {
    if (!onlineUrl) throw new InputError([{ field: 'onlineUrl', message: 'a virtual session needs a link' }]);
    return { roomId: null, onlineUrl };
  }
  if (!roomId) throw new InputError([{ field: 'roomId', message: 'an in-person session needs a room' }]);
  const room = await findRoom(tx, orgId, roomId);
  if (!room) throw new NotFoundError('Room');
  if (room.retired_at) throw new RuleError('ROOM_RETIRED', 'This room is no longer in use.');
  // The coach needs a chair too.
  if (room.capacity < capacity + 1) {
    throw new RuleError('ROOM_TOO_SMALL', `The room seats ${room.capacity}; ${capacity} participants and the coach need ${capacity + 1}.`);
  }
  return { roomId: room.id, onlineUrl: null };
}

async function withConstraintRules<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    switch (violatedConstraint(error)) {
      case 'sessions_coach_no_overlap':
        throw new RuleError('COACH_BUSY', 'The coach already runs another session at that time.');
      case 'sessions_room_no_overlap':
        throw new RuleError('ROOM_BUSY', 'The room is taken at that time.');
      case 'sessions_seats_within_capacity':
        throw new RuleError('CAPACITY_BELOW_BOOKINGS', 'More seats are taken than the new capacity allows.');
      default:
        throw error;
    }
  }
}
