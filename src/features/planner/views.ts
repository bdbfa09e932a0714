// The programme planner's read: one proposal with its figures and gaps, for an admin.
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { PRIVACY_FLOOR, unlessWithheld } from '../../lib/privacy-floor.ts';
import { presentProposal } from './presenters.ts';
import { coachesWithAvailability, findProposal, latestTopUp, peopleWaiting, knownDepartmentsAndSites, libraryModules, modulesByIds, peopleNames, roomsByIds } from './queries.ts';
import type { DemandOptions, ProposalView, SupplyView } from './schema.ts';
import { planInputOf, type StoredSession } from './stored-plan.ts';
import { fillRateBefore, supplyAhead } from './supply.ts';

export async function getProposal(tx: Tx, actor: Actor, id: string): Promise<ProposalView> {
  requireRole(actor, 'admin');
  const row = await findProposal(tx, actor.orgId, id);
  if (!row) throw new NotFoundError('Proposal');
  const input = planInputOf(row.input);
  const sessions = row.sessions as StoredSession[];
  const coachIds = input.coaches.map((c) => c.id);
  const people = await peopleNames(tx, actor.orgId, coachIds);
  const rooms = await roomsByIds(tx, actor.orgId, [...new Set(sessions.flatMap((s) => (s.roomId ? [s.roomId] : [])))]);
  const modules = await modulesByIds(tx, actor.orgId, [...new Set(sessions.map((s) => s.moduleId))]);
  const participants = (row.demand as { participants?: number }).participants ?? 0;
  return presentProposal(row, input, participants, {
    people: new Map(people.map((p) => [p.id, p.name])), rooms: new Map(rooms.map((r) => [r.id, r.name])), modules: new Map(modules.map((m) => [m.id, m.title])),
  });
}

/** What the demand form offers: departments, sites and modules to choose from, and how many coaches said when they can coach. */
export async function demandOptions(tx: Tx, actor: Actor): Promise<DemandOptions> {
  requireRole(actor, 'admin');
  const known = await knownDepartmentsAndSites(tx, actor.orgId);
  const modules = await libraryModules(tx, actor.orgId);
  const coaches = await coachesWithAvailability(tx, actor.orgId);
  return { ...known, modules: modules.map((m) => ({ id: m.id, title: m.title })), coachesWithAvailability: coaches.length };
}

/** The coming weeks' seats offered against needed, last weeks' fill rate, and the latest top-up. */
export async function supplyView(tx: Tx, actor: Actor, now = new Date()): Promise<SupplyView> {
  requireRole(actor, 'admin');
  const supply = await supplyAhead(tx, actor.orgId, now);
  const top = await latestTopUp(tx, actor.orgId);
  const waiting = supply?.waiting ?? await peopleWaiting(tx, actor.orgId, now);
  return {
    standingDemand: supply !== undefined,
    startsOn: supply?.startsOn ?? null,
    weeks: supply?.weeks ?? [],
    waiting: unlessWithheld(waiting, waiting),
    ...fillRate(supply ? supply.fillRate : await fillRateBefore(tx, actor.orgId, now)),
    minimumPeople: PRIVACY_FLOOR,
    latestTopUp: top ? { id: top.id, status: top.status, week: top.week, createdAt: top.created_at.toISOString() } : null,
  };
}

const fillRate = (f: { rate: number | null; withheld: boolean }) => ({ fillRate: f.rate, fillRateWithheld: f.withheld });
