// Program settings: GET for everyone in the organisation, PATCH for its admins.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { Settings, SettingsChange } from './schema.ts';
import { changeSettings, readSettings } from './service.ts';

export function registerOrganisationRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ['Program settings'];
  const security = [{ session: [] }];

  app.get('/api/settings', { schema: { tags, security, summary: "The organisation's program settings", response: { 200: Settings, ...commonErrors } } }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readSettings(tx, actor));
  });

  app.patch('/api/settings', {
    schema: {
      tags, security, summary: 'Change program settings (admin)',
      body: SettingsChange,
      response: { 200: Settings, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changeSettings(tx, actor, request.body));
  });
}
