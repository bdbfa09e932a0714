// Shapes of the admin's changes to the module library and rooms (also the OpenAPI document); the
// answers are the shapes everyone reads (catalog).
import { z } from 'zod';
import { TimeZone } from '../../lib/zones.ts';

const Locale = z.enum(['en', 'de']);
const Title = z.string().trim().min(1).max(200);
const Summary = z.string().trim().max(4000);
const Question = z.string().trim().max(300);
const Duration = z.number().int().min(15).max(480);
const RoomCapacity = z.number().int().min(2).max(500);
const atLeastOne = { message: 'name at least one field to change' };

export const LibraryIdParams = z.object({ id: z.uuid() });

export const ModuleBody = z.strictObject({
  // Stored in capitals; the pattern admits either case so the published schema says what is accepted.
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, 'letters, digits and -, 2 to 32 characters'),
  title: Title, summary: Summary.optional(), language: Locale, durationMinutes: Duration.optional(),
  reflectionQuestionEn: Question.optional(), reflectionQuestionDe: Question.optional(),
});
export const ModuleChange = z.strictObject({ title: Title.optional(), summary: Summary.optional(), language: Locale.optional(), durationMinutes: Duration.optional(), retired: z.boolean().optional(),
  reflectionQuestionEn: Question.optional(), reflectionQuestionDe: Question.optional() })
  .refine((b) => Object.keys(b).length > 0, atLeastOne);

export const RoomBody = z.strictObject({ name: Title, site: Title, capacity: RoomCapacity, timeZone: TimeZone });
export const RoomChange = z.strictObject({ name: Title.optional(), site: Title.optional(), capacity: RoomCapacity.optional(), timeZone: TimeZone.optional(), retired: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, atLeastOne);
