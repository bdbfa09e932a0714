// Shapes of publishing a series: one session's fields plus how often it repeats.
import { z } from 'zod';
import { StartTime } from '../../lib/time.ts';
import { PublishBody, SessionView, Uuid } from '../sessions/schema.ts';

// A date of the series as the series' zone reads it: the key by which one date is skipped or moved.
const SeriesDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2027-01-31');

export const SeriesMove = z.strictObject({
  date: SeriesDate.describe("The series' date to move, in the series' zone"),
  startsAt: StartTime.describe('Its new start: wall-clock time in timeZone, or with Z or an offset'),
});

export const SeriesBody = PublishBody.extend({
  everyWeeks: z.number().int().min(1).max(8).describe('1: weekly; 2: every other week; …'),
  occurrences: z.number().int().min(2).max(26).describe('How many sessions, the first included'),
  skip: z.array(SeriesDate).max(26).optional().describe("Dates of the series (in its zone) not to publish; a date that is not one of the series' is refused"),
  moves: z.array(SeriesMove).max(26).optional().describe('Dates of the series to publish at another time; each is checked like any other date'),
}).strict();

const Conflict = z.enum(['ROOM_BUSY', 'COACH_BUSY', 'COACH_AWAY', 'STARTS_IN_PAST', 'TIME_SKIPPED']);

export const Occurrence = z.object({
  date: z.string().describe("The series' date this stands for, in its zone (what skip and moves name)"),
  skipped: z.boolean().describe('Left out on request: not checked, not published'),
  moved: z.boolean().describe('Published at the time asked for in moves, not the usual one'),
  startsAt: z.string().describe('UTC'),
  endsAt: z.string(),
  sessionLocal: z.object({ startsAt: z.string(), endsAt: z.string() }).describe("In the series' zone"),
  conflicts: z.array(Conflict).describe('Empty when this date is free (or skipped)'),
}).meta({ id: 'SeriesOccurrence' });

export const SeriesCheck = z.object({ occurrences: z.array(Occurrence), conflicting: z.int() });
export const SeriesPublished = z.object({ seriesId: Uuid, sessions: z.array(SessionView) });
