// The planner's weekly top-up (issue 16): the seats the coming weeks offer against what the
// organisation's standing demand (its latest published plan's) and the people waiting in lines need,
// with last weeks' fill rate; when a week runs short, a draft proposal for the missing sessions
// (proposePlan counts what is published, so it proposes only the rest) and a mail to each admin.
import { DateTime } from 'luxon';
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { mayShow, unlessWithheld } from '../../lib/privacy-floor.ts';
import { InputError, RuleError } from '../../lib/errors.ts';
import { nextMondayIn, planningWindow } from '../../lib/time.ts';
import { programSettings } from '../organisations/views.ts';
import { queuePlanTopUp } from '../notifications/outbox/service.ts';
import {
  activeOrganisations, defaultCapacity, libraryModules, lockTopUps, markTopUp, offeredBetween, participantGroups, peopleWaiting, seatsTakenBetween, standingDemand,
  topUpAdmin, topUpFor,
} from './queries.ts';
import { DemandBody, type DemandInput } from './schema.ts';
import { proposePlan } from './service.ts';
import { seatsPerWeek, weeklyNeeds } from './solver/demand.ts';

export const TOP_UP_WEEKS = 4;
const FILL_RATE_WEEKS = 4;
const WEEK_MS = 7 * 86_400_000;

export interface SupplyWeek {
  week: number;
  startsOn: string;
  seatsOffered: number;
  seatsNeeded: number;
  short: boolean;
}

export interface Supply {
  startsOn: string;
  weeks: SupplyWeek[];
  waiting: number;
  fillRate: { rate: number | null; withheld: boolean };
  standingProposalId: string;
  creatorId: string | null;
  demand: DemandInput;
}

/** The demand as the admin sent it, without what was stored beside it (the count, the top-up's week). */
function sentDemand(stored: unknown): DemandInput {
  const { participants: _p, topUpFor: _t, ...sent } = stored as Record<string, unknown>;
  return DemandBody.parse(sent);
}

/** Seats taken of seats offered in the sessions of the last four weeks: a figure about the people
 * who took them, withheld (null) below the privacy floor; null too when nothing was offered. */
export async function fillRateBefore(tx: Tx, orgId: string, now: Date): Promise<{ rate: number | null; withheld: boolean }> {
  const past = await seatsTakenBetween(tx, orgId, new Date(now.getTime() - FILL_RATE_WEEKS * WEEK_MS), now);
  if (past.offered === 0) return { rate: null, withheld: false };
  const rate = unlessWithheld(past.people, Math.round((past.taken / past.offered) * 1000) / 1000);
  return { rate, withheld: rate === null };
}

/** Seats offered against needed for the next weeks; undefined when no plan was ever published. */
export async function supplyAhead(tx: Tx, orgId: string, now: Date): Promise<Supply | undefined> {
  const standing = await standingDemand(tx, orgId);
  if (!standing) return undefined;
  const demand = sentDemand(standing.demand);
  // Where proposePlan starts when given no date.
  const start = nextMondayIn((await programSettings(tx, orgId)).default_time_zone, now);
  const end = new Date(start.getTime() + TOP_UP_WEEKS * WEEK_MS);
  const groups = await participantGroups(tx, orgId, demand.departments, demand.sites);
  const people = groups.reduce((n, g) => n + g.people, 0);
  const waiting = await peopleWaiting(tx, orgId, now);
  // The admin's page withholds fewer than five people waiting; added into the first week's seats
  // needed, they would show again as its difference from the next. Below the floor the lines count
  // for nothing here (the waiting list itself offers them the seats that re-open).
  const needs = weeklyNeeds(seatsPerWeek(people, demand.frequency), await defaultCapacity(tx, orgId), TOP_UP_WEEKS, mayShow(waiting) ? waiting : 0);
  const offered = Array.from({ length: TOP_UP_WEEKS }, () => 0);
  for (const o of await offeredBetween(tx, orgId, start, end)) offered[Math.floor((o.starts_at.getTime() - start.getTime()) / WEEK_MS)]! += o.capacity;
  return {
    startsOn: DateTime.fromJSDate(start, { zone: 'utc' }).toISODate()!,
    weeks: needs.map((n) => ({
      week: n.week, startsOn: DateTime.fromJSDate(new Date(start.getTime() + n.week * WEEK_MS), { zone: 'utc' }).toISODate()!,
      seatsOffered: offered[n.week]!, seatsNeeded: n.seats, short: offered[n.week]! < n.seats,
    })),
    waiting,
    fillRate: await fillRateBefore(tx, orgId, now),
    standingProposalId: standing.id,
    creatorId: standing.created_by,
    demand,
  };
}

