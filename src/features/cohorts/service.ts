// Cohorts: a fixed group of people put into groups for every round by the group solver (jobs.ts runs
// it in a worker thread), previewed as a draft, changed by hand, then published whole — every round's
// sessions and every member's seat in one transaction, or nothing. In a published cohort, someone who
// cannot make a round trades places with the member of another group whose trade repeats least.
import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Tx } from '../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { localIso, parseStart, planningWindow, type PlanningWindow } from '../../lib/time.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { audit } from '../audit/service.ts';
import { placePerson, tradeSeats } from '../bookings/service.ts';
import { groupSizes } from '../mixing/solver/layout.ts';
import { searchBudgetMs } from '../mixing/solver/worker-runner.ts';
import type { SolveInput } from '../mixing/solver/solve.ts';
import { publishSession } from '../sessions/service.ts';
import { moduleToPublish } from '../sessions/views.ts';
import { bestSwapPartner, type Schedule, type SwapChoice } from './figures.ts';
import { solveIsStale, STALE_AFTER_MS } from './presenters.ts';
import {
  cohortGroups, cohortMembers, cohortRounds, cohortSearchSeconds, findCohort, insertCohort, markPublished, metBefore, peopleByIds, requeueSolve, roomsByIds, solvesUnderway,
  seatsInSessions, setGroupSession, setSchedule, slotClashes, type CohortRow, type Slot,
} from './queries.ts';

export const GROUP_SIZE = 4;

export interface CohortInput {
  name: string;
  moduleId: string;
  personIds: string[];
  rounds: number;
  timeZone: string;
  startsAt?: string[] | undefined;
  firstStartsAt?: string | undefined;
  everyWeeks?: number | undefined;
  durationMinutes?: number | undefined;
  format: 'in_person' | 'virtual';
  coachIds: string[];
  roomIds?: string[] | undefined;
  onlineUrls?: string[] | undefined;
  language?: 'en' | 'de' | undefined;
  seed?: number | undefined;
}

/** Makes the draft; the caller starts its solve (jobs.ts) once this transaction has committed. */
export async function createCohort(tx: Tx, actor: Actor, input: CohortInput, planning = planningWindow()): Promise<string> {
  requireRole(actor, 'coach', 'admin');
  const module = await moduleToPublish(tx, actor.orgId, input.moduleId);
  if (!module) throw new NotFoundError('Module');
  if (module.retired_at) throw new RuleError('MODULE_RETIRED', 'This module has been retired from the library.');
  const minutes = input.durationMinutes ?? module.duration_minutes;
  const starts = roundStarts(input, minutes, planning);

  const personIds = distinct(input.personIds, 'personIds', 'names someone twice');
  const people = await peopleByIds(tx, actor.orgId, personIds);
  if (people.length !== personIds.length) throw new NotFoundError('Person');
  const inactive = people.filter((p) => !p.active).length;
  if (inactive > 0) {
    // The number travels as a reason too, for the web app's words in either language.
    throw new InputError([{ field: 'personIds', message: `${inactive} of these people ${inactive === 1 ? 'is' : 'are'} deactivated`, code: 'deactivated', limit: inactive }]);
  }
  const departmentOf = new Map(people.map((p) => [p.id, p.department]));

  const sizes = groupSizes(personIds.length, GROUP_SIZE);
  const groups = sizes.length;
  const coachIds = distinct(input.coachIds, 'coachIds', 'names someone twice');
  if (!hasRole(actor, 'admin') && coachIds.some((id) => id !== actor.personId)) {
    throw new InputError([{ field: 'coachIds', message: 'only an admin may assign other coaches' }]);
  }
  if (coachIds.length < groups) {
    throw new InputError([{ field: 'coachIds', message: `${personIds.length} people make ${groups} groups a round; each needs its own coach, so name at least ${groups}`, ...atLeast(groups) }]);
  }
  const coaches = await peopleByIds(tx, actor.orgId, coachIds);
  if (coaches.length !== coachIds.length || coaches.some((c) => !c.active)) throw new NotFoundError('Coach');
  if (coaches.some((c) => !c.roles.includes('coach'))) throw new RuleError('NOT_A_COACH', 'One of these people is not a learning coach.');
  if (coachIds.some((id) => departmentOf.has(id))) throw new InputError([{ field: 'coachIds', message: 'a coach cannot also be a member of the cohort' }]);

  const place = await placesOf(tx, actor, input, groups, Math.max(...sizes));
  await claimASolve(tx, actor.orgId);
  const cohortGroupsRows = starts.flatMap((_, round) => Array.from({ length: groups }, (_, g) => ({
    round, group_no: g,
    // Coaches rotate over the rounds, so the groups meet different coaches; within a round they differ.
    coach_id: coachIds[(g + round) % coachIds.length]!,
    room_id: place.rooms?.[g] ?? null,
    online_url: place.links?.[g] ?? null,
  })));

  return insertCohort(tx, {
    org_id: actor.orgId, name: input.name, module_id: module.id, group_size: GROUP_SIZE, rounds: input.rounds, time_zone: input.timeZone,
    duration_minutes: minutes, format: input.format, language: input.language ?? null, seed: input.seed ?? randomInt(1, 2 ** 31 - 1),
    created_by: actor.personId,
  }, personIds.map((id) => ({ person_id: id, department: departmentOf.get(id) ?? null })), starts, cohortGroupsRows);
}

