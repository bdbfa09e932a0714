// The programme planner's read: one proposal with its figures and gaps, for an admin.
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { presentProposal } from './presenters.ts';
import { coachesWithAvailability, findProposal, knownDepartmentsAndSites, libraryModules, modulesByIds, peopleNames, roomsByIds } from './queries.ts';
import type { DemandOptions, ProposalView } from './schema.ts';
import { prepared } from './solver/problem.ts';
import { planInputOf, type StoredSession } from './stored-plan.ts';

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
  return presentProposal(row, prepared(input), participants, {
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
