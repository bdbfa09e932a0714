// What a viewer may see of a session. Who else holds a seat is shown only to the session's coach,
// admins, or everyone when the organisation has made participants visible.
import { hasRole, type Actor } from '../../lib/actor.ts';
import { inZone, localIso } from '../../lib/time.ts';
import type { SessionRow } from './queries.ts';
import type { RosterRow } from './seats/queries.ts';

export interface ViewerContext {
  actor: Actor;
  timeZone: string;
  participantsVisible: boolean;
}

export function presentSession(row: SessionRow, viewer: ViewerContext, myBookingId: string | null, seatHolders?: RosterRow[]) {
  const { actor } = viewer;
  const runsIt = row.coach_id === actor.personId || hasRole(actor, 'admin');
  const mine = myBookingId !== null;
  const start = inZone(row.starts_at, viewer.timeZone);
  const showParticipants = seatHolders !== undefined && (runsIt || (viewer.participantsVisible && mine));
  return {
    id: row.id,
    module: { id: row.module_id, code: row.module_code, title: row.module_title, summary: row.module_summary },
    coach: { id: row.coach_id, name: row.coach_name },
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    local: { startsAt: start.local, endsAt: localIso(row.ends_at, viewer.timeZone), timeZone: viewer.timeZone, zoneAbbreviation: start.zoneAbbreviation },
    sessionLocal: { startsAt: localIso(row.starts_at, row.time_zone), endsAt: localIso(row.ends_at, row.time_zone) },
    format: row.format,
    room: row.room_id ? { id: row.room_id, name: row.room_name ?? '', site: row.room_site ?? '' } : null,
    // The meeting link goes to those who will be there, not to the whole company.
    onlineUrl: runsIt || mine ? row.online_url : null,
    locationNote: row.location_note,
    language: row.language,
    capacity: row.capacity,
    seatsLeft: Math.max(0, row.capacity - row.seats_taken),
    status: row.status,
    cancelReason: row.cancel_reason,
    myBookingId,
    participants: showParticipants ? seatHolders.map((p) => ({ id: p.person_id, name: p.name, department: p.department })) : undefined,
  };
}

export type SessionView = ReturnType<typeof presentSession>;

/** The coach's view of who is coming, with the details needed to reach them. */
export function presentRoster(rows: RosterRow[]) {
  return rows.map((r) => ({
    bookingId: r.booking_id,
    status: r.status,
    person: { id: r.person_id, name: r.name, email: r.email, department: r.department, site: r.site },
  }));
}
