// HTTP routes of sessions. Each reads: who is asking, what they sent, one transaction, the service.
import { inOrg, type Tx } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { planningWindow } from '../../lib/time.ts';
import {
  CancelBody, ChangeBody, CoachSessionList, CoachSessionsQuery, IdParams, OpenSessionsQuery, PublishBody, ReassignBody,
  Roster, SessionPage, SessionView, TzQuery,
} from './schema.ts';
import { cancelSession, changeSession, publishSession, reassignSession } from './service.ts';
import { getRoster, getSession, listCoachedSessions, listOpenSessions } from './views.ts';

const tags = ['Sessions'];
const security = [{ session: [] }];

/** Gives a session's free seats to its waiting list; handed in by app.ts (the waiting list builds on bookings, which build on sessions). */
export type FillFreedSeats = (tx: Tx, orgId: string, sessionId: string) => Promise<unknown>;

export function registerSessionRoutes(app: App, ctx: AppContext, fillFreedSeats?: FillFreedSeats) {
  const { db } = ctx;
  const planning = () => planningWindow(ctx.config.planningHorizonMonths);

  app.get('/api/sessions', {
    schema: { tags, security, summary: 'Open sessions, soonest first, with seats left', querystring: OpenSessionsQuery, response: { 200: SessionPage, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const query = request.query;
    return inOrg(db, actor.orgId, (tx) =>
      listOpenSessions(tx, actor, {
        ...query,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        onlyAvailable: query.available === 'true',
        timeZone: query.tz,
      }),
    );
  });

  app.post('/api/sessions', {
    schema: { tags, security, summary: 'Publish a session (coach or admin)',
      description: 'Refusals (409): MODULE_RETIRED, NOT_A_COACH, STARTS_IN_PAST, ROOM_RETIRED, ROOM_TOO_SMALL, COACH_BUSY, ROOM_BUSY, COACH_AWAY (the coach reported being away that day; `day`, `firstDay`, `lastDay`).',
      body: PublishBody, response: { 201: SessionView, ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const view = await inOrg(db, actor.orgId, async (tx) => {
      const id = await publishSession(tx, actor, request.body, planning());
      return getSession(tx, actor, id);
    });
    return reply.code(201).header('location', `/api/sessions/${view.id}`).send(view);
  });

  app.get('/api/sessions/:id', {
    schema: { tags, security, summary: 'One session', params: IdParams, querystring: TzQuery, response: { 200: SessionView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => getSession(tx, actor, request.params.id, request.query.tz));
  });

  app.patch('/api/sessions/:id', {
    schema: { tags, security, summary: 'Change place, link, note, time or capacity (its coach or an admin)',
      description: 'Refusals (409): SESSION_CANCELLED, SESSION_STARTED, STARTS_IN_PAST, CAPACITY_BELOW_BOOKINGS, ROOM_RETIRED, ROOM_TOO_SMALL, COACH_BUSY, ROOM_BUSY, COACH_AWAY (moved onto a day the coach reported being away; `day`, `firstDay`, `lastDay`).',
      params: IdParams, body: ChangeBody, response: { 200: SessionView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await changeSession(tx, actor, request.params.id, request.body, planning());
      // A raised capacity frees seats, in this transaction as any other freed seat.
      if (request.body.capacity !== undefined) await fillFreedSeats?.(tx, actor.orgId, request.params.id);
      return getSession(tx, actor, request.params.id);
    });
  });

  app.post('/api/sessions/:id/cancel', {
    schema: { tags, security, summary: 'Cancel a session with a reason; its bookings are cancelled too', params: IdParams, body: CancelBody, response: { 200: SessionView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await cancelSession(tx, actor, request.params.id, request.body.reason);
      return getSession(tx, actor, request.params.id);
    });
  });

  app.post('/api/sessions/:id/reassign', {
    schema: { tags, security, summary: 'Hand a session to another coach (admin)',
      description: 'Refusals (409): SESSION_CANCELLED, SESSION_STARTED, SAME_COACH, NOT_A_COACH, COACH_BUSY, COACH_IS_PARTICIPANT, COACH_AWAY (the new coach reported being away that day; `day`, `firstDay`, `lastDay`).',
      params: IdParams, body: ReassignBody, response: { 200: SessionView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await reassignSession(tx, actor, request.params.id, request.body.coachId);
      return getSession(tx, actor, request.params.id);
    });
  });

  app.get('/api/sessions/:id/roster', {
    schema: { tags, security, summary: 'Who holds a seat, with contact details (its coach or an admin)', params: IdParams, response: { 200: Roster, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return { items: await inOrg(db, actor.orgId, (tx) => getRoster(tx, actor, request.params.id)) };
  });

  app.get('/api/me/coached-sessions', {
    schema: { tags, security, summary: "The caller's sessions as coach, with rosters", querystring: CoachSessionsQuery, response: { 200: CoachSessionList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const { when, coachId, tz } = request.query;
    return { items: await inOrg(db, actor.orgId, (tx) => listCoachedSessions(tx, actor, { when, coachId, timeZone: tz })) };
  });
}