/** The draft or published cohort, for an admin or the coach who made it; for anyone else it does not exist. */
export async function cohortYouRun(tx: Tx, actor: Actor, id: string, o: { lock?: boolean } = {}): Promise<CohortRow> {
  requireRole(actor, 'coach', 'admin');
  const cohort = await findCohort(tx, actor.orgId, id, o);
  if (!cohort || (cohort.created_by !== actor.personId && !hasRole(actor, 'admin'))) throw new NotFoundError('Cohort');
  return cohort;
}

export interface CohortProblem {
  input: SolveInput;
  /** Person ids by solver number. */
  memberIds: string[];
  /** Department names by the solver's department numbers (null: a person without one). */
  departmentNames: Map<number, string | null>;
}

/** What the solver is asked: members in order, their departments as numbers, earlier encounters as pairs. */
export async function cohortProblem(tx: Tx, orgId: string, cohortId: string, budgetMs: number): Promise<CohortProblem | null> {
  const cohort = await findCohort(tx, orgId, cohortId);
  if (!cohort) return null;
  const members = await cohortMembers(tx, orgId, cohortId);
  const memberIds = members.map((m) => m.person_id);
  const index = new Map(memberIds.map((id, i) => [id, i]));
  const numbers = new Map<string, number>();
  const departmentNames = new Map<number, string | null>();
  // A person without a department is one of their own: the mix rule has nothing to spread.
  const departments = members.map((m) => {
    if (m.department === null) {
      const n = -1 - m.position;
      departmentNames.set(n, null);
      return n;
    }
    if (!numbers.has(m.department)) {
      numbers.set(m.department, numbers.size);
      departmentNames.set(numbers.size - 1, m.department);
    }
    return numbers.get(m.department)!;
  });
  const pairs = (await metBefore(tx, orgId, cohort.created_by, memberIds)).map(([a, b]) => [index.get(a)!, index.get(b)!] as const);
  return {
    input: { people: memberIds.length, groupSize: cohort.group_size, rounds: cohort.rounds, departments, metBefore: pairs, seed: cohort.seed, budgetMs },
    memberIds, departmentNames,
  };
}

/** A draft solved again (a new seed unless given), e.g. after its solve failed or its process stopped. */
export async function solveAgain(tx: Tx, actor: Actor, id: string, seed?: number): Promise<void> {
  const cohort = await cohortYouRun(tx, actor, id, { lock: true });
  if (cohort.status !== 'draft') throw published();
  await claimASolve(tx, actor.orgId, id);
  await requeueSolve(tx, actor.orgId, id, seed ?? randomInt(1, 2 ** 31 - 1));
}

