// The programme planner's rules (issue 16): an admin states the demand and gets a proposal for the
// next N weeks, computed by the solver from the database's facts and kept as a draft; edits remove
// or move one proposed session; publishing writes every session through publishSession in the
// caller's one transaction, or none.
import { DateTime } from 'luxon';
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { localIso, nextMondayIn, planningWindow, type PlanningWindow } from '../../lib/time.ts';
import { programSettings } from '../organisations/views.ts';
import { audit } from '../audit/service.ts';
import { publishSession } from '../sessions/service.ts';
import { planInputFor } from './demand-input.ts';
import {
  busyBetween, coachesWithAvailability, daysAwayBetween, defaultCapacity, findProposal, insertProposal, knownDepartmentsAndSites, libraryModules,
  markPublished, offeredBetween, openRooms, participantGroups, queueCoachAssigned, saveSessions, slotClashes, waitingBetween, type ProposalRow,
} from './queries.ts';
import type { DemandInput, EditBody } from './schema.ts';
import { planProgramme } from './solver/plan.ts';
import { covers } from './solver/intervals.ts';
import { prepared } from './solver/problem.ts';
import { localWeekOf } from './solver/wall-clock.ts';
import { planInputOf, storedGaps, storedInput, storedSessions, type StoredSession } from './stored-plan.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Computes a plan for the demand and keeps it as a draft; returns its id. */
export async function proposePlan(tx: Tx, actor: Actor, demand: DemandInput, planning: PlanningWindow = planningWindow()): Promise<string> {
  requireRole(actor, 'admin');
  const { now } = planning;
  const { default_time_zone: zone } = await programSettings(tx, actor.orgId);
  const start = horizonStart(demand.startsOn, now, zone);
  const end = new Date(start.getTime() + demand.weeks * WEEK_MS);
  // publishSession refuses a start beyond the window: a plan reaching past it could never be published.
  if (end > planning.latestStart) {
    throw new InputError([{ field: 'startsOn', message: 'the plan’s weeks reach further ahead than sessions may be planned' }]);
  }
  const library = await libraryModules(tx, actor.orgId);
  await checkDemand(tx, actor.orgId, demand, library.map((m) => m.id));

  const groups = await participantGroups(tx, actor.orgId, demand.departments, demand.sites);
  if (groups.length === 0) throw new RuleError('NO_PARTICIPANTS', 'No active employee matches these departments and sites; there is nothing to plan for.');
  if (library.length === 0) throw new RuleError('NO_MODULES', 'The module library is empty; add a module first.');

  const input = planInputFor(demand, {
    start, seats: await defaultCapacity(tx, actor.orgId), groups, modules: library,
    rooms: await openRooms(tx, actor.orgId), coaches: await coachesWithAvailability(tx, actor.orgId),
    daysAway: await daysAwayBetween(tx, actor.orgId, start, end),
    // A day either side: a coach's week in their own zone reaches that far past the horizon's, and its
    // sessions there count towards their weekly maximum.
    busy: await busyBetween(tx, actor.orgId, new Date(start.getTime() - DAY_MS), new Date(end.getTime() + DAY_MS)),
    offered: await offeredBetween(tx, actor.orgId, start, end),
    waiting: await waitingBetween(tx, actor.orgId, start, end, demand.departments, demand.sites),
  });
  let plan;
  try {
    plan = planProgramme(input);
  } catch (error) {
    // The input was built from checked rows; what the solver still refuses is a fact the admin can fix (a zone, a window).
    if (error instanceof RangeError) throw new RuleError('PLAN_INPUT_REFUSED', `The planner cannot use the organisation’s facts: ${error.message}`);
    throw error;
  }
  const id = await insertProposal(tx, {
    org_id: actor.orgId, demand: JSON.stringify({ ...demand, participants: groups.reduce((n, g) => n + g.people, 0) }), horizon_start: start, weeks: demand.weeks, input: storedInput(input),
    sessions: JSON.stringify(storedSessions(plan.sessions)), gaps: storedGaps(plan.gaps), achievable_per_week: plan.achievable.perWeek,
    created_by: actor.personId,
  });
  await audit(tx, actor, 'plan.proposed', { kind: 'plan_proposal', id }, {
    weeks: demand.weeks, sessionsNeeded: plan.sessionsNeeded, sessionsPlanned: plan.sessionsPlanned,
  });
  return id;
}

