// Shapes of publishing a series: one session's fields plus how often it repeats.
import { z } from 'zod';
import { PublishBody, SessionView, Uuid } from '../sessions/schema.ts';

export const SeriesBody = PublishBody.extend({
  everyWeeks: z.number().int().min(1).max(8).describe('1: weekly; 2: every other week; …'),
  occurrences: z.number().int().min(2).max(26).describe('How many sessions, the first included'),
}).strict();

const Conflict = z.enum(['ROOM_BUSY', 'COACH_BUSY', 'STARTS_IN_PAST']);

export const Occurrence = z.object({
  startsAt: z.string().describe('UTC'),
  endsAt: z.string(),
  sessionLocal: z.object({ startsAt: z.string(), endsAt: z.string() }).describe("In the series' zone"),
  conflicts: z.array(Conflict).describe('Empty when this date is free'),
}).meta({ id: 'SeriesOccurrence' });

export const SeriesCheck = z.object({ occurrences: z.array(Occurrence), conflicting: z.int() });
export const SeriesPublished = z.object({ seriesId: Uuid, sessions: z.array(SessionView) });
