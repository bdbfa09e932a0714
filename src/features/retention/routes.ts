// Retention for admins: what is kept how long, what the next run will do, what the runs did.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { RetentionOverview, RetentionSettingsChange } from './schema.ts';
import { changeRetentionSettings } from './service.ts';
import { retentionOverview } from './views.ts';

const tags = ['Admin'];
const security = [{ session: [] }];

export function registerRetentionRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get('/api/admin/retention', {
    schema: {
      tags, security, summary: 'How long records are kept, what the next nightly run will remove or anonymise, and the latest runs (admin)',
      response: { 200: RetentionOverview, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => retentionOverview(tx, actor));
  });

  app.put('/api/admin/retention', {
    schema: {
      tags, security, summary: 'Change how long records are kept (admin; audited)',
      body: RetentionSettingsChange,
      response: { 200: RetentionOverview, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await changeRetentionSettings(tx, actor, request.body);
      return retentionOverview(tx, actor);
    });
  });
}
