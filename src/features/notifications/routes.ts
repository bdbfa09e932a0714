// Outgoing mail for admins, the personal calendar feed, and a booking's calendar file.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import {
  bookingCalendarFile, calendarFeed, calendarFeedOwner, calendarFeedStatus, listOutgoingMessages, removeCalendarFeed,
  resetCalendarFeed, retryOutgoingMessage,
} from './service.ts';

const MessageKind = z.enum([
  'login_link', 'booking_confirmed', 'roster_changed', 'reminder', 'booking_cancelled',
  'booking_moved', 'session_changed', 'session_cancelled', 'coach_assigned', 'coach_removed', 'coach_absent',
]);
const MessageStatus = z.enum(['pending', 'sent', 'moot', 'failed']);
const Message = z.object({
  id: z.uuid(),
  kind: MessageKind,
  status: MessageStatus,
  recipient: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  sessionId: z.uuid().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sendAfter: z.string(),
  sentAt: z.string().nullable(),
});
const FeedAddress = z.object({ url: z.string(), webcalUrl: z.string() });

export function registerNotificationRoutes(app: App, ctx: AppContext) {
  const { db, config } = ctx;

  app.get('/api/admin/messages', {
    schema: {
      tags: ['Mail'], security: [{ session: [] }], summary: 'Outgoing mail, newest first: pending, sent, moot or failed with the reason (admin)',
      querystring: z.strictObject({
        status: MessageStatus.optional(),
        before: z.iso.datetime({ offset: true }).optional(),
        limit: z.coerce.number().int().min(1).max(200).optional(),
      }),
      response: { 200: z.object({ items: z.array(Message), nextBefore: z.string().nullable() }), ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => listOutgoingMessages(tx, actor, request.query));
  });

  app.post('/api/admin/messages/:id/retry', {
    schema: {
      tags: ['Mail'], security: [{ session: [] }], summary: 'Send a failed message again (admin)',
      params: z.object({ id: z.uuid() }),
      response: { 200: z.object({ status: MessageStatus }), ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => retryOutgoingMessage(tx, actor, request.params.id));
  });

  app.get('/api/me/calendar-feed', {
    schema: {
      tags: ['Calendar'], security: [{ session: [] }], summary: 'Whether your personal calendar feed is on',
      response: { 200: z.object({ active: z.boolean() }), ...commonErrors },
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
      params: z.object({ id: z.uuid() }),
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const ics = await inOrg(db, actor.orgId, (tx) => bookingCalendarFile(tx, actor, request.params.id, config.baseUrl));
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="quartet-session.ics"').send(ics);
  });

  // The secret in the path is the only credential: calendar clients send no cookie. An unknown
  // or reset address answers 404, like any other unknown path.
  app.get('/calendar/:file', {
    schema: { hide: true, params: z.object({ file: z.string().regex(/^[\w-]{20,100}\.ics$/) }) },
  }, async (request, reply) => {
    const owner = await calendarFeedOwner(db, request.params.file.slice(0, -4));
    if (!owner) return reply.code(404).send({ code: 'NOT_FOUND', message: 'No such calendar' });
    const ics = await inOrg(db, owner.org_id, (tx) => calendarFeed(tx, owner.org_id, owner.person_id, config.baseUrl));
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(ics);
  });
}
