// Coaches' availability: their own (coach), anyone's (admin), and the coaches to suggest when a
// session needs a new one (admin).
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { AvailabilityInput, AvailabilityList, AvailabilityView, CandidateList, PersonParams, SessionParams } from './schema.ts';
import { setAvailability } from './service.ts';
import { coachCandidates, getAvailability, listAvailability } from './views.ts';

const tags = ['Availability'];
const security = [{ session: [] }];

export function registerAvailabilityRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get('/api/me/availability', {
    schema: { tags, security, summary: 'When you can coach: weekly windows, limit, places, modules, days away (coach)', response: { 200: AvailabilityView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => getAvailability(tx, actor, actor.personId));
  });

  app.put('/api/me/availability', {
    schema: {
      tags, security, summary: 'Say when you can coach (coach); the windows replace the ones saved before',
      description: 'Windows are wall-clock times in timeZone, each within one day; overlapping windows of a day are refused (400). ' +
        'A window is every instant at which the clock in the zone shows a time inside it: on the days the clocks change, a window start in the skipped hour begins at the first moment that exists, and a window over the repeated hour holds both occurrences of what lies inside it.',
      body: AvailabilityInput, response: { 200: AvailabilityView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await setAvailability(tx, actor, actor.personId, request.body);
      return getAvailability(tx, actor, actor.personId);
    });
  });

  // Beside the coaches' own addresses (…/coaches/:id/availability), not at /api/admin/availability,
  // which a client resolving …/coaches/../availability would reach instead of a 400.
  app.get('/api/admin/coaches/availability', {
    schema: { tags, security, summary: 'Every active coach’s availability (admin)', response: { 200: AvailabilityList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => listAvailability(tx, actor));
  });

  app.get('/api/admin/coaches/:id/availability', {
    schema: { tags, security, summary: 'A coach’s availability (admin)', params: PersonParams, response: { 200: AvailabilityView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => getAvailability(tx, actor, request.params.id));
  });

  app.put('/api/admin/coaches/:id/availability', {
    schema: { tags, security, summary: 'Set a coach’s availability for them (admin)', params: PersonParams, body: AvailabilityInput, response: { 200: AvailabilityView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await setAvailability(tx, actor, request.params.id, request.body);
      return getAvailability(tx, actor, request.params.id);
    });
  });

  app.get('/api/sessions/:id/coach-candidates', {
    schema: {
      tags, security, summary: 'Coaches who could take this session (admin): suggested ones first, the others with why not',
      params: SessionParams, response: { 200: CandidateList, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => coachCandidates(tx, actor, request.params.id));
  });
}
