// Request and response shapes of the session operations: they validate input, type the handlers,
// filter what leaves, and make the OpenAPI document.
import { z } from 'zod';
import { Instant, StartTime } from '../../lib/time.ts';
import { TimeZone } from '../../lib/zones.ts';

export const Uuid = z.uuid();
export const IdParams = z.object({ id: Uuid });
const Locale = z.enum(['en', 'de']);
const Format = z.enum(['in_person', 'virtual']);
const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const OpenSessionsQuery = z.strictObject({
  from: Instant.optional().describe('Earliest start (default: now)'),
  to: Instant.optional().describe('Latest start, exclusive'),
  moduleId: Uuid.optional(),
  language: Locale.optional(),
  format: Format.optional(),
  site: z.string().min(1).max(200).optional().describe('Only in-person sessions at this site'),
  available: z.enum(['true', 'false']).optional().describe('true: only sessions with a seat left'),
  timeOfDay: z.enum(['morning', 'afternoon', 'evening']).optional()
    .describe("Only sessions starting in this part of the day in the viewer's zone (tz, else their own): morning 05:00–12:00, afternoon 12:00–17:00, evening 17:00–24:00"),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  tz: TimeZone.optional().describe("Show times in this zone instead of the viewer's own"),
  sort: z.enum(['time', 'newColleagues']).optional()
    .describe('newColleagues: sessions where you would meet only people you have not met come first (where the organisation’s mixing is on; else by time)'),
});

export const TzQuery = z.strictObject({ tz: TimeZone.optional() });

export const PublishBody = z.strictObject({
  moduleId: Uuid,
  coachId: Uuid.optional().describe('Admins only; default: the caller'),
  startsAt: StartTime.describe('ISO 8601: wall-clock time in timeZone (2027-03-01T10:00) or with Z or an offset (2027-03-01T10:00+01:00); in the future, at most PLANNING_HORIZON_MONTHS (default 24) months ahead'),
  timeZone: TimeZone,
  durationMinutes: z.number().int().min(15).max(480).optional().describe("Default: the module's duration"),
  format: Format,
  roomId: Uuid.optional(),
  onlineUrl: HttpUrl.optional(),
  locationNote: z.string().max(2000).optional(),
  language: Locale.optional(),
  capacity: z.number().int().min(1).max(50).optional(),
});

export const ChangeBody = z
  .strictObject({
    startsAt: StartTime.optional(),
    timeZone: TimeZone.optional(),
    durationMinutes: z.number().int().min(15).max(480).optional(),
    format: Format.optional(),
    roomId: Uuid.nullable().optional(),
    onlineUrl: HttpUrl.nullable().optional(),
    locationNote: z.string().max(2000).nullable().optional(),
    language: Locale.optional(),
    capacity: z.number().int().min(1).max(50).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' });

export const CancelBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export const ReassignBody = z.strictObject({ coachId: Uuid });
export const CoachSessionsQuery = z.strictObject({
  when: z.enum(['upcoming', 'past']).default('upcoming'),
  coachId: Uuid.optional().describe('Admins only'),
  tz: TimeZone.optional(),
});

const LocalTimes = z.object({ startsAt: z.string(), endsAt: z.string(), timeZone: z.string(), zoneAbbreviation: z.string() });

export const SessionView = z
  .object({
    id: Uuid,
    module: z.object({ id: Uuid, code: z.string(), title: z.string(), summary: z.string() }),
    coach: z.object({ id: Uuid, name: z.string() }),
    startsAt: z.string().describe('UTC'),
    endsAt: z.string(),
    timeZone: z.string().describe("The session's own zone"),
    local: LocalTimes.describe("Start and end in the viewer's zone"),
    sessionLocal: z.object({ startsAt: z.string(), endsAt: z.string() }).describe("Start and end in the session's zone"),
    format: Format,
    room: z.object({ id: Uuid, name: z.string(), site: z.string() }).nullable(),
    onlineUrl: z.string().nullable().describe('Only for those taking part'),
    locationNote: z.string().nullable(),
    language: Locale,
    capacity: z.number().int(),
    seatsLeft: z.number().int(),
    status: z.enum(['scheduled', 'cancelled', 'completed']),
    cancelReason: z.string().nullable(),
    myBookingId: Uuid.nullable(),
    participants: z
      .array(z.object({ id: Uuid, name: z.string(), department: z.string().nullable() }))
      .optional()
      .describe('Only for the coach, admins, or participants when the organisation shows them'),
    newColleaguesOnly: z.boolean().optional()
      .describe('Open list only: at least two others hold seats and you have met none of them (never said of a session with fewer than two others)'),
  })
  .meta({ id: 'Session' });

export const RosterEntry = z.object({
  bookingId: Uuid,
  status: z.enum(['active', 'cancelled', 'attended', 'no_show']),
  person: z.object({ id: Uuid, name: z.string(), email: z.string(), department: z.string().nullable(), site: z.string().nullable() }),
});

export const SessionPage = z.object({ items: z.array(SessionView), nextCursor: z.string().nullable() });
export const Roster = z.object({ items: z.array(RosterEntry) });
export const CoachSessionView = SessionView.extend({ roster: z.array(RosterEntry) });
export const CoachSessionList = z.object({ items: z.array(CoachSessionView) });