/** The Monday the plan starts, as 00:00 UTC of its date: the one asked for (a Monday that has not
 * yet begun in the organisation's zone), or the next Monday there. */
function horizonStart(startsOn: string | undefined, now: Date, zone: string): Date {
  if (startsOn === undefined) return nextMondayIn(zone, now);
  const day = DateTime.fromISO(startsOn, { zone: 'utc' });
  if (!day.isValid) throw new InputError([{ field: 'startsOn', message: 'is not a date' }]);
  if (day.weekday !== 1) throw new InputError([{ field: 'startsOn', message: 'must be a Monday' }]);
  if (DateTime.fromISO(startsOn, { zone }).toJSDate() <= now) throw new InputError([{ field: 'startsOn', message: 'must lie ahead' }]);
  return day.toJSDate();
}

async function checkDemand(tx: Tx, orgId: string, demand: DemandInput, library: string[]): Promise<void> {
  const fields: Array<{ field: string; message: string }> = [];
  if (demand.workingHours.to <= demand.workingHours.from) fields.push({ field: 'workingHours.to', message: 'ends before the working day starts' });
  const known = await knownDepartmentsAndSites(tx, orgId);
  if (demand.departments.some((d) => !known.departments.includes(d))) fields.push({ field: 'departments', message: 'names a department nobody works in' });
  if (demand.sites.some((s) => !known.sites.includes(s))) fields.push({ field: 'sites', message: 'names a site that does not exist' });
  const seen = new Set<string>();
  demand.modules.forEach((m, i) => {
    if (!library.includes(m.moduleId)) fields.push({ field: `modules.${i}.moduleId`, message: 'is not a module of the library (or retired)' });
    const key = `${m.moduleId}|${m.campaign ? 'campaign' : 'always'}`;
    if (seen.has(key)) fields.push({ field: `modules.${i}`, message: 'is listed twice' });
    seen.add(key);
    if (m.campaign && m.campaign.firstWeek >= demand.weeks) fields.push({ field: `modules.${i}.campaign.firstWeek`, message: 'lies after the plan’s last week' });
  });
  if (fields.length > 0) throw new InputError(fields);
}

/** A draft the admin may change, locked for the change. */
async function draftToChange(tx: Tx, actor: Actor, id: string): Promise<ProposalRow> {
  requireRole(actor, 'admin');
  const proposal = await findProposal(tx, actor.orgId, id, { lock: true });
  if (!proposal) throw new NotFoundError('Proposal');
  if (proposal.status !== 'draft') throw new RuleError('PLAN_PUBLISHED', 'This plan is published; propose a new one to change it.');
  return proposal;
}

/** Removes one proposed session, or moves it to another start (and room of the same site). */
export async function editProposal(tx: Tx, actor: Actor, id: string, edit: EditBody, now = new Date()): Promise<void> {
  const proposal = await draftToChange(tx, actor, id);
  const sessions = proposal.sessions as StoredSession[];
  const index = sessions.findIndex((s) => s.key === edit.sessionKey);
  if (index < 0) throw new InputError([{ field: 'sessionKey', message: 'is no session of this plan' }]);
  if (edit.action === 'remove') {
    sessions.splice(index, 1);
  } else {
    sessions[index] = movedSession(proposal, sessions, index, edit, now);
  }
  await saveSessions(tx, actor.orgId, id, JSON.stringify(sessions));
}

