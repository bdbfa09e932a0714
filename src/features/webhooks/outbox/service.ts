// The one door other features use to tell the organisation's webhooks what happened: each call
// writes events in the caller's transaction, so a change and its deliveries commit or vanish
// together. Imports no other feature (suggestions, bookings and sessions import it).
import type { Tx } from '../../../db/transaction.ts';
import { queueBookingEvents, queueSuggestionEvents, withDuplicates } from './queries.ts';

export { queueBookingEvents, queueSessionCancelledEvent, queueSuggestionEvents, queueWebhookEvent } from './queries.ts';

/** A suggestion's status changed: its event, and one for each duplicate that follows it. */
export async function queueStatusChanged(tx: Tx, orgId: string, id: string, previousStatus: string): Promise<void> {
  await queueSuggestionEvents(tx, orgId, 'suggestion.status_changed', await withDuplicates(tx, orgId, id), previousStatus);
}

/** A seat moved: the old booking cancelled, the new one created. */
export async function queueBookingMoved(tx: Tx, orgId: string, fromId: string, toId: string): Promise<void> {
  await queueBookingEvents(tx, orgId, 'booking.cancelled', [fromId]);
  await queueBookingEvents(tx, orgId, 'booking.created', [toId]);
}
