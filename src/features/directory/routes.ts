// The admin's people directory.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { TimeZone } from '../../lib/zones.ts';
import { changePerson, listPeople } from './service.ts';

const Role = z.enum(['employee', 'coach', 'admin']);
const Person = z.object({
  id: z.uuid(), name: z.string(), email: z.string(), department: z.string().nullable(), site: z.string().nullable(),
  timeZone: z.string(), locale: z.enum(['en', 'de']), roles: z.array(Role), active: z.boolean(), upcomingBookings: z.number().int(),
});

export function registerDirectoryRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ['People'];
  const security = [{ session: [] }];

  app.get('/api/admin/people', {
    schema: {
      tags, security, summary: 'Find people by name, address or department; filter by role and status (admin)',
      querystring: z.strictObject({
        q: z.string().trim().max(200).optional(),
        role: Role.optional(),
        active: z.enum(['true', 'false']).optional(),
        cursor: z.string().max(500).optional(),
        limit: z.coerce.number().int().min(1).max(200).optional(),
      }),
      response: { 200: z.object({ items: z.array(Person), nextCursor: z.string().nullable() }), ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const { active, q, ...rest } = request.query;
    return inOrg(db, actor.orgId, (tx) => listPeople(tx, actor, { ...rest, q: q || undefined, active: active === undefined ? undefined : active === 'true' }));
  });

  app.patch('/api/admin/people/:id', {
    schema: {
      tags, security,
      summary: 'Change a person: roles, active, name, department, site, time zone, language (admin)',
      description: 'Deactivating gives up the person’s seats in sessions yet to start (their coaches are told) and ends their sign-ins. ' +
        '409 OWN_ADMIN_ROLE, LAST_ADMIN, COACH_HAS_SESSIONS (reassign their sessions first).',
      params: z.object({ id: z.uuid() }),
      body: z.strictObject({
        roles: z.array(Role).min(1).max(3).optional(),
        active: z.boolean().optional(),
        name: z.string().trim().min(1).max(200).optional(),
        department: z.string().trim().max(200).nullable().optional(),
        site: z.string().trim().max(200).nullable().optional(),
        timeZone: TimeZone.optional(),
        locale: z.enum(['en', 'de']).optional(),
      }).refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' }),
      response: { 200: z.object({ bookingsCancelled: z.number().int() }), ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changePerson(tx, actor, request.params.id, request.body));
  });
}
