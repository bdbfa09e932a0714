// The person's newest request for a copy of their data, for the profile to show and poll.
import type { Tx } from '../../db/transaction.ts';
import { requirePerson, type Actor } from '../../lib/actor.ts';
import { presentRequest } from './presenters.ts';
import { latestExport } from './queries.ts';
import { EXPORT_REQUESTS } from './service.ts';

export async function currentExport(tx: Tx, actor: Actor) {
  requirePerson(actor);
  const row = await latestExport(tx, actor.orgId, actor.personId);
  return { current: row ? presentRequest(row) : null, requestsPerDay: EXPORT_REQUESTS.max };
}