// The process solves two cohorts at once (worker-runner.ts); one organisation may hold at most these
// many of the places, so a burst of drafts in one organisation cannot keep every other waiting.
export const SOLVES_PER_ORGANISATION = 2;

async function claimASolve(tx: Tx, orgId: string, except?: string): Promise<void> {
  const freshMs = searchBudgetMs(await cohortSearchSeconds(tx, orgId)) + STALE_AFTER_MS;
  if (await solvesUnderway(tx, orgId, freshMs, except) >= SOLVES_PER_ORGANISATION) {
    throw solvesBusy(SOLVES_PER_ORGANISATION);
  }
}

/** The refusal when the organisation holds all its places, worded for the number it may hold (one too). */
export function solvesBusy(limit: number): RuleError {
  const message = limit === 1
    ? '1 cohort of your organisation is being solved; try again when it is done.'
    : `${limit} cohorts of your organisation are being solved; try again when one is done.`;
  return new RuleError('SOLVES_BUSY', message, { limit });
}

export interface MoveInput {
  round: number;
  personId: string;
  toGroup: number;
  swapWith?: string | undefined;
}

/** Moves a member to another group of one round by hand: alone where the sizes allow, or trading places. */
export async function moveMember(tx: Tx, actor: Actor, id: string, input: MoveInput, now = new Date()): Promise<void> {
  const cohort = await cohortYouRun(tx, actor, id, { lock: true });
  if (cohort.status !== 'draft') throw published();
  await assertNotSolving(tx, actor.orgId, cohort, now);
  const schedule = solvedSchedule(cohort);
  const groups = schedule[input.round];
  if (!groups) throw new InputError([{ field: 'round', message: `the cohort has rounds 0 to ${schedule.length - 1}` }]);
  const from = groups.findIndex((g) => g.includes(input.personId));
  if (from < 0) throw new InputError([{ field: 'personId', message: 'is not a member of this cohort' }]);
  const target = groups[input.toGroup];
  if (!target) throw new InputError([{ field: 'toGroup', message: `round ${input.round} has groups 0 to ${groups.length - 1}` }]);
  if (input.toGroup === from) throw new InputError([{ field: 'toGroup', message: 'the person is already in this group' }]);
  const source = groups[from]!;
  if (input.swapWith !== undefined) {
    const at = target.indexOf(input.swapWith);
    if (at < 0) throw new InputError([{ field: 'swapWith', message: `is not in group ${input.toGroup} of round ${input.round}` }]);
    target[at] = input.personId;
    source[source.indexOf(input.personId)] = input.swapWith;
  } else {
    // Alone only where neither group leaves the sizes the cohort was laid out with.
    const sizes = schedule[0]!.map((g) => g.length);
    if (target.length + 1 > Math.max(...sizes) || source.length - 1 < Math.min(...sizes, 3)) {
      throw new RuleError('GROUP_SIZE', `Group ${input.toGroup} would hold ${target.length + 1} and group ${from} ${source.length - 1}; name someone to trade places with (swapWith).`, {
        toGroup: input.toGroup, toGroupSize: target.length + 1, fromGroup: from, fromGroupSize: source.length - 1,
      });
    }
    target.push(input.personId);
    source.splice(source.indexOf(input.personId), 1);
  }
  await setSchedule(tx, actor.orgId, id, schedule);
}

export type Conflict = 'ROOM_BUSY' | 'COACH_BUSY' | 'COACH_AWAY' | 'COACH_INACTIVE' | 'PEOPLE_BUSY' | 'PEOPLE_INACTIVE' | 'STARTS_IN_PAST';

/**
 * Publishes every round: each group's session through publishSession (the same rules and notices
 * as any session) and each member's seat through placePerson (the confirmation mail queued as for
 * any booking). Every group is checked first; any at fault refuses the lot (409 COHORT_CONFLICTS,
 * listing them) before a row is written, and a refusal during the writes rolls the transaction back.
 */
