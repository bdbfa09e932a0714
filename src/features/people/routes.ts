// The signed-in person: GET and PATCH /api/me, and GET /api/session for pages that work signed in or
// not; the admin API for people is in admin-routes.ts.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { currentActor, signedIn } from '../../http/auth.ts';
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

  // The web app's first question on every page. Nobody signed in is an answer, not an error: a
  // 401 here would be a red line in the browser's console on every visit before signing in.
  app.get('/api/session', {
    schema: { tags, summary: 'Who is signed in, if anyone (200 with `me: null` when nobody is)', response: { 200: z.object({ me: Me.nullable() }), ...commonErrors } },
  }, async (request) => {
    if (!(await currentActor(db, request))) return { me: null };
    const actor = await signedIn(db, request);
    return { me: await inOrg(db, actor.orgId, (tx) => getMe(tx, actor)) };
  });

  app.patch('/api/me', {
    schema: { tags, security, summary: 'Change one’s name, department, time zone or language', body: ProfileChange, response: { 200: Me, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => updateMyProfile(tx, actor, request.body));
  });

  registerPeopleAdminRoutes(app, ctx);
}
