// Outgoing mail for admins, the personal calendar feed, and a booking's calendar file.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { CalendarFileParams, FeedAddress, FeedStatus, MessagePage, MessageRetried, MessagesQuery, NotificationIdParams } from './schema.ts';
import {
  bookingCalendarFile, calendarFeed, calendarFeedOwner, calendarFeedStatus, removeCalendarFeed, resetCalendarFeed,
} from './feed/service.ts';
import { listOutgoingMessages, retryOutgoingMessage } from './service.ts';

export function registerNotificationRoutes(app: App, ctx: AppContext) {
  const { db, config } = ctx;

  app.get('/api/admin/messages', {
    schema: {
      tags: ['Mail'], security: [{ session: [] }], summary: 'Outgoing mail, newest first: pending, sent, moot or failed with the reason (admin)',
      querystring: MessagesQuery,
      response: { 200: MessagePage, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => listOutgoingMessages(tx, actor, request.query));
  });

  app.post('/api/admin/messages/:id/retry', {
    schema: {
      tags: ['Mail'], security: [{ session: [] }], summary: 'Send a failed message again (admin)',
      params: NotificationIdParams,
      response: { 200: MessageRetried, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => retryOutgoingMessage(tx, actor, request.params.id));
  });

  app.get('/api/me/calendar-feed', {
    schema: {
      tags: ['Calendar'], security: [{ session: [] }], summary: 'Whether your personal calendar feed is on',
      response: { 200: FeedStatus, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => calendarFeedStatus(tx, actor));
  });

  app.post('/api/me/calendar-feed', {
    schema: {
      tags: ['Calendar'], security: [{ session: [] }],
      summary: 'A new secret address for your calendar feed (shown once); the previous address stops working',
      response: { 200: FeedAddress, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => resetCalendarFeed(tx, actor, config.baseUrl));
  });

  app.delete('/api/me/calendar-feed', {
    schema: {
      tags: ['Calendar'], security: [{ session: [] }], summary: 'Turn your calendar feed off',
      response: { 204: z.null(), ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => removeCalendarFeed(tx, actor));
    return reply.code(204).send(null);
  });

  app.get('/api/bookings/:id/calendar.ics', {
    schema: {
      tags: ['Calendar'], security: [{ session: [] }], summary: 'Your booking as a calendar file',
      params: NotificationIdParams,
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const ics = await inOrg(db, actor.orgId, (tx) => bookingCalendarFile(tx, actor, request.params.id, config.baseUrl));
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="quartet-session.ics"').send(ics);
  });

  // The secret in the path is the only credential: calendar clients send no cookie. An unknown
  // or reset address answers 404, like any other unknown path.
  app.get('/calendar/:file', {
    schema: { hide: true, params: CalendarFileParams },
  }, async (request, reply) => {
    const owner = await calendarFeedOwner(db, request.params.file.slice(0, -4));
    if (!owner) return reply.code(404).send({ code: 'NOT_FOUND', message: 'No such calendar' });
    const ics = await inOrg(db, owner.org_id, (tx) => calendarFeed(tx, owner.org_id, owner.person_id, config.baseUrl));
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(ics);
  });
}