export async function publishCohort(tx: Tx, actor: Actor, id: string, planning = planningWindow()): Promise<void> {
  const cohort = await cohortYouRun(tx, actor, id, { lock: true });
  if (cohort.status !== 'draft') throw published();
  await assertNotSolving(tx, actor.orgId, cohort, planning.now);
  const schedule = solvedSchedule(cohort);
  const rounds = await cohortRounds(tx, actor.orgId, id);
  const groups = await cohortGroups(tx, actor.orgId, id);
  const slots: Slot[] = groups.map((g) => {
    const from = rounds[g.round]!.starts_at;
    return {
      round: g.round, group: g.group_no, from, to: new Date(from.getTime() + cohort.duration_minutes * 60_000),
      coachId: g.coach_id, roomId: g.room_id, people: schedule[g.round]![g.group_no]!,
    };
  });
  const clashes = await slotClashes(tx, actor.orgId, slots);
  // Someone deactivated (or erased) since the groups were formed cannot be given a seat: named with
  // the groups, rather than the whole publish failing on the first of them as PERSON_INACTIVE.
  const inactive = new Set((await cohortMembers(tx, actor.orgId, id)).filter((m) => !m.active).map((m) => m.person_id));
  const conflicts = slots.flatMap((slot, i) => {
    const found: Conflict[] = [];
    if (slot.from <= planning.now) found.push('STARTS_IN_PAST');
    if (clashes[i]!.roomBusy) found.push('ROOM_BUSY');
    if (clashes[i]!.coachBusy) found.push('COACH_BUSY');
    // Named with its group, rather than the lot refused by publishSession's COACH_AWAY on the first.
    if (clashes[i]!.coachAway) found.push('COACH_AWAY');
    // The coach deactivated or erased since the cohort was made: named, not "Coach not found" for the lot.
    if (clashes[i]!.coachGone) found.push('COACH_INACTIVE');
    if (clashes[i]!.busyPeople.length > 0) found.push('PEOPLE_BUSY');
    if (slot.people.some((p) => inactive.has(p))) found.push('PEOPLE_INACTIVE');
    return found.length === 0 ? [] : [{
      round: slot.round, group: slot.group, startsAt: slot.from.toISOString(), coachId: slot.coachId, roomId: slot.roomId,
      conflicts: found, busyPeople: clashes[i]!.busyPeople,
    }];
  });
  if (conflicts.length > 0) {
    throw new RuleError('COHORT_CONFLICTS', `${conflicts.length} of the ${slots.length} groups cannot meet as planned; nothing was published.`, { conflicts });
  }
  for (const slot of slots) {
    const group = groups.find((g) => g.round === slot.round && g.group_no === slot.group)!;
    const sessionId = await publishSession(tx, actor, {
      moduleId: cohort.module_id, coachId: slot.coachId, startsAt: localIso(slot.from, cohort.time_zone), timeZone: cohort.time_zone,
      durationMinutes: cohort.duration_minutes, format: cohort.format, roomId: group.room_id ?? undefined, onlineUrl: group.online_url ?? undefined,
      language: cohort.language ?? undefined, capacity: slot.people.length,
    }, planning);
    await setGroupSession(tx, actor.orgId, id, slot.round, slot.group, sessionId);
    for (const personId of slot.people) await placePerson(tx, actor, sessionId, personId, planning.now);
  }
  await markPublished(tx, actor.orgId, id, actor.personId);
  // Ids and counts only: the members' names are the people table's, and an erasure must not find them here.
  await audit(tx, actor, 'cohort.published', { kind: 'cohort', id }, {
    rounds: schedule.length, groups: slots.length, members: new Set(slots.flatMap((s) => s.people)).size,
  });
}

export interface SwapInput {
  round: number;
  personId: string;
}

/**
 * A member who cannot make a round of a published cohort trades places with the member of another
 * group of that round whose trade brings the fewest repeats (earlier encounters and the cohort's
 * other rounds counted); both seats move in this transaction, with the usual mails.
 */
