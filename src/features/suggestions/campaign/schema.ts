// Shapes of a module's campaign figures (validation, the OpenAPI document, the web app's types).
import { z } from 'zod';
import { daysInOrder } from '../board/schema.ts';

export const CampaignParams = z.object({ moduleId: z.uuid() });
export const CampaignQuery = daysInOrder(z.strictObject({
  from: z.iso.date().optional().describe("Sessions and suggestions on or after this day (in the organisation's time zone)"),
  to: z.iso.date().optional().describe('… on or before this day, not before from'),
}));

const Count = z.number().int();
export const Campaign = z
  .object({
    module: z.object({ id: z.uuid(), code: z.string(), title: z.string() }),
    sessionsHeld: Count.describe('Sessions of the module that have begun and were not cancelled'),
    sessionsReflected: Count.describe('… whose group recorded suggestions or "no suggestions"'),
    suggestions: Count.describe('Suggestions, merged duplicates not counted again'),
    byCategory: z.array(z.object({ category: z.object({ id: z.uuid(), name: z.string() }).nullable(), count: Count })),
    byStatus: z.object({ new: Count, in_review: Count, planned: Count, done: Count, declined: Count }),
    funnel: z.object({ recorded: Count, reviewed: Count, planned: Count, done: Count })
      .describe('How many got at least this far: reviewed counts in review, planned and done; declined ones leave the funnel'),
    medianHoursToFirstResponse: z.number().nullable().describe('From recording to the board’s first answer (status or response); null before any'),
    weekly: z.array(z.object({ week: z.string().describe("Monday, yyyy-mm-dd, weeks in the organisation's time zone"), suggestions: Count })),
  })
  .meta({ id: 'Campaign' });
