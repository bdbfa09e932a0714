// The programme planner through HTTP (admins): the demand form's choices, a proposal computed from
// the demand, read with its figures, edited one session at a time, and published whole.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { planningWindow } from '../../lib/time.ts';
import { FIGURES_TAG } from '../../lib/privacy-floor.ts';
import { DemandBody, DemandOptions, EditBody, ProposalParams, ProposalView, PublishBody, SupplyView } from './schema.ts';
import { editProposal, proposePlan, publishProposal } from './service.ts';
import { demandOptions, getProposal, supplyView } from './views.ts';

const tags = ['Planner'];
// A proposal counts the people waiting in lines per week (withheld below five): a figure about people.
const proposalTags = [...tags, FIGURES_TAG];
const security = [{ session: [] }];

export function registerPlannerRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const planning = () => planningWindow(ctx.config.planningHorizonMonths);

  app.get('/api/admin/planner/demand-options', {
    schema: { tags, security, summary: 'What a demand can name: departments, sites, modules (admin)', response: { 200: DemandOptions, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => demandOptions(tx, actor));
  });

  app.get('/api/admin/planner/supply', {
    schema: {
      tags: [...tags, FIGURES_TAG], security, summary: 'Seats offered against needed for the coming four weeks, people waiting, last weeks’ fill rate, and the latest weekly top-up (admin)',
      description: 'Needed seats follow from the demand of the latest published plan; the weekly job (Monday 06:00 UTC) proposes a top-up when a week runs short. Figures about fewer than five people are null.',
      response: { 200: SupplyView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => supplyView(tx, actor));
  });

  app.post('/api/admin/planner/proposals', {
    schema: {
      tags: proposalTags, security, summary: 'Propose sessions for the next weeks from the demand and the coaches’ availability (admin); kept as a draft',
      description: 'Sessions needed per week and place follow from the people counted and how often they take part, less the sessions already published, ' +
        'plus the people waiting in the lines of that week’s sessions there, where they are five or more (fromWaitingLists; fewer count for nothing, as their number is withheld); the plan places as many as the availability allows. ' +
        'Refusals: 400 for bad input (each field named), 409 NO_PARTICIPANTS / NO_MODULES.',
      body: DemandBody, response: { 201: ProposalView, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const view = await inOrg(db, actor.orgId, async (tx) => getProposal(tx, actor, await proposePlan(tx, actor, request.body, planning())));
    return reply.code(201).send(view);
  });

  app.get('/api/admin/planner/proposals/:id', {
    schema: { tags: proposalTags, security, summary: 'A proposal: its sessions, seats offered against needed per week and place, coach load, gaps and why (admin)', params: ProposalParams, response: { 200: ProposalView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => getProposal(tx, actor, request.params.id));
  });

  app.patch('/api/admin/planner/proposals/:id', {
    schema: {
      tags: proposalTags, security, summary: 'Remove one proposed session, or move it to another start or room (admin); the figures follow',
      description: 'A move stays in the coach’s availability, the working hours and the plan’s weeks, and never puts the coach or the room in two sessions, nor the coach over their weekly maximum (409 with the rule’s code: COACH_WEEK_FULL).',
      params: ProposalParams, body: EditBody, response: { 200: ProposalView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await editProposal(tx, actor, request.params.id, request.body);
      return getProposal(tx, actor, request.params.id);
    });
  });

  app.post('/api/admin/planner/proposals/:id/publish', {
    schema: {
      tags: proposalTags, security, summary: 'Publish every proposed session in one transaction, or none (admin); each coach is told of each session',
      description: 'Refusal 409 PLAN_CONFLICTS lists every session at fault in `conflicts` (room taken, coach busy, coach away on days reported since, coach deactivated or no longer coaching, in the past, room retired or now too small, module retired: ROOM_BUSY, COACH_BUSY, COACH_AWAY, COACH_INACTIVE, STARTS_IN_PAST, ROOM_RETIRED, ROOM_TOO_SMALL, MODULE_RETIRED); nothing is written then.',
      params: ProposalParams, body: PublishBody, response: { 200: ProposalView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await publishProposal(tx, actor, request.params.id, request.body, planning());
      return getProposal(tx, actor, request.params.id);
    });
  });
}
