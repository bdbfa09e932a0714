// HTTP routes of waiting lists: join a full session's line, leave it, see one's lines. Accepting and
// declining an offered seat are the bookings feature's routes (a seat change, answered with a booking).
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { presentEntry } from './presenters.ts';
import { WaitlistEntry, WaitlistLines, WaitlistParams, WaitlistQuery } from './schema.ts';
import { joinWaitingList, leaveWaitingList, type SeatRules } from './service.ts';
import { listMyLines, myPosition } from './views.ts';

const tags = ['Waiting lists'];
const security = [{ session: [] }];

/** `seats`: the bookings feature's rules of a sign-up, which a seat offered on after a leave follows (app.ts passes them). */
export function registerWaitingListRoutes(app: App, ctx: AppContext, seats: SeatRules) {
  const { db } = ctx;

  app.post('/api/sessions/:id/waitlist', {
    schema: {
      tags, security, summary: 'Join the waiting list of a full session',
      description: 'Only while the session is full, scheduled and not started (409 SESSION_NOT_FULL, SESSION_STARTED, ' +
        'SESSION_CANCELLED, WAITLIST_CLOSED inside the cancellation cut-off, ALREADY_BOOKED, ALREADY_WAITING, OWN_SESSION). When a seat frees, the first person in line whose own ' +
        'limits allow it gets the seat and the usual confirmation mail.',
      params: WaitlistParams, response: { 201: WaitlistEntry, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const view = await inOrg(db, actor.orgId, async (tx) => {
      const entry = await joinWaitingList(tx, actor, request.params.id);
      return presentEntry(entry, (await myPosition(tx, actor, entry.session_id)) ?? 1);
    });
    return reply.code(201).send(view);
  });

  app.delete('/api/sessions/:id/waitlist', {
    schema: {
      tags, security, summary: 'Leave the waiting list of a session (409 NOT_WAITING if you are not in it)',
      description: 'One who holds an offered seat declines it: the seat is offered to the next in line.',
      params: WaitlistParams, response: { 204: z.null(), ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => leaveWaitingList(tx, actor, request.params.id, seats));
    return reply.code(204).send(null);
  });

  app.get('/api/me/waitlist', {
    schema: { tags, security, summary: 'The waiting lists you are in, with your position in each', querystring: WaitlistQuery, response: { 200: WaitlistLines, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return { items: await inOrg(db, actor.orgId, (tx) => listMyLines(tx, actor, request.query.tz)) };
  });
}
