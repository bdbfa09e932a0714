// What admins read: the endpoints and each one's delivery log.
import type { Tx } from '../../db/transaction.ts';
import { requirePerson, requireRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { presentDelivery, presentEndpoint } from './presenters.ts';
import { findEndpoint, listDeliveries, listEndpoints } from './queries.ts';

// The list carries each endpoint's signing secret: a read token holding it could forge deliveries
// to the organisation's own receivers, so only admins signed in themselves see it.
export async function endpoints(tx: Tx, actor: Actor) {
  requirePerson(actor);
  requireRole(actor, 'admin');
  return (await listEndpoints(tx, actor.orgId)).map(presentEndpoint);
}

export async function deliveries(tx: Tx, actor: Actor, endpointId: string, limit = 50) {
  requireRole(actor, 'admin');
  if (!(await findEndpoint(tx, actor.orgId, endpointId))) throw new NotFoundError('Webhook endpoint');
  return (await listDeliveries(tx, actor.orgId, endpointId, limit)).map(presentDelivery);
}
