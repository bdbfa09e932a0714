// The deliver_webhook job (one per delivery, added by migration 023's trigger): POST the event,
// signed, to the endpoint; record the attempt in the delivery log; on a failure schedule the next
// attempt (exponential backoff with jitter: 1, 2, 4, … minutes), and after the last attempt count
// one more failure in a row for the endpoint: five in a row turn it off and the admins are mailed.
//
// At least once: a worker killed between the receiver's answer and the record sends the event
// again when its job is released, with the same event id (Quartet-Event-Id), which is how a
// receiver recognises a repeat.
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { queueWebhookDisabled } from '../notifications/outbox/service.ts';
import type { AddressPolicy, Resolve } from './address.ts';
import { postJson } from './post.ts';
import { deliveryToSend, endpointAnswered, endpointFailed, insertAttempt, recordOutcome, stopDelivery, type DeliveryToSend } from './queries.ts';
import { signatureHeader } from './signature.ts';

export interface DeliveryOptions {
  policy: AddressPolicy;
  /** The whole exchange, connection to answer. */
  timeoutMs: number;
  /** The wait after the first failed attempt; doubled after each further one. */
  baseDelayMs: number;
  /** Attempts of one round (a manual redelivery starts a new round). */
  maxAttempts: number;
  /** Deliveries in a row that failed every attempt before the endpoint is turned off. */
  disableAfter: number;
  resolve?: Resolve | undefined;
}

export const DELIVERY_DEFAULTS: Omit<DeliveryOptions, 'policy'> = { timeoutMs: 10_000, baseDelayMs: 60_000, maxAttempts: 8, disableAfter: 5 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A job may run a moment before the time it was set for (clocks of database and worker differ).
const EARLY_MS = 2_000;

/** The wait before attempt n + 1 after n failed ones: base·2^(n−1), ±20 % so that many failures spread out. */
export function retryDelayMs(failedAttempts: number, baseDelayMs: number, random = Math.random()): number {
  return Math.round(baseDelayMs * 2 ** (failedAttempts - 1) * (0.8 + 0.4 * random));
}

/** The body receivers get: the same bytes on every attempt of the event. */
export function eventBody(d: Pick<DeliveryToSend, 'event_id' | 'event_type' | 'event_created_at' | 'payload'>): string {
  return JSON.stringify({ id: d.event_id, type: d.event_type, createdAt: d.event_created_at.toISOString(), data: d.payload });
}

export function deliverWebhookTask(db: Db, logger: Logger, options: DeliveryOptions): Task {
  return async (payload) => {
    const { orgId, deliveryId } = (payload ?? {}) as { orgId?: unknown; deliveryId?: unknown };
    if (typeof orgId !== 'string' || typeof deliveryId !== 'string' || !UUID.test(orgId) || !UUID.test(deliveryId)) {
      logger.error({ payload }, 'deliver_webhook job without a valid organisation and delivery id; dropped');
      return;
    }
    const d = await inOrg(db, orgId, (tx) => deliveryToSend(tx, orgId, deliveryId));
    // Done already, or a later job carries its next attempt.
    if (!d || d.status !== 'pending' || d.next_attempt_at.getTime() > Date.now() + EARLY_MS) return;
    // A suspended organisation's data stops leaving, as its mail does: what was still queued is
    // stopped, not held back to pour out on resumption (an admin can deliver it again by hand).
    if (!d.enabled || !d.org_active) {
      await inOrg(db, orgId, (tx) => stopDelivery(tx, orgId, deliveryId));
      return;
    }
    const body = eventBody(d);
    const startedAt = new Date();
    const result = await postJson(d.url, body, {
      'quartet-signature': signatureHeader(d.secret, body, startedAt),
      'quartet-event-id': d.event_id,
      'quartet-event-type': d.event_type,
    }, { timeoutMs: options.timeoutMs, policy: options.policy, resolve: options.resolve });
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const last = d.round_attempts + 1 >= options.maxAttempts;
    const disabled = await inOrg(db, orgId, async (tx) => {
      await insertAttempt(tx, orgId, { deliveryId, startedAt, ...result });
      if (ok) {
        await recordOutcome(tx, orgId, deliveryId, { status: 'succeeded', statusCode: result.statusCode, retryAt: null });
        await endpointAnswered(tx, orgId, d.endpoint_id);
        return false;
      }
      if (!last) {
        const retryAt = new Date(Date.now() + retryDelayMs(d.round_attempts + 1, options.baseDelayMs));
        await recordOutcome(tx, orgId, deliveryId, { status: 'pending', statusCode: result.statusCode, retryAt });
        return false;
      }
      await recordOutcome(tx, orgId, deliveryId, { status: 'failed', statusCode: result.statusCode, retryAt: null });
      const off = await endpointFailed(tx, orgId, d.endpoint_id, options.disableAfter);
      if (off) await queueWebhookDisabled(tx, orgId, d.endpoint_id);
      return off;
    });
    if (!ok) logger.info({ orgId, deliveryId, statusCode: result.statusCode, error: result.error, last }, 'webhook delivery attempt failed');
    if (disabled) logger.warn({ orgId, endpointId: d.endpoint_id }, 'webhook endpoint turned off after repeated failure; admins mailed');
  };
}
