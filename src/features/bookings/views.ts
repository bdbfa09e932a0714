// Reading bookings: one's own, upcoming and past.
import type { Tx } from '../../db/transaction.ts';
import { hasRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { presentSession } from '../sessions/presenters.ts';
import { sessionsById, viewerContext } from '../sessions/views.ts';
import { presentBooking, type BookingView } from './presenters.ts';
import { countFutureBookingsOf, findBooking, listPersonBookings, type BookingRow } from './queries.ts';

export async function listMyBookings(
  tx: Tx, actor: Actor, input: { when: 'upcoming' | 'past'; timeZone?: string | undefined; limit?: number | undefined }, now = new Date(),
): Promise<BookingView[]> {
  const rows = await listPersonBookings(tx, actor.orgId, actor.personId, input.when, now, input.limit ?? 100);
  return present(tx, actor, rows, input.timeZone);
}

export async function getBooking(tx: Tx, actor: Actor, id: string, timeZone?: string): Promise<BookingView> {
  const row = await findBooking(tx, actor.orgId, id);
  if (!row || (row.person_id !== actor.personId && !hasRole(actor, 'admin'))) throw new NotFoundError('Booking');
  return viewBooking(tx, actor, row, timeZone);
}

/** A booking row the actor has just written (taken or cancelled), as getBooking would show it. */
export async function viewBooking(tx: Tx, actor: Actor, row: BookingRow, timeZone?: string): Promise<BookingView> {
  const [view] = await present(tx, actor, [row], timeZone);
  if (!view) throw new NotFoundError('Booking');
  return view;
}

/** How many seats giveUpFutureSeatsOf would give up: a dry run of the people import reports it. */
export function countFutureSeatsOf(tx: Tx, orgId: string, personIds: string[], now: Date): Promise<number> {
  return countFutureBookingsOf(tx, orgId, personIds, now);
}

async function present(tx: Tx, actor: Actor, rows: BookingRow[], timeZone: string | undefined): Promise<BookingView[]> {
  const viewer = viewerContext(actor, timeZone);
  const sessions = new Map((await sessionsById(tx, actor.orgId, [...new Set(rows.map((r) => r.session_id))])).map((s) => [s.id, s]));
  return rows.flatMap((row) => {
    const session = sessions.get(row.session_id);
    if (!session) return [];
    const holds = row.status !== 'cancelled' && row.person_id === actor.personId;
    return [presentBooking(row, presentSession(session, viewer, holds ? row.id : null))];
  });
}
