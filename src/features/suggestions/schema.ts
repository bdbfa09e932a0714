// Shapes of a group's suggestions and the categories they are filed under (validation, the OpenAPI
// document, and the web app's types).
import { z } from 'zod';

const Uuid = z.uuid();
export const IdParams = z.object({ id: Uuid });

const Title = z.string().trim().min(1).max(200);
const Text = z.string().trim().max(4000);
const Area = z.string().trim().max(200);
const Version = z.number().int().min(1).describe('The version the change was made against; another change since answers 409 SUGGESTION_CHANGED');

export const SuggestionStatus = z.enum(['new', 'in_review', 'planned', 'done', 'declined']);

export const NewSuggestion = z.strictObject({
  title: Title,
  body: Text.optional(),
  categoryId: Uuid.nullable().optional(),
  area: Area.nullable().optional().describe('The department or area it concerns'),
});

export const SuggestionChange = z.strictObject({
  version: Version,
  title: Title.optional(),
  body: Text.optional(),
  categoryId: Uuid.nullable().optional(),
  area: Area.nullable().optional(),
});

export const RemovalQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

export const ReflectionBody = z.strictObject({
  noSuggestions: z.boolean().describe('true: the group had nothing to suggest, the session counts as reflected'),
});

export const CategoryView = z.object({ id: Uuid, nameEn: z.string(), nameDe: z.string(), name: z.string().describe("In the reader's language"), position: z.number().int(), retired: z.boolean() });
export const CategoryList = z.object({ items: z.array(CategoryView) });
export const CategoriesQuery = z.strictObject({ includeRetired: z.enum(['true', 'false']).optional() });

const CategoryName = z.string().trim().min(1).max(100);
export const NewCategory = z.strictObject({ nameEn: CategoryName, nameDe: CategoryName, position: z.number().int().min(0).max(1000).optional() });
export const CategoryChange = z.strictObject({
  nameEn: CategoryName.optional(), nameDe: CategoryName.optional(), position: z.number().int().min(0).max(1000).optional(), retired: z.boolean().optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' });

export const SuggestionView = z
  .object({
    id: Uuid,
    sessionId: Uuid,
    title: z.string(),
    body: z.string(),
    category: z.object({ id: Uuid, name: z.string() }).nullable(),
    area: z.string().nullable(),
    status: SuggestionStatus,
    response: z.string().describe('What became of it, as the board answered the group'),
    takenUp: z.boolean().describe('The board has begun on it (a status past new, an answer, an owner, notes, a merge): the group can no longer change or remove it'),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Suggestion', description: "A group's suggestion: it names no author (the audit log keeps who typed it)" });

export const GroupSuggestions = z.object({
  sessionId: Uuid,
  question: z.string().describe("The module's reflection question in the reader's language (the other one if it has none)"),
  opensAt: z.string().describe('The session start'),
  closesAt: z.string().describe("The session end plus the organisation's suggestion window"),
  canRecord: z.boolean().describe('Whether this reader may add, change and remove suggestions now'),
  noSuggestions: z.boolean().describe('The coach recorded that the group had none'),
  items: z.array(SuggestionView),
});

export const MySuggestions = z.object({ items: z.array(SuggestionView).describe("Suggestions of the groups the reader was part of, newest first (at most 500)") });

export const Reflection = z.object({ sessionId: Uuid, noSuggestions: z.boolean() });