function movedSession(proposal: ProposalRow, sessions: StoredSession[], index: number, edit: Extract<EditBody, { action: 'move' }>, now: Date): StoredSession {
  const session = sessions[index]!;
  const input = planInputOf(proposal.input);
  const start = new Date(edit.startsAt);
  const end = new Date(start.getTime() + new Date(session.end).getTime() - new Date(session.start).getTime());
  const week = Math.floor((start.getTime() - proposal.horizon_start.getTime()) / WEEK_MS);
  if (start <= now) throw new RuleError('STARTS_IN_PAST', 'A session must start in the future.');
  if (week < 0 || week >= proposal.weeks) throw new InputError([{ field: 'startsAt', message: 'lies outside the weeks of this plan' }]);
  let roomId = session.roomId;
  if (edit.roomId !== undefined) {
    const place = input.places.find((p) => p.id === session.placeId);
    if (place?.kind !== 'site') throw new InputError([{ field: 'roomId', message: 'a virtual session has no room' }]);
    const room = place.rooms.find((r) => r.id === edit.roomId);
    if (!room) throw new InputError([{ field: 'roomId', message: 'is no room of this site' }]);
    if (room.seats < session.seats + 1) throw new RuleError('ROOM_TOO_SMALL', `The room seats ${room.seats}; the session needs ${session.seats + 1}.`);
    roomId = room.id;
  }
  const problem = prepared(input);
  const coach = problem.coaches.find((c) => c.id === session.coachId)!;
  if (!covers(coach.free, start.getTime(), end.getTime())) {
    throw new RuleError('OUTSIDE_AVAILABILITY', 'The coach is not available then (outside their windows, away, or in another session).');
  }
  const place = problem.places.find((p) => p.id === session.placeId)!;
  if (!covers(place.hours, start.getTime(), end.getTime())) {
    throw new RuleError('OUTSIDE_WORKING_HOURS', 'That time lies outside the working hours of the people the session is for.');
  }
  const meets = (s: StoredSession) => new Date(s.start) < end && start < new Date(s.end);
  const others = sessions.filter((s, i) => i !== index && meets(s));
  if (others.some((s) => s.coachId === session.coachId)) throw new RuleError('COACH_BUSY', 'The coach runs another session of this plan then.');
  // The solver kept the coach's weekly maximum, Monday–Sunday in their zone (their own sessions
  // already published count); a move into another such week must too.
  const localWeek = localWeekOf(start.getTime(), coach.zone);
  const theirs = sessions.filter((s, i) => i !== index && s.coachId === session.coachId && localWeekOf(Date.parse(s.start), coach.zone) === localWeek).length;
  if (localWeek !== localWeekOf(Date.parse(session.start), coach.zone) && theirs + (coach.bookedPerLocalWeek.get(localWeek) ?? 0) >= coach.weeklyMax) {
    throw new RuleError('COACH_WEEK_FULL', `The coach takes at most ${coach.weeklyMax} session${coach.weeklyMax === 1 ? '' : 's'} a week and has as many in that week.`, { weeklyMax: coach.weeklyMax });
  }
  if (roomId !== null && others.some((s) => s.roomId === roomId)) throw new RuleError('ROOM_BUSY', 'The room holds another session of this plan then.');
  const busyRoom = input.places.flatMap((p) => (p.kind === 'site' ? p.rooms : [])).find((r) => r.id === roomId)?.busy ?? [];
  if (busyRoom.some((b) => b.start < end && start < b.end)) throw new RuleError('ROOM_BUSY', 'The room is taken then.');
  return { ...session, week, start: start.toISOString(), end: end.toISOString(), roomId };
}

export interface PublishOptions {
  onlineUrl?: string | undefined;
}

export type PlanConflict = 'STARTS_IN_PAST' | 'ROOM_BUSY' | 'COACH_BUSY' | 'COACH_AWAY' | 'COACH_INACTIVE' | 'ROOM_RETIRED' | 'ROOM_TOO_SMALL' | 'MODULE_RETIRED';

