// Coaches report absences; admins see the sessions that need a new coach.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { listMyAbsences, listSessionsNeedingCoach, reportAbsence, withdrawMyAbsence } from './service.ts';

const tags = ['Absences'];
const security = [{ session: [] }];
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2027-01-31');
const Absence = z.object({ id: z.uuid(), firstDay: z.string(), lastDay: z.string(), note: z.string().nullable() });
const UncoachedSession = z.object({
  id: z.uuid(), moduleTitle: z.string(), startsAt: z.string(), endsAt: z.string(), sessionTimeZone: z.string(),
  coach: z.object({ id: z.uuid(), name: z.string() }), seatsTaken: z.number().int(), capacity: z.number().int(),
  absence: z.object({ firstDay: z.string(), lastDay: z.string(), note: z.string().nullable() }),
});

export function registerAbsenceRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.post('/api/me/absences', {
    schema: {
      tags, security, summary: 'Report being away for a range of days (coach); your sessions then need a new coach',
      body: z.strictObject({ firstDay: Day, lastDay: Day, note: z.string().trim().max(500).optional() }),
      response: { 201: z.object({ absence: Absence, sessionsNeedingCoach: z.array(UncoachedSession) }), ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    return reply.code(201).send(await inOrg(db, actor.orgId, (tx) => reportAbsence(tx, actor, request.body)));
  });

  app.get('/api/me/absences', {
    schema: { tags, security, summary: 'Your absences that have not ended (coach)', response: { 200: z.object({ items: z.array(Absence) }), ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => listMyAbsences(tx, actor));
  });

  app.delete('/api/me/absences/:id', {
    schema: { tags, security, summary: 'Withdraw an absence (coach)', params: z.object({ id: z.uuid() }), response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => withdrawMyAbsence(tx, actor, request.params.id));
    return reply.code(204).send(null);
  });

  app.get('/api/admin/sessions-needing-coach', {
    schema: {
      tags, security, summary: 'Sessions yet to start whose coach reported being away (admin): reassign or cancel each',
      querystring: z.strictObject({ tz: z.string().max(64).refine(isTimeZone, 'is not an IANA time zone').optional() }),
      response: { 200: z.object({ items: z.array(UncoachedSession) }), ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => listSessionsNeedingCoach(tx, actor, request.query.tz));
  });
}
