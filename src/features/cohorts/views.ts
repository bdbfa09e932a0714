// Reading cohorts: the list (an admin's all, a coach's own) and one cohort with its preview.
import type { Tx } from '../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../lib/actor.ts';
import { cohortFigures, outsideWorkingHours } from './figures.ts';
import { presentCohort, presentCohortSummary } from './presenters.ts';
import { cohortGroups, cohortMembers, cohortRounds, cohortSearchSeconds, listCohorts, makerKnowsEncounters, metBefore, seatHolders } from './queries.ts';
import { cohortYouRun } from './service.ts';

// The clock is read only to tell a solve whose process stopped (presenters.ts).
export async function getCohort(tx: Tx, actor: Actor, id: string, now = new Date()) {
  const cohort = await cohortYouRun(tx, actor, id);
  const members = await cohortMembers(tx, actor.orgId, id);
  const searchSeconds = await cohortSearchSeconds(tx, actor.orgId);
  if (!cohort.schedule) return presentCohort(cohort, members.length, searchSeconds, now, null);
  const counted = await makerKnowsEncounters(tx, actor.orgId, cohort.created_by);
  const figures = cohortFigures({
    schedule: cohort.schedule,
    departments: new Map(members.map((m) => [m.person_id, m.department])),
    metBefore: counted ? await metBefore(tx, actor.orgId, cohort.created_by, members.map((m) => m.person_id), { makerChecked: true }) : [],
  });
  const rounds = await cohortRounds(tx, actor.orgId, id);
  const zones = new Map(members.map((m) => [m.person_id, m.time_zone]));
  const groups = await cohortGroups(tx, actor.orgId, id);
  // Once published, who still holds their seat: someone who gave it up (or moved it) is the one to swap or replace.
  const sessionIds = groups.flatMap((g) => (g.session_id ? [g.session_id] : []));
  return presentCohort(cohort, members.length, searchSeconds, now, {
    rounds,
    groups,
    seats: cohort.status === 'published' ? await seatHolders(tx, actor.orgId, sessionIds) : null,
    members: new Map(members.map((m) => [m.person_id, { name: m.name, department: m.department, timeZone: m.time_zone }])),
    figures: { ...figures, earlierEncountersCounted: counted, outsideWorkingHours: outsideWorkingHours(rounds.map((r) => r.starts_at), cohort.duration_minutes, zones) },
  });
}

export async function listCohortsFor(tx: Tx, actor: Actor, now = new Date()) {
  requireRole(actor, 'coach', 'admin');
  const rows = await listCohorts(tx, actor.orgId, hasRole(actor, 'admin') ? null : actor.personId);
  const searchSeconds = await cohortSearchSeconds(tx, actor.orgId);
  return { items: rows.map((r) => presentCohortSummary(r, Number(r.members ?? 0), searchSeconds, now)) };
}
