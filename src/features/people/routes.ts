// The signed-in person: GET and PATCH /api/me; the admin API for people is in admin-routes.ts.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { registerPeopleAdminRoutes } from './admin-routes.ts';
import { Me, ProfileChange } from './schema.ts';
import { getMe, updateMyProfile } from './service.ts';

export function registerPeopleRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ['Me'];
  const security = [{ session: [] }];

  app.get('/api/me', { schema: { tags, security, summary: 'Who is signed in', response: { 200: Me, ...commonErrors } } }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => getMe(tx, actor));
  });

  app.patch('/api/me', {
    schema: { tags, security, summary: 'Change one’s name, department, time zone or language', body: ProfileChange, response: { 200: Me, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => updateMyProfile(tx, actor, request.body));
  });

  registerPeopleAdminRoutes(app, ctx);
}
