// Reading the audit log: admins, their own organisation's, newest first. There is no route that
// changes it.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { readAuditLog } from './service.ts';

const Entry = z.object({
  id: z.uuid(),
  at: z.string(),
  actor: z.object({ kind: z.string(), id: z.uuid().nullable(), name: z.string().nullable() }),
  action: z.string(),
  subject: z.object({ kind: z.string(), id: z.uuid().nullable() }).nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export function registerAuditRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  app.get('/api/audit-log', {
    schema: {
      tags: ['Audit log'], security: [{ session: [] }], summary: "The organisation's audit log, newest first (admin)",
      querystring: z.strictObject({ cursor: z.string().min(1).max(200).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
      response: { 200: z.object({ items: z.array(Entry), nextCursor: z.string().nullable() }), ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readAuditLog(tx, actor, request.query));
  });
}
