// The only SQL of the webhooks' own tables (the events' writing is outbox/queries.ts): endpoints as
// admins keep them, the delivery log, and what the delivery job reads and records.
import { sql } from 'kysely';
import type { Tx } from '../../db/transaction.ts';
import type { WebhookEventType } from './schema.ts';

export interface EndpointRow {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  secret: string;
  failed_in_a_row: number;
  disabled_reason: 'admin' | 'failing' | null;
  disabled_at: Date | null;
  created_at: Date;
}

const ENDPOINT = sql`id, url, description, events, enabled, secret, failed_in_a_row, disabled_reason, disabled_at, created_at`;

/**
 * Endpoints are added one at a time per organisation, until the transaction ends: two admins adding
 * one at 19 would otherwise both count 19 and both add. Counted under this lock, the second counts
 * the first's. Only additions take it, so it holds up nothing else of the organisation.
 */
export async function lockEndpointAdding(tx: Tx, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended('quartet.webhook_endpoints:' || ${orgId}::text, 0))`.execute(tx);
}

export async function listEndpoints(tx: Tx, orgId: string): Promise<EndpointRow[]> {
  const { rows } = await sql<EndpointRow>`select ${ENDPOINT} from webhook_endpoints where org_id = ${orgId} order by created_at, id`.execute(tx);
  return rows;
}

export async function findEndpoint(tx: Tx, orgId: string, id: string, lock = false): Promise<EndpointRow | undefined> {
  const { rows } = await sql<EndpointRow>`
    select ${ENDPOINT} from webhook_endpoints where org_id = ${orgId} and id = ${id} ${lock ? sql`for update` : sql``}`.execute(tx);
  return rows[0];
}

export async function insertEndpoint(
  tx: Tx, orgId: string, e: { url: string; description: string; events: string[]; enabled: boolean; secret: string; createdBy: string },
): Promise<EndpointRow> {
  const { rows } = await sql<EndpointRow>`
    insert into webhook_endpoints (org_id, url, description, events, enabled, secret, created_by, disabled_reason, disabled_at)
    values (${orgId}, ${e.url}, ${e.description}, ${e.events}::text[], ${e.enabled}, ${e.secret}, ${e.createdBy},
      ${e.enabled ? null : 'admin'}, ${e.enabled ? null : sql`now()`})
    returning ${ENDPOINT}`.execute(tx);
  return rows[0]!;
}

export async function updateEndpoint(
  tx: Tx, orgId: string, id: string, e: { url: string; description: string; events: string[]; enabled: boolean; wasEnabled: boolean },
): Promise<EndpointRow> {
  // Turned on again: its count of failures starts afresh. Turned off by an admin: says so.
  const { rows } = await sql<EndpointRow>`
    update webhook_endpoints set url = ${e.url}, description = ${e.description}, events = ${e.events}::text[], enabled = ${e.enabled},
      failed_in_a_row = case when ${e.enabled && !e.wasEnabled} then 0 else failed_in_a_row end,
      disabled_reason = case when ${e.enabled} then null when ${e.wasEnabled} then 'admin' else disabled_reason end,
      disabled_at = case when ${e.enabled} then null when ${e.wasEnabled} then now() else disabled_at end,
      updated_at = now()
    where org_id = ${orgId} and id = ${id}
    returning ${ENDPOINT}`.execute(tx);
  return rows[0]!;
}

export async function setSecret(tx: Tx, orgId: string, id: string, secret: string): Promise<EndpointRow | undefined> {
  const { rows } = await sql<EndpointRow>`
    update webhook_endpoints set secret = ${secret}, updated_at = now() where org_id = ${orgId} and id = ${id} returning ${ENDPOINT}`.execute(tx);
  return rows[0];
}

export async function deleteEndpoint(tx: Tx, orgId: string, id: string): Promise<boolean> {
  const result = await sql`delete from webhook_endpoints where org_id = ${orgId} and id = ${id}`.execute(tx);
  return (result.numAffectedRows ?? 0n) > 0n;
}

export interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: WebhookEventType;
  status: 'pending' | 'succeeded' | 'failed' | 'stopped';
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  log: Array<{ at: string; duration_ms: number; status_code: number | null; response: string; error: string | null }>;
}

/** An endpoint's newest deliveries, each with its attempts, oldest attempt first. */
export async function listDeliveries(tx: Tx, orgId: string, endpointId: string, limit: number): Promise<DeliveryRow[]> {
  const { rows } = await sql<DeliveryRow>`
    select d.id, d.event_id, e.type as event_type, d.status, d.attempts, d.next_attempt_at, d.created_at,
      coalesce((select json_agg(json_build_object('at', a.started_at, 'duration_ms', a.duration_ms, 'status_code', a.status_code,
        'response', a.response, 'error', a.error) order by a.started_at) from webhook_attempts a
        where a.org_id = d.org_id and a.delivery_id = d.id), '[]') as log
    from webhook_deliveries d join webhook_events e on e.org_id = d.org_id and e.id = d.event_id
    where d.org_id = ${orgId} and d.endpoint_id = ${endpointId}
    order by d.created_at desc, d.id desc limit ${limit}`.execute(tx);
  return rows;
}

/** A delivery sent again by hand: a new round of attempts, the same event (and event id). */
export async function redeliver(tx: Tx, orgId: string, id: string): Promise<{ endpoint_id: string; enabled: boolean } | undefined> {
  const { rows } = await sql<{ endpoint_id: string; enabled: boolean }>`
    update webhook_deliveries d set status = 'pending', round_attempts = 0, next_attempt_at = clock_timestamp(), updated_at = now()
    from webhook_endpoints w
    where d.org_id = ${orgId} and d.id = ${id} and w.org_id = d.org_id and w.id = d.endpoint_id and w.enabled
    returning d.endpoint_id, w.enabled`.execute(tx);
  return rows[0];
}

export async function deliveryEndpoint(tx: Tx, orgId: string, id: string): Promise<{ endpoint_id: string; enabled: boolean } | undefined> {
  const { rows } = await sql<{ endpoint_id: string; enabled: boolean }>`
    select d.endpoint_id, w.enabled from webhook_deliveries d join webhook_endpoints w on w.org_id = d.org_id and w.id = d.endpoint_id
    where d.org_id = ${orgId} and d.id = ${id}`.execute(tx);
  return rows[0];
}

// ---- The delivery job ------------------------------------------------------------------------

export interface DeliveryToSend {
  id: string;
  status: DeliveryRow['status'];
  round_attempts: number;
  next_attempt_at: Date;
  endpoint_id: string;
  url: string;
  secret: string;
  enabled: boolean;
  org_active: boolean;
  event_id: string;
  event_type: WebhookEventType;
  event_created_at: Date;
  payload: Record<string, unknown>;
}

export async function deliveryToSend(tx: Tx, orgId: string, id: string): Promise<DeliveryToSend | undefined> {
  const { rows } = await sql<DeliveryToSend>`
    select d.id, d.status, d.round_attempts, d.next_attempt_at, d.endpoint_id, w.url, w.secret, w.enabled,
      o.status = 'active' as org_active, e.id as event_id, e.type as event_type, e.created_at as event_created_at, e.payload
    from webhook_deliveries d
    join organisations o on o.id = d.org_id
    join webhook_endpoints w on w.org_id = d.org_id and w.id = d.endpoint_id
    join webhook_events e on e.org_id = d.org_id and e.id = d.event_id
    where d.org_id = ${orgId} and d.id = ${id}`.execute(tx);
  return rows[0];
}

export async function insertAttempt(
  tx: Tx, orgId: string, a: { deliveryId: string; startedAt: Date; durationMs: number; statusCode: number | null; response: string; error: string | null },
): Promise<void> {
  await sql`
    insert into webhook_attempts (org_id, delivery_id, started_at, duration_ms, status_code, response, error)
    values (${orgId}, ${a.deliveryId}, ${a.startedAt}, ${a.durationMs}, ${a.statusCode}, ${a.response}, ${a.error === null ? null : a.error.slice(0, 500)})`.execute(tx);
}

/** Records an attempt's outcome on the delivery; a pending one is retried at `retryAt` (its trigger queues the job). */
export async function recordOutcome(
  tx: Tx, orgId: string, id: string, o: { status: 'succeeded' | 'failed' | 'pending'; statusCode: number | null; retryAt: Date | null },
): Promise<void> {
  await sql`
    update webhook_deliveries set status = ${o.status}, attempts = attempts + 1, round_attempts = round_attempts + 1,
      last_status_code = ${o.statusCode}, next_attempt_at = coalesce(${o.retryAt}::timestamptz, next_attempt_at), updated_at = now()
    where org_id = ${orgId} and id = ${id}`.execute(tx);
}

export async function stopDelivery(tx: Tx, orgId: string, id: string): Promise<void> {
  await sql`update webhook_deliveries set status = 'stopped', updated_at = now() where org_id = ${orgId} and id = ${id} and status = 'pending'`.execute(tx);
}

/** A delivery succeeded: the endpoint's run of failures ends. */
export async function endpointAnswered(tx: Tx, orgId: string, endpointId: string): Promise<void> {
  await sql`update webhook_endpoints set failed_in_a_row = 0 where org_id = ${orgId} and id = ${endpointId} and failed_in_a_row <> 0`.execute(tx);
}

/**
 * A delivery used up its attempts: one more failure in a row; at `disableAfter` the endpoint is
 * turned off and its other pending deliveries stop. True when this call turned it off.
 */
export async function endpointFailed(tx: Tx, orgId: string, endpointId: string, disableAfter: number): Promise<boolean> {
  const { rows } = await sql<{ disabled: boolean }>`
    update webhook_endpoints set failed_in_a_row = failed_in_a_row + 1,
      enabled = case when failed_in_a_row + 1 >= ${disableAfter} then false else enabled end,
      disabled_reason = case when enabled and failed_in_a_row + 1 >= ${disableAfter} then 'failing' else disabled_reason end,
      disabled_at = case when enabled and failed_in_a_row + 1 >= ${disableAfter} then now() else disabled_at end
    where org_id = ${orgId} and id = ${endpointId}
    returning (disabled_reason = 'failing' and disabled_at = now()) as disabled`.execute(tx);
  const disabled = rows[0]?.disabled ?? false;
  if (disabled) {
    await sql`update webhook_deliveries set status = 'stopped', updated_at = now()
      where org_id = ${orgId} and endpoint_id = ${endpointId} and status = 'pending'`.execute(tx);
  }
  return disabled;
}
