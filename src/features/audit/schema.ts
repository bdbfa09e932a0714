// Shapes of reading the audit log (also the OpenAPI document).
import { z } from 'zod';

export const AuditLogQuery = z.strictObject({ cursor: z.string().min(1).max(200).optional(), limit: z.coerce.number().int().min(1).max(200).optional() });

export const AuditEntry = z.object({
  id: z.uuid(),
  at: z.string(),
  actor: z.object({ kind: z.string(), id: z.uuid().nullable(), name: z.string().nullable() }),
  action: z.string(),
  /** name: the person, session's module, room, module or token; person: a booking's holder; startsAt: a session's or a booking's session's. */
  subject: z.object({
    kind: z.string(), id: z.uuid().nullable(), name: z.string().nullable(), person: z.string().nullable(), startsAt: z.string().nullable(),
  }).nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const AuditLogPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() });
