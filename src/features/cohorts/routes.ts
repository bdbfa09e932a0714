// Cohorts through HTTP (admins, and coaches for the cohorts they make): make a draft (its solve
// starts in a worker thread), read it with the solver's progress and the preview, move people by
// hand, solve again, publish every round at once, swap a member who cannot make a round.
import { setTimeout as delay } from 'node:timers/promises';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { planningWindow } from '../../lib/time.ts';
import { solveCohort } from './jobs.ts';
import { CohortList, CohortParams, CohortView, CreateCohortBody, MoveBody, ResolveBody, SwapBody, SwapView } from './schema.ts';
import { createCohort, moveMember, publishCohort, solveAgain, swapMember } from './service.ts';
import { getCohort, listCohortsFor } from './views.ts';

const tags = ['Cohorts'];
const security = [{ session: [] }];
/** How long making a cohort waits for its solve: a small cohort answers with its preview. */
const WAIT_FOR_SOLVE_MS = 3_000;

export function registerCohortRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const planning = () => planningWindow(ctx.config.planningHorizonMonths);
  const solving = (orgId: string, id: string) => Promise.race([solveCohort(db, orgId, id), delay(WAIT_FOR_SOLVE_MS)]);

  app.post('/api/cohorts', {
    schema: {
      tags, security, summary: 'Make a draft cohort and start forming its groups (admin, or a coach for themselves)',
      description: 'The groups are formed in the background: the answer carries the solver’s state, and the preview once it is done (GET the cohort to follow it).',
      body: CreateCohortBody, response: { 201: CohortView, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const id = await inOrg(db, actor.orgId, (tx) => createCohort(tx, actor, request.body, planning()));
    await solving(actor.orgId, id);
    return reply.code(201).send(await inOrg(db, actor.orgId, (tx) => getCohort(tx, actor, id)));
  });

  app.get('/api/cohorts', {
    schema: { tags, security, summary: 'Cohorts: an admin’s all, a coach’s own', response: { 200: CohortList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => listCohortsFor(tx, actor));
  });

  app.get('/api/cohorts/:id', {
    schema: { tags, security, summary: 'A cohort: the solver’s progress, then the preview with its figures', params: CohortParams, response: { 200: CohortView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => getCohort(tx, actor, request.params.id));
  });

  app.post('/api/cohorts/:id/moves', {
    schema: {
      tags, security, summary: 'Move a person to another group of one round of a draft (figures recomputed)',
      description: 'With swapWith the two trade places; alone only where the group sizes allow (409 GROUP_SIZE, with toGroup, toGroupSize, fromGroup, fromGroupSize); 409 COHORT_SOLVING while the groups are formed again (the solve would overwrite the move).',
      params: CohortParams, body: MoveBody, response: { 200: CohortView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await moveMember(tx, actor, request.params.id, request.body);
      return getCohort(tx, actor, request.params.id);
    });
  });

  app.post('/api/cohorts/:id/solve', {
    schema: {
      tags, security, summary: 'Form the groups of a draft again (e.g. after its solve failed); hand-made moves are lost',
      params: CohortParams, body: ResolveBody, response: { 200: CohortView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => solveAgain(tx, actor, request.params.id, request.body.seed));
    await solving(actor.orgId, request.params.id);
    return inOrg(db, actor.orgId, (tx) => getCohort(tx, actor, request.params.id));
  });

  app.post('/api/cohorts/:id/publish', {
    schema: {
      tags, security, summary: 'Publish every round: sessions and every member’s seat, all or none',
      description: 'Refusal 409 COHORT_CONFLICTS lists every group at fault in `conflicts` (room taken, coach busy, coach away, coach deactivated, members busy or deactivated, in the past: ROOM_BUSY, COACH_BUSY, COACH_AWAY, COACH_INACTIVE, PEOPLE_BUSY, PEOPLE_INACTIVE, STARTS_IN_PAST); nothing is written then. 409 COHORT_SOLVING while the groups are formed again.',
      params: CohortParams, response: { 200: CohortView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await publishCohort(tx, actor, request.params.id, planning());
      return getCohort(tx, actor, request.params.id);
    });
  });

  app.post('/api/cohorts/:id/swaps', {
    schema: {
      tags, security, summary: 'A member cannot make a round: trade places with whoever in another group of it repeats least',
      description: 'Among the members of the round’s other groups who are active and still hold their seat there. 409 SEAT_GONE when the member no longer holds theirs, ' +
        'NO_SWAP_PARTNER when nobody else can trade.',
      params: CohortParams, body: SwapBody, response: { 200: SwapView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      const choice = await swapMember(tx, actor, request.params.id, request.body);
      return { swap: { round: request.body.round, personId: request.body.personId, ...choice }, cohort: await getCohort(tx, actor, request.params.id) };
    });
  });
}
