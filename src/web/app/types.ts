// The shapes the API answers with (see /api/openapi.json), as far as the pages read them.
export type Locale = 'en' | 'de';
export type Role = 'employee' | 'coach' | 'admin';
export type Format = 'in_person' | 'virtual';

export interface Me {
  id: string;
  name: string;
  email: string;
  department: string | null;
  site: string | null;
  timeZone: string;
  locale: Locale;
  roles: Role[];
  organisation: { id: string; name: string };
}

export interface Session {
  id: string;
  module: { id: string; code: string; title: string; summary: string };
  coach: { id: string; name: string };
  startsAt: string;
  endsAt: string;
  timeZone: string;
  local: { startsAt: string; endsAt: string; timeZone: string; zoneAbbreviation: string };
  sessionLocal: { startsAt: string; endsAt: string };
  format: Format;
  room: { id: string; name: string; site: string } | null;
  onlineUrl: string | null;
  locationNote: string | null;
  language: Locale;
  capacity: number;
  seatsLeft: number;
  status: 'scheduled' | 'cancelled' | 'completed';
  cancelReason: string | null;
  myBookingId: string | null;
  participants?: Array<{ id: string; name: string; department: string | null }>;
}

export type BookingStatus = 'active' | 'cancelled' | 'attended' | 'no_show';

export interface Booking {
  id: string;
  status: BookingStatus;
  createdAt: string;
  cancelledAt: string | null;
  cancelReason: 'employee' | 'moved' | 'session_cancelled' | 'admin' | 'deactivated' | null;
  movedToBookingId: string | null;
  session: Session;
}

export interface RosterEntry {
  bookingId: string;
  status: BookingStatus;
  person: { id: string; name: string; email: string; department: string | null; site: string | null };
}

export interface CoachSession extends Session {
  roster: RosterEntry[];
}

export interface Module {
  id: string;
  code: string;
  title: string;
  summary: string;
  language: Locale;
  durationMinutes: number;
  retired: boolean;
}

export interface Room {
  id: string;
  name: string;
  site: string;
  capacity: number;
  timeZone: string;
}

export interface Settings {
  defaultCapacity: number;
  participantsVisible: boolean;
  maxFutureBookings: number;
  cancellationCutoffMinutes: number;
  reminderHoursBefore: number;
  defaultTimeZone: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}
