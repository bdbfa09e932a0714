// Shapes of the suggestion board and its owners (validation, the OpenAPI document, the web app's types).
import { z } from 'zod';
import { SuggestionStatus } from '../schema.ts';

const Uuid = z.uuid();
export const IdParams = z.object({ id: Uuid });
export const PersonParams = z.object({ personId: Uuid });

const Day = z.iso.date().describe('yyyy-mm-dd, in UTC');

/** Days that end before they begin would quietly find nothing: refused, naming `to`. */
export function daysInOrder<T extends z.ZodType<{ from?: string | undefined; to?: string | undefined }>>(schema: T) {
  return schema.refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'is before from' });
}

const BoardQueryFields = z.strictObject({
  status: z.string().max(100).regex(/^(new|in_review|planned|done|declined)(,(new|in_review|planned|done|declined))*$/, 'statuses separated by commas').optional()
    .describe('One or more of new, in_review, planned, done, declined, comma-separated'),
  moduleId: Uuid.optional(),
  categoryId: Uuid.optional(),
  area: z.string().trim().min(1).max(200).optional().describe('The department or area, as the group named it (any case)'),
  ownerId: z.union([Uuid, z.enum(['none', 'me'])]).optional(),
  from: Day.optional().describe('Recorded on or after this day, in the reader’s time zone'),
  to: Day.optional().describe('Recorded on or before this day, in the reader’s time zone'),
  q: z.string().trim().min(1).max(200).optional().describe('Words to find in title, text and area (English and German stemming)'),
  sort: z.enum(['newest', 'oldest', 'updated', 'supported']).optional().describe('supported: most supported by employees first (the open board)'),
  includeMerged: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const BoardQuery = daysInOrder(BoardQueryFields);
export const ExportQuery = daysInOrder(BoardQueryFields.omit({ cursor: true, limit: true }));

const Person = z.object({ id: Uuid, name: z.string() });

export const BoardItem = z
  .object({
    id: Uuid,
    sessionId: Uuid,
    title: z.string(),
    body: z.string(),
    status: SuggestionStatus,
    response: z.string().describe('What the group reads about the outcome'),
    category: z.object({ id: Uuid, name: z.string() }).nullable(),
    area: z.string().nullable(),
    module: z.object({ id: Uuid, code: z.string(), title: z.string() }),
    owner: Person.nullable(),
    mergedInto: Uuid.nullable().describe('The suggestion this duplicate was merged into; it shows that one’s status'),
    duplicates: z.number().int(),
    supports: z.number().int().nullable().describe('How many employees support it on the open board (merged duplicates’ supports count here); never who. null: withheld, 1–4 people (the privacy floor)'),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    firstResponseAt: z.string().nullable(),
  })
  .meta({ id: 'BoardSuggestion' });

export const BoardPage = z.object({
  items: z.array(BoardItem),
  nextCursor: z.string().nullable(),
  total: z.number().int().describe('How many match, counted up to totalCap'),
  totalCap: z.number().int(),
});

export const BoardDetail = BoardItem.extend({
  comments: z.array(z.object({ id: Uuid, author: Person, body: z.string(), createdAt: z.string() })).describe('Internal: never shown to the group'),
  duplicateList: z.array(z.object({ id: Uuid, title: z.string() })),
});

export const BoardChange = z.strictObject({
  version: z.number().int().min(1),
  status: SuggestionStatus.optional(),
  response: z.string().trim().max(4000).optional(),
  ownerId: Uuid.nullable().optional().describe('Admins only'),
}).refine((b) => Object.keys(b).length > 1, { message: 'name at least one field to change' });

export const CommentBody = z.strictObject({ body: z.string().trim().min(1).max(4000) });
export const MergeBody = z.strictObject({ intoId: Uuid, version: z.number().int().min(1) });

export const OwnerAppointment = z.strictObject({
  categoryIds: z.array(Uuid).max(50),
  areas: z.array(z.string().trim().min(1).max(200)).max(50),
});
export const OwnerView = z.object({
  person: z.object({ id: Uuid, name: z.string(), email: z.string() }),
  categories: z.array(z.object({ id: Uuid, name: z.string() })),
  areas: z.array(z.string()),
});
export const OwnerList = z.object({ items: z.array(OwnerView) });
export const BoardAccess = z.object({ board: z.boolean().describe('Whether this person works on the board (admin or suggestion owner)'), admin: z.boolean() });
