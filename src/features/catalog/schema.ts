// Shapes of the module library, rooms and coaches as everyone reads them (also the OpenAPI
// document); the admin's changes answer with the same module and room shapes.
import { z } from 'zod';
import { Instant } from '../../lib/time.ts';

export const ModuleView = z.object({
  id: z.uuid(), code: z.string(), title: z.string(), summary: z.string(), language: z.enum(['en', 'de']),
  durationMinutes: z.number().int(), retired: z.boolean(),
  reflectionQuestionEn: z.string().describe('What the group is asked at the end, in English'),
  reflectionQuestionDe: z.string().describe('… and in German (either may be empty: the other is shown)'),
});
export const RoomView = z.object({ id: z.uuid(), name: z.string(), site: z.string(), capacity: z.number().int(), timeZone: z.string(), retired: z.boolean() });
export const CoachView = z.object({ id: z.uuid(), name: z.string(), site: z.string().nullable(), department: z.string().nullable() });

export const ModulesQuery = z.strictObject({ q: z.string().trim().max(200).optional(), includeRetired: z.enum(['true', 'false']).optional() });
export const RoomsQuery = z.strictObject({
  site: z.string().max(200).optional(), freeFrom: Instant.optional(), freeTo: Instant.optional(),
  includeRetired: z.enum(['true', 'false']).optional(),
});

export const ModuleList = z.object({ items: z.array(ModuleView) });
export const RoomList = z.object({ items: z.array(RoomView) });
export const CoachList = z.object({ items: z.array(CoachView) });
