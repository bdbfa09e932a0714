// Shapes of the board as employees read it when their organisation opens it: the group's
// suggestions and what became of them, with a support count. Never an owner, a note, who typed
// a suggestion or who supports it.
import { z } from 'zod';
import { SuggestionStatus } from '../schema.ts';

const Uuid = z.uuid();
export const IdParams = z.object({ id: Uuid });

export const IdeasQuery = z.strictObject({
  status: z.string().max(100).regex(/^(new|in_review|planned|done|declined)(,(new|in_review|planned|done|declined))*$/, 'statuses separated by commas').optional()
    .describe('One or more of new, in_review, planned, done, declined, comma-separated'),
  moduleId: Uuid.optional(),
  categoryId: Uuid.optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Words to find in title, text and area (English and German stemming)'),
  sort: z.enum(['newest', 'supported']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const Idea = z
  .object({
    id: Uuid,
    title: z.string(),
    body: z.string(),
    status: SuggestionStatus,
    response: z.string().describe('What the board answered the group'),
    category: z.object({ id: Uuid, name: z.string() }).nullable(),
    area: z.string().nullable(),
    module: z.object({ id: Uuid, code: z.string(), title: z.string() }),
    mergedInto: Uuid.nullable().describe('Set for a duplicate folded into another suggestion: support that one'),
    duplicates: z.number().int().describe('How many similar suggestions were folded into this one'),
    supports: z.number().int().nullable().describe('How many people support it (a count only, never who); null: withheld, 1–4 people (the privacy floor)'),
    supported: z.boolean().describe('Whether the reader supports it'),
    canSupport: z.boolean().describe('False once it is done or declined, or merged (it can still be withdrawn), and in an admin\'s preview of a board still closed to employees'),
    createdAt: z.string(),
  })
  .meta({ id: 'OpenBoardSuggestion' });

export const IdeasPage = z.object({
  items: z.array(Idea),
  nextCursor: z.string().nullable(),
  total: z.number().int().describe('How many match, counted up to totalCap; -1 on later pages'),
  totalCap: z.number().int(),
});

export const IdeaDetail = Idea.extend({
  folded: z.array(z.object({ id: Uuid, title: z.string(), body: z.string() })).describe('The duplicates folded into it, as their groups wrote them'),
});

export const SupportState = z.object({
  id: Uuid,
  supports: z.number().int().nullable().describe('As on the suggestion: null for 1–4 people'),
  supported: z.boolean(),
});