export async function swapMember(tx: Tx, actor: Actor, id: string, input: SwapInput, now = new Date()): Promise<SwapChoice> {
  const cohort = await cohortYouRun(tx, actor, id, { lock: true });
  if (cohort.status !== 'published') throw new RuleError('COHORT_NOT_PUBLISHED', 'Swaps are for published cohorts; in a draft, move people by hand.');
  const schedule = solvedSchedule(cohort);
  if (!schedule[input.round]) throw new InputError([{ field: 'round', message: `the cohort has rounds 0 to ${schedule.length - 1}` }]);
  const members = await cohortMembers(tx, actor.orgId, id);
  if (!schedule[input.round]!.some((g) => g.includes(input.personId))) throw new InputError([{ field: 'personId', message: 'is not a member of this cohort' }]);
  const groups = (await cohortGroups(tx, actor.orgId, id)).filter((g) => g.round === input.round);
  const sessionOf = (g: number) => groups.find((row) => row.group_no === g)!.session_id!;
  // Only a partner who still holds their seat in the round and is active can trade it: the best of
  // those, rather than a refusal where the best of all had given up their seat or left.
  const seats = await seatsInSessions(tx, actor.orgId, groups.map((g) => g.session_id!));
  const seatOf = (personId: string, group: number) => seats.find((s) => s.person_id === personId && s.session_id === sessionOf(group));
  const active = new Set(members.filter((m) => m.active).map((m) => m.person_id));
  const choice = bestSwapPartner(schedule, input.round, input.personId, await metBefore(tx, actor.orgId, cohort.created_by, members.map((m) => m.person_id)),
    (partnerId, toGroup) => active.has(partnerId) && seatOf(partnerId, toGroup) !== undefined);
  const mine = seatOf(input.personId, schedule[input.round]!.findIndex((g) => g.includes(input.personId)));
  if (!mine) throw new RuleError('SEAT_GONE', 'This member no longer holds their seat in this round; change it by hand.');
  if (!choice) throw new RuleError('NO_SWAP_PARTNER', 'Nobody in another group of this round holds a seat to trade; change it by hand.');
  const theirs = seatOf(choice.partnerId, choice.toGroup)!;
  await tradeSeats(tx, actor, mine.id, theirs.id, now);
  const round = schedule[input.round]!;
  round[choice.fromGroup]![round[choice.fromGroup]!.indexOf(input.personId)] = choice.partnerId;
  round[choice.toGroup]![round[choice.toGroup]!.indexOf(choice.partnerId)] = input.personId;
  await setSchedule(tx, actor.orgId, id, schedule);
  await audit(tx, actor, 'cohort.member_swapped', { kind: 'cohort', id }, {
    round: input.round, person: input.personId, partner: choice.partnerId,
  });
  return choice;
}

/**
 * While the groups are formed again, the stored schedule is the old one and the solve will overwrite
 * it: a move made now would be lost without a word, and a publish would publish the old groups. A
 * solve whose process stopped (the page shows it as failed) no longer holds the cohort.
 */
async function assertNotSolving(tx: Tx, orgId: string, cohort: CohortRow, now: Date): Promise<void> {
  if (cohort.solver_status !== 'queued' && cohort.solver_status !== 'solving') return;
  if (solveIsStale(cohort, await cohortSearchSeconds(tx, orgId), now)) return;
  throw new RuleError('COHORT_SOLVING', 'The groups are being formed again; wait until they are ready.');
}

function solvedSchedule(cohort: CohortRow): Schedule {
  if (!cohort.schedule) throw new RuleError('COHORT_NOT_SOLVED', 'The groups are not formed yet; wait for the solver.');
  return structuredClone(cohort.schedule);
}

const published = () => new RuleError('COHORT_PUBLISHED', 'This cohort has been published; its groups change by swaps.');

function distinct(values: string[], field: string, message: string): string[] {
  if (new Set(values).size !== values.length) throw new InputError([{ field, message }]);
  return values;
}

