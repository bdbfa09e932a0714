// Calendar files (RFC 5545, iTIP methods of RFC 5546) with ical-generator. Times are written in
// UTC, which every client reads right without a VTIMEZONE. An invitation names the recipient and
// the coach only: never the other participants.
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface CalendarEvent {
  uid: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  location: string;
  url: string;
  coach: { name: string; email: string };
  attendee: { name: string; email: string };
}

export interface Organiser {
  name: string;
  email: string;
}

const PRODUCT_ID = { company: 'Quartet', product: 'Quartet', language: 'EN' };

/**
 * A person's name as a calendar parameter (CN). RFC 5545 gives backslashes no meaning inside a
 * quoted parameter, but calendar readers do (ical.js reads "\;" as an escape and then loses the
 * end of the quote); a look-alike character keeps the name readable and the line whole.
 */
export function calendarName(name: string): string {
  return name.replaceAll('\\', '\u29f5');
}

export type InvitationMethod = 'REQUEST' | 'CANCEL';

/** One VEVENT in a VCALENDAR with METHOD REQUEST (new or changed) or CANCEL. */
export function invitation(method: InvitationMethod, event: CalendarEvent, organiser: Organiser): string {
  const calendar = ical({
    prodId: PRODUCT_ID,
    method: method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    start: event.startsAt,
    end: event.endsAt,
    stamp: new Date(),
    summary: event.summary,
    description: event.description,
    location: event.location,
    url: event.url,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    // A no-reply organiser: a client's "accept" or "decline" must not land in a coach's inbox.
    organizer: { name: calendarName(organiser.name), email: organiser.email },
    attendees: [
      { name: calendarName(event.attendee.name), email: event.attendee.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.ACCEPTED, rsvp: false },
      { name: calendarName(event.coach.name), email: event.coach.email, role: ICalAttendeeRole.CHAIR, status: ICalAttendeeStatus.ACCEPTED, rsvp: false },
    ],
  });
  return calendar.toString();
}

export interface FeedEvent {
  uid: string;
  /** The booking's calendar sequence: a file with the invitation's UID but a lower sequence is
   * taken by calendar clients as an outdated copy and ignored. */
  sequence: number;
  /** A seat given up or a session called off: the entry is withdrawn, not added. */
  cancelled: boolean;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  location: string;
  url: string;
}

/** A subscribed calendar (no METHOD): the person's upcoming sessions. */
export function feed(name: string, events: FeedEvent[]): string {
  const calendar = ical({ prodId: PRODUCT_ID, name, ttl: 60 * 60 });
  for (const e of events) {
    calendar.createEvent({
      id: e.uid,
      sequence: e.sequence,
      ...(e.cancelled && { status: ICalEventStatus.CANCELLED }),
      start: e.startsAt,
      end: e.endsAt,
      stamp: new Date(),
      summary: e.summary,
      description: e.description,
      location: e.location,
      url: e.url,
    });
  }
  return calendar.toString();
}
