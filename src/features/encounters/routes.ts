// HTTP routes of the network: the organisation's figures (admins) and a person's own counts.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { FIGURES_TAG } from '../../lib/privacy-floor.ts';
import { MyNetwork, NetworkSummary } from './schema.ts';
import { myNetwork, networkOfOrganisation } from './views.ts';

const security = [{ session: [] }];

export function registerEncounterRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get('/api/admin/network', {
    schema: {
      tags: ['Admin', FIGURES_TAG], security, summary: 'The network over the last twelve months: new colleagues, departments mixing, partners per person (admin)',
      description: 'No figure, bar or heat-map cell is built from fewer than `minimumPeople` (5) people; none names anyone.',
      response: { 200: NetworkSummary, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => networkOfOrganisation(tx, actor));
  });

  app.get('/api/me/network', {
    schema: {
      tags: ['Me'], security, summary: 'How many colleagues, from how many departments, you took part in a session with this year',
      response: { 200: MyNetwork, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => myNetwork(tx, actor));
  });
}
