// Admins keep the organisation's webhook endpoints: the URL (checked against SSRF, address.ts),
// the events it wants, on or off, and the secret Quartet makes to sign each delivery.
// Every change is audited; the secret itself never goes into the audit log.
import type { Tx } from '../../db/transaction.ts';
import { requirePerson, requireRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError, RuleError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { checkWebhookUrl, type AddressPolicy } from './address.ts';
import { presentEndpoint, type EndpointView } from './presenters.ts';
import {
  deleteEndpoint, deliveryEndpoint, findEndpoint, insertEndpoint, listEndpoints, lockEndpointAdding, redeliver, setSecret, updateEndpoint,
} from './queries.ts';
import type { WebhookEventType } from './schema.ts';
import { newWebhookSecret } from './signature.ts';

// Endpoints hold a secret: managed by admins signed in themselves, not by integration tokens.
function requireWebhookAdmin(actor: Actor) {
  requirePerson(actor);
  requireRole(actor, 'admin');
}

const MAX_ENDPOINTS = 20;
const sorted = (events: WebhookEventType[]) => [...new Set(events)].sort();

export async function createEndpoint(
  tx: Tx, actor: Actor, input: { url: string; description?: string | undefined; events: WebhookEventType[]; enabled?: boolean | undefined }, policy: AddressPolicy,
): Promise<EndpointView> {
  requireWebhookAdmin(actor);
  await lockEndpointAdding(tx, actor.orgId);
  if ((await listEndpoints(tx, actor.orgId)).length >= MAX_ENDPOINTS) {
    throw new RuleError('WEBHOOK_LIMIT', `An organisation keeps at most ${MAX_ENDPOINTS} webhook endpoints; remove one first.`);
  }
  const url = await checkWebhookUrl(input.url, policy);
  const row = await insertEndpoint(tx, actor.orgId, {
    url, description: input.description ?? '', events: sorted(input.events), enabled: input.enabled ?? true, secret: newWebhookSecret(), createdBy: actor.personId,
  });
  await audit(tx, actor, 'webhook.created', { kind: 'webhook_endpoint', id: row.id }, { url, events: row.events, enabled: row.enabled });
  return presentEndpoint(row);
}

export async function changeEndpoint(
  tx: Tx, actor: Actor, id: string,
  input: { url?: string | undefined; description?: string | undefined; events?: WebhookEventType[] | undefined; enabled?: boolean | undefined },
  policy: AddressPolicy,
): Promise<EndpointView> {
  requireWebhookAdmin(actor);
  const row = await findEndpoint(tx, actor.orgId, id, true);
  if (!row) throw new NotFoundError('Webhook endpoint');
  const url = input.url === undefined ? row.url : await checkWebhookUrl(input.url, policy);
  const enabled = input.enabled ?? row.enabled;
  const changed = await updateEndpoint(tx, actor.orgId, id, {
    url, description: input.description ?? row.description, events: input.events ? sorted(input.events) : row.events, enabled, wasEnabled: row.enabled,
  });
  const fields = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
  await audit(tx, actor, enabled === row.enabled ? 'webhook.changed' : enabled ? 'webhook.enabled' : 'webhook.disabled',
    { kind: 'webhook_endpoint', id }, { fields, url });
  return presentEndpoint(changed);
}

export async function rotateSecret(tx: Tx, actor: Actor, id: string): Promise<EndpointView> {
  requireWebhookAdmin(actor);
  const row = await setSecret(tx, actor.orgId, id, newWebhookSecret());
  if (!row) throw new NotFoundError('Webhook endpoint');
  await audit(tx, actor, 'webhook.secret_rotated', { kind: 'webhook_endpoint', id });
  return presentEndpoint(row);
}

export async function removeEndpoint(tx: Tx, actor: Actor, id: string): Promise<void> {
  requireWebhookAdmin(actor);
  const row = await findEndpoint(tx, actor.orgId, id);
  if (!row || !(await deleteEndpoint(tx, actor.orgId, id))) throw new NotFoundError('Webhook endpoint');
  await audit(tx, actor, 'webhook.deleted', { kind: 'webhook_endpoint', id }, { url: row.url });
}

/** Sends a delivery again: a new round of attempts carrying the same event id. */
export async function redeliverDelivery(tx: Tx, actor: Actor, deliveryId: string): Promise<void> {
  requireWebhookAdmin(actor);
  const found = await deliveryEndpoint(tx, actor.orgId, deliveryId);
  if (!found) throw new NotFoundError('Webhook delivery');
  if (!found.enabled) throw new RuleError('WEBHOOK_DISABLED', 'The endpoint is turned off; turn it on before delivering again.');
  await redeliver(tx, actor.orgId, deliveryId);
  await audit(tx, actor, 'webhook.redelivered', { kind: 'webhook_delivery', id: deliveryId }, { endpoint: found.endpoint_id });
}
