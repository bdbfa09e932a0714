// A booking as its holder sees it, with the session it is for.
import type { SessionView } from '../sessions/presenters.ts';
import type { BookingRow } from './queries.ts';

export function presentBooking(row: BookingRow, session: SessionView) {
  return {
    id: row.id,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    cancelReason: row.cancel_reason,
    movedToBookingId: row.moved_to_booking_id,
    session,
  };
}

export type BookingView = ReturnType<typeof presentBooking>;