/**
 * Publishes every proposed session through publishSession (its rules, the coach's reminders), and
 * tells each coach of each session with the existing "you now coach this session" notice (one mail
 * per session: no summary kind exists yet; the coach's calendar feed carries them all). Every session is checked first against what the database holds now; any at fault refuses
 * the whole plan (409 PLAN_CONFLICTS, listing them) before a row is written, and a refusal during
 * the writes (a clash that committed in between) rolls the caller's transaction back.
 */
export async function publishProposal(tx: Tx, actor: Actor, id: string, options: PublishOptions, planning: PlanningWindow = planningWindow()): Promise<string[]> {
  const proposal = await draftToChange(tx, actor, id);
  const sessions = proposal.sessions as StoredSession[];
  if (sessions.length === 0) throw new RuleError('PLAN_EMPTY', 'This plan proposes no session.');
  if (!options.onlineUrl && sessions.some((s) => s.kind === 'virtual')) {
    throw new InputError([{ field: 'onlineUrl', message: 'the plan has virtual sessions: give the meeting link they start with' }]);
  }
  const slots = sessions.map((s) => ({ start: new Date(s.start), end: new Date(s.end), coachId: s.coachId, roomId: s.roomId, moduleId: s.moduleId, seats: s.seats }));
  const clashes = await slotClashes(tx, actor.orgId, slots);
  const conflicts = sessions.flatMap((s, i) => {
    const found: PlanConflict[] = [];
    if (slots[i]!.start <= planning.now) found.push('STARTS_IN_PAST');
    if (clashes[i]!.roomBusy) found.push('ROOM_BUSY');
    if (clashes[i]!.coachBusy) found.push('COACH_BUSY');
    // Days away reported since the plan was made (the solver kept those known then).
    if (clashes[i]!.coachAway) found.push('COACH_AWAY');
    // A coach deactivated, erased or no longer coaching since the plan was made: named, rather than
    // the whole plan failing on the first of their sessions as "Coach not found".
    if (clashes[i]!.coachGone) found.push('COACH_INACTIVE');
    // The library changed since the plan was made: publishSession would refuse the first such
    // session alone, naming none.
    if (clashes[i]!.roomRetired) found.push('ROOM_RETIRED');
    else if (clashes[i]!.roomTooSmall) found.push('ROOM_TOO_SMALL');
    if (clashes[i]!.moduleRetired) found.push('MODULE_RETIRED');
    return found.length === 0 ? [] : [{ sessionKey: s.key, startsAt: s.start, coachId: s.coachId, roomId: s.roomId, conflicts: found }];
  });
  if (conflicts.length > 0) {
    throw new RuleError('PLAN_CONFLICTS', `${conflicts.length} of the ${sessions.length} sessions cannot take place as planned; nothing was published.`, { conflicts });
  }
  const published: string[] = [];
  for (const s of sessions) {
    const start = new Date(s.start);
    published.push(await publishSession(tx, actor, {
      moduleId: s.moduleId, coachId: s.coachId, startsAt: localIso(start, s.zone), timeZone: s.zone,
      durationMinutes: (new Date(s.end).getTime() - start.getTime()) / 60_000, format: s.kind === 'site' ? 'in_person' : 'virtual',
      roomId: s.roomId ?? undefined, onlineUrl: s.kind === 'virtual' ? options.onlineUrl : undefined, capacity: s.seats,
    }, planning));
  }
  await queueCoachAssigned(tx, actor.orgId, published.map((sessionId, i) => ({ sessionId, coachId: sessions[i]!.coachId })));
  await markPublished(tx, actor.orgId, id, actor.personId, published);
  await audit(tx, actor, 'plan.published', { kind: 'plan_proposal', id }, {
    sessions: published.length, coaches: new Set(sessions.map((s) => s.coachId)).size,
  });
  return published;
}
