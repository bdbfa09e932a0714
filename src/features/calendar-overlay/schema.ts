// Shapes of an employee's own calendar connection and its busy times (also the OpenAPI document
// and the web app's types).
import { z } from 'zod';

export const CalendarInput = z.strictObject({
  url: z.string().trim().min(1).max(2000).describe('The ICS address of a calendar you publish (https://, or webcal://, which is read as https://)'),
});

export const FetchError = z.enum([
  'refused_address', 'unreachable', 'timeout', 'too_large', 'too_many_redirects', 'http_status', 'not_calendar', 'too_complex', 'key_changed',
]).describe('Why the last fetch failed: the address points inside a private network, cannot be reached, took longer than 5 s, ' +
  'is larger than 1 MB, redirects too often, answered with an error, is not an iCalendar file, has repeating events or time zones ' +
  'that cannot be worked out within 5 s, or was saved under a key Quartet no longer has');

export const CalendarStatus = z.object({
  connected: z.boolean(),
  /** Only the host: the full address is a secret, never shown again after it is saved. */
  host: z.string().nullable().describe('The host of the saved address (the address itself is never returned)'),
  fetchedAt: z.iso.datetime({ offset: true }).nullable().describe('When the calendar was last fetched'),
  error: FetchError.nullable().describe('Why the last fetch failed; null when it worked'),
});

export const BusyInterval = z.object({
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
});

export const CalendarBusy = z.object({
  calendar: CalendarStatus,
  intervals: z.array(BusyInterval).describe('Busy times from now for about 8 weeks, from the last fetch that worked within the hour'),
});

export type CalendarInput = z.infer<typeof CalendarInput>;
export type CalendarStatus = z.infer<typeof CalendarStatus>;
export type CalendarBusy = z.infer<typeof CalendarBusy>;
export type FetchError = z.infer<typeof FetchError>;
