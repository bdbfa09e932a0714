// Rows -> what the admin sees. Only admins see endpoints at all; the secret is theirs to copy.
import type { DeliveryRow, EndpointRow } from './queries.ts';

export function presentEndpoint(row: EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    failedInARow: row.failed_in_a_row,
    secret: row.secret,
    createdAt: row.created_at.toISOString(),
  };
}
export type EndpointView = ReturnType<typeof presentEndpoint>;

export function presentDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    log: row.log.map((a) => ({
      at: new Date(a.at).toISOString(), durationMs: a.duration_ms, statusCode: a.status_code, response: a.response, error: a.error,
    })),
  };
}
