// The admin's people directory.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { PeoplePage, PeopleQuery, PersonChange, PersonChanged, PersonIdParams } from './schema.ts';
import { changePerson, listPeople } from './service.ts';

export function registerDirectoryRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ['People'];
  const security = [{ session: [] }];

  app.get('/api/admin/people', {
    schema: {
      tags, security, summary: 'Find people by name, address or department; filter by role and status (admin)',
      querystring: PeopleQuery,
      response: { 200: PeoplePage, ...commonErrors },
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
      params: PersonIdParams,
      body: PersonChange,
      response: { 200: PersonChanged, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changePerson(tx, actor, request.params.id, request.body));
  });
}
