// HTTP route of a module's campaign figures.
import { inOrg } from '../../../db/transaction.ts';
import { signedIn } from '../../../http/auth.ts';
import type { App, AppContext } from '../../../http/context.ts';
import { commonErrors } from '../../../http/errors.ts';
import { Campaign, CampaignParams, CampaignQuery } from './schema.ts';
import { readCampaign } from './views.ts';

export function registerCampaignRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  app.get('/api/board/campaigns/:moduleId', {
    schema: {
      tags: ['Suggestion board'], security: [{ session: [] }],
      summary: "A module's campaign: sessions held and reflected, suggestions by category and status, time to first response (admins, owners)",
      params: CampaignParams, querystring: CampaignQuery, response: { 200: Campaign, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readCampaign(tx, actor, request.params.moduleId, request.query));
  });
}
