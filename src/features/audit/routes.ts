// Reading the audit log: admins, their own organisation's, newest first. There is no route that
// changes it.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { AuditLogPage, AuditLogQuery } from './schema.ts';
import { readAuditLog } from './service.ts';

export function registerAuditRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  app.get('/api/audit-log', {
    schema: {
      tags: ['Audit log'], security: [{ session: [] }], summary: "The organisation's audit log, newest first (admin)",
      querystring: AuditLogQuery,
      response: { 200: AuditLogPage, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readAuditLog(tx, actor, request.query));
  });
}