export type TopUpOutcome =
  | { outcome: 'no_standing_demand' | 'covered' | 'no_admin' }
  | { outcome: 'already_proposed' | 'proposed'; proposalId: string }
  | { outcome: 'refused'; code: string };

/** One organisation's top-up for the weeks after `now`; safe to run again and twice at once. */
export async function topUp(tx: Tx, orgId: string, now: Date): Promise<TopUpOutcome> {
  // Two runs at once take turns, so the second finds the first's proposal.
  await lockTopUps(tx, orgId);
  const supply = await supplyAhead(tx, orgId, now);
  if (!supply) return { outcome: 'no_standing_demand' };
  const short = supply.weeks.filter((w) => w.short);
  if (short.length === 0) return { outcome: 'covered' };
  const existing = await topUpFor(tx, orgId, supply.startsOn);
  if (existing) return { outcome: 'already_proposed', proposalId: existing };
  const admin = await topUpAdmin(tx, orgId, supply.creatorId);
  if (!admin) return { outcome: 'no_admin' };
  const actor: Actor = { orgId, personId: admin.id, roles: admin.roles, timeZone: admin.time_zone, locale: admin.locale };
  // A campaign's weeks count from the standing plan's start: in a top-up the module simply runs. A
  // module retired since the plan was published is left out, as an admin would leave it out of the
  // form; kept, it made proposePlan refuse the standing demand every week from then on.
  const library = new Set((await libraryModules(tx, orgId)).map((m) => m.id));
  const named = [...new Set(supply.demand.modules.map((m) => m.moduleId))];
  const modules = named.filter((id) => library.has(id)).map((moduleId) => ({ moduleId }));
  // An empty list would mean every module of the library, which the admin did not choose.
  if (named.length > 0 && modules.length === 0) return { outcome: 'refused', code: 'NO_MODULES' };
  let proposalId: string;
  try {
    proposalId = await proposePlan(tx, actor, { ...supply.demand, modules, weeks: TOP_UP_WEEKS, startsOn: undefined }, planningWindow(undefined, now));
  } catch (error) {
    if (error instanceof RuleError) return { outcome: 'refused', code: error.code };
    if (error instanceof InputError) return { outcome: 'refused', code: 'INVALID_STANDING_DEMAND' };
    throw error;
  }
  await markTopUp(tx, orgId, proposalId, supply.startsOn);
  await queuePlanTopUp(tx, orgId, proposalId, supply.startsOn, short.map((w) => ({ startsOn: w.startsOn, seatsOffered: w.seatsOffered, seatsNeeded: w.seatsNeeded })));
  return { outcome: 'proposed', proposalId };
}

/** Every active organisation (or the ones named) in a transaction of its own; one failing stops no other. */
export async function runTopUps(db: Db, now: Date, o: { orgIds?: string[]; onError?: (orgId: string, error: unknown) => void } = {}) {
  const outcomes = new Map<string, TopUpOutcome>();
  for (const orgId of o.orgIds ?? await activeOrganisations(db)) {
    try {
      outcomes.set(orgId, await inOrg(db, orgId, (tx) => topUp(tx, orgId, now)));
    } catch (error) {
      o.onError?.(orgId, error);
    }
  }
  return outcomes;
}