/** Each round's start: the list given, or the first and then every N weeks at the same wall-clock time. */
function roundStarts(input: CohortInput, minutes: number, planning: PlanningWindow): Date[] {
  if (!isTimeZone(input.timeZone)) throw new InputError([{ field: 'timeZone', message: 'is not an IANA time zone' }]);
  const listed = input.startsAt !== undefined;
  if (listed === (input.firstStartsAt !== undefined)) {
    throw new InputError([{ field: 'startsAt', message: 'give either startsAt (one per round) or firstStartsAt with everyWeeks' }]);
  }
  let starts: Date[];
  if (listed) {
    if (input.startsAt!.length !== input.rounds) throw new InputError([{ field: 'startsAt', message: `needs one start per round (${input.rounds})` }]);
    starts = input.startsAt!.map((value, i) => parsed(value, input.timeZone, `startsAt.${i}`));
  } else {
    if (input.everyWeeks === undefined) throw new InputError([{ field: 'everyWeeks', message: 'is needed with firstStartsAt' }]);
    const first = DateTime.fromJSDate(parsed(input.firstStartsAt!, input.timeZone, 'firstStartsAt'), { zone: input.timeZone });
    starts = Array.from({ length: input.rounds }, (_, i) => first.plus({ weeks: i * input.everyWeeks! }).toJSDate());
  }
  starts.forEach((start, i) => {
    const field = listed ? `startsAt.${i}` : 'firstStartsAt';
    if (start <= planning.now) throw new InputError([{ field, message: 'is in the past' }]);
    if (start > planning.latestStart) throw new InputError([{ field, message: 'is further ahead than sessions may be planned' }]);
    // Everyone is in every round, so a round must end before the next begins.
    if (i > 0 && start.getTime() < starts[i - 1]!.getTime() + minutes * 60_000) {
      throw new InputError([{ field, message: 'each round must start after the one before has ended' }]);
    }
  });
  return starts;
}

function parsed(value: string, zone: string, field: string): Date {
  const result = parseStart(value, zone);
  if (!result.ok) throw new InputError([{ field, message: result.message }]);
  return result.instant;
}

/** The reason beside a sentence with a count in it, so the web app words it in either language. */
function atLeast(limit: number) {
  return { code: 'too_small', limit, origin: 'array' };
}

/** Each group's room (in person) or meeting link (virtual), the same every round. */
async function placesOf(tx: Tx, actor: Actor, input: CohortInput, groups: number, largest: number) {
  if (input.format === 'virtual') {
    if (input.roomIds !== undefined) throw new InputError([{ field: 'roomIds', message: 'a virtual cohort meets by link, not in rooms' }]);
    if ((input.onlineUrls?.length ?? 0) < groups) throw new InputError([{ field: 'onlineUrls', message: `needs one meeting link per group (${groups})`, ...atLeast(groups) }]);
    // The groups of a round meet at the same time: one link for two would put them in one call, each
    // group seeing the other's people. Compared as URLs, so HTTPS://Meet… is the same meeting as https://meet….
    distinct(input.onlineUrls!.map((url) => new URL(url).href), 'onlineUrls', 'names a link twice');
    return { links: input.onlineUrls!, rooms: undefined };
  }
  if (input.onlineUrls !== undefined) throw new InputError([{ field: 'onlineUrls', message: 'an in-person cohort meets in rooms' }]);
  const roomIds = distinct(input.roomIds ?? [], 'roomIds', 'names a room twice');
  if (roomIds.length < groups) throw new InputError([{ field: 'roomIds', message: `needs one room per group (${groups}): the groups of a round meet at the same time`, ...atLeast(groups) }]);
  const rooms = await roomsByIds(tx, actor.orgId, roomIds);
  if (rooms.length !== roomIds.length) throw new NotFoundError('Room');
  if (rooms.some((r) => r.retired_at)) throw new RuleError('ROOM_RETIRED', 'One of these rooms is no longer in use.');
  // The coach needs a chair too.
  const small = rooms.find((r) => r.capacity < largest + 1);
  if (small) throw new RuleError('ROOM_TOO_SMALL', `A room seats ${small.capacity}; a group of ${largest} and its coach need ${largest + 1}.`);
  return { rooms: roomIds, links: undefined };
}
