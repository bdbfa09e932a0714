// The signed-in person: GET and PATCH /api/me; the admin API for people is in admin-routes.ts.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { TimeZone } from '../../lib/zones.ts';
import { registerPeopleAdminRoutes } from './admin-routes.ts';
import { getMe, updateMyProfile } from './service.ts';

const Me = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    department: z.string().nullable(),
    site: z.string().nullable(),
    timeZone: z.string(),
    locale: z.enum(['en', 'de']),
    roles: z.array(z.enum(['employee', 'coach', 'admin'])),
    organisation: z.object({ id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'Me' });

const ProfileChange = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    department: z.string().trim().max(200).nullable().optional(),
    timeZone: TimeZone.optional(),
    locale: z.enum(['en', 'de']).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' });

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
