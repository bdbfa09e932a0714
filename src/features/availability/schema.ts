// Shapes of coaches' availability and of the coaches suggested for a session (also the OpenAPI
// document and the web app's types).
import { z } from 'zod';
import { TimeZone } from '../../lib/zones.ts';

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time like 09:30');

export const WindowInput = z.strictObject({
  weekday: z.number().int().min(1).max(7).describe('1 Monday … 7 Sunday'),
  from: Clock.describe('Local start, HH:MM'),
  to: Clock.describe('Local end, HH:MM, after the start, the same day (24:00 for midnight)'),
});

export const AvailabilityInput = z.strictObject({
  timeZone: TimeZone.describe('The zone the windows are in (usually the coach’s own)'),
  maxSessionsPerWeek: z.number().int().min(1).max(40).nullable().describe('At most this many sessions a week (Monday–Sunday in the zone); null: no limit'),
  coachesOnline: z.boolean(),
  sites: z.array(z.string().trim().min(1).max(200)).max(50).describe('Sites the coach can be at; empty: any'),
  moduleIds: z.array(z.uuid()).max(500).describe('Modules the coach coaches; empty: all'),
  windows: z.array(WindowInput).max(42),
});

export const PersonParams = z.object({ id: z.uuid() });
export const SessionParams = z.object({ id: z.uuid() });

export const Window = z.object({ weekday: z.number().int(), from: z.string(), to: z.string() });
export const DayAway = z.object({ firstDay: z.string(), lastDay: z.string() });

export const AvailabilityView = z.object({
  personId: z.uuid(),
  name: z.string(),
  /** False for a deactivated person: nothing can be saved for them (the page says so, offers no save). */
  active: z.boolean(),
  /** False until the coach (or an admin) first saves it: then the fields are the defaults. */
  saved: z.boolean(),
  timeZone: z.string(),
  maxSessionsPerWeek: z.number().int().nullable(),
  coachesOnline: z.boolean(),
  sites: z.array(z.string()),
  moduleIds: z.array(z.uuid()),
  windows: z.array(Window),
  hoursPerWeek: z.number().describe('The windows’ total, in hours'),
  daysAway: z.array(DayAway).describe('Days away not yet over (reported on the coach page)'),
  updatedAt: z.string().nullable(),
}).meta({ id: 'CoachAvailability' });

export const AvailabilityList = z.object({ items: z.array(AvailabilityView) });

export const Candidate = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Every check passed: available then, qualified, at the place, free, under the weekly limit. */
  suggested: z.boolean(),
  reasons: z.array(z.enum(['NO_AVAILABILITY', 'OUTSIDE_WINDOWS', 'AWAY', 'NOT_QUALIFIED', 'NOT_AT_SITE', 'NOT_ONLINE', 'BUSY', 'WEEK_FULL', 'PARTICIPANT']))
    .describe('Why not suggested (empty when suggested)'),
  sessionsThatWeek: z.number().int(),
});
export const CandidateList = z.object({ items: z.array(Candidate) }).meta({ id: 'CoachCandidates' });

export type AvailabilityInput = z.infer<typeof AvailabilityInput>;
export type AvailabilityView = z.infer<typeof AvailabilityView>;
export type AvailabilityList = z.infer<typeof AvailabilityList>;
export type CandidateList = z.infer<typeof CandidateList>;
