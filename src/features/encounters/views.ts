// The network as the organisation's admins see it (the last twelve months) and as each person sees
// their own (this calendar year, in their zone): figures only, never who met whom.
import { DateTime } from 'luxon';
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { PRIVACY_FLOOR } from '../../lib/privacy-floor.ts';
import { departmentsFolded, presentAttendance, presentHeatMap, presentPartners } from './presenters.ts';
import { attendanceSums, departmentsTakingPart, pairsByDepartments, partnersBySessions, personalNetwork } from './queries.ts';

const WINDOW_MONTHS = 12;

export async function networkOfOrganisation(tx: Tx, actor: Actor, now = new Date()) {
  requireRole(actor, 'admin');
  // The clock: the window is the twelve months up to this moment.
  const since = DateTime.fromJSDate(now, { zone: 'utc' }).minus({ months: WINDOW_MONTHS }).toJSDate();
  const departments = await departmentsTakingPart(tx, actor.orgId, since);
  const [sums, pairs, partners] = [
    await attendanceSums(tx, actor.orgId, since),
    await pairsByDepartments(tx, actor.orgId, since, departmentsFolded(departments)),
    await partnersBySessions(tx, actor.orgId, since),
  ];
  const { heatMap, shareWithheld } = presentHeatMap(departments, pairs);
  return {
    minimumPeople: PRIVACY_FLOOR,
    since: since.toISOString(),
    ...presentAttendance(sums, pairs, { shareWithheld }),
    partners: presentPartners(partners),
    heatMap,
  };
}

export async function myNetwork(tx: Tx, actor: Actor, now = new Date()) {
  // The clock: "this year" is the calendar year now in the person's own zone.
  const yearStart = DateTime.fromJSDate(now, { zone: actor.timeZone }).startOf('year');
  const counts = await personalNetwork(tx, actor.orgId, actor.personId, yearStart.toJSDate());
  return { year: yearStart.year, colleagues: counts.colleagues, departments: counts.departments };
}
