import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { SetupChecklist } from './schema.ts';
import { setupChecklist } from './views.ts';

export function registerSetupChecklistRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  app.get('/api/admin/setup-checklist', {
    schema: {
      tags: ['Admin'], security: [{ session: [] }],
      summary: "A new organisation's first steps (rooms, coaches, people, sign-in, first sessions), each ticked off by what the organisation holds (admin)",
      response: { 200: SetupChecklist, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => setupChecklist(tx, actor));
  });
}
