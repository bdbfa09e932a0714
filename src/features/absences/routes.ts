// Coaches report absences; admins see the sessions that need a new coach.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { AbsenceBody, AbsenceIdParams, AbsenceList, AbsenceReported, NeedingCoachQuery, UncoachedSessionList } from './schema.ts';
import { listMyAbsences, listSessionsNeedingCoach, reportAbsence, withdrawMyAbsence } from './service.ts';

const tags = ['Absences'];
const security = [{ session: [] }];

export function registerAbsenceRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.post('/api/me/absences', {
    schema: {
      tags, security, summary: 'Report being away for a range of days (coach); your sessions then need a new coach',
      body: AbsenceBody,
      response: { 201: AbsenceReported, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    return reply.code(201).send(await inOrg(db, actor.orgId, (tx) => reportAbsence(tx, actor, request.body)));
  });

  app.get('/api/me/absences', {
    schema: { tags, security, summary: 'Your absences that have not ended (coach)', response: { 200: AbsenceList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => listMyAbsences(tx, actor));
  });

  app.delete('/api/me/absences/:id', {
    schema: { tags, security, summary: 'Withdraw an absence (coach)', params: AbsenceIdParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => withdrawMyAbsence(tx, actor, request.params.id));
    return reply.code(204).send(null);
  });

  app.get('/api/admin/sessions-needing-coach', {
    schema: {
      tags, security, summary: 'Sessions yet to start whose coach reported being away (admin): reassign or cancel each',
      querystring: NeedingCoachQuery,
      response: { 200: UncoachedSessionList, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => listSessionsNeedingCoach(tx, actor, request.query.tz));
  });
}
