// GET /api/admin/dashboard: the figures behind the admin's charts.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { FIGURES_TAG } from '../../lib/privacy-floor.ts';
import { Dashboard, DashboardQuery } from './schema.ts';
import { dashboardFigures } from './service.ts';

export function registerDashboardRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  app.get('/api/admin/dashboard', {
    schema: {
      tags: ['Admin', FIGURES_TAG], security: [{ session: [] }], summary: 'Figures of the program per week, and this quarter’s participation (admin)',
      querystring: DashboardQuery,
      response: { 200: Dashboard, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => dashboardFigures(tx, actor, request.query));
  });
}
