// HTTP routes of bookings: take a seat, give it up, move it, list one's own.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { rateLimit } from '../rate-limits/service.ts';
import { RuleError } from '../../lib/errors.ts';
import { IdParams, TzQuery } from '../sessions/schema.ts';
import { answerOnce, type Answer } from './idempotency.ts';
import { AttendanceBody, AttendanceRecorded, BookingList, BookingView, IdempotencyHeaders, MoveBody, MyBookingsQuery, SeatCheck } from './schema.ts';
import { acceptOffer, declineOffer } from '../waiting-list/offers.ts';
import { OfferParams } from '../waiting-list/schema.ts';
import { cancelBooking, markAttendance, moveBooking, seatRefusal, seatRules, takeSeat } from './service.ts';
import { getBooking, listMyBookings, viewBooking } from './views.ts';

const tags = ['Bookings'];
const waitlistTags = ['Waiting lists'];
const security = [{ session: [] }];

export function registerBookingRoutes(app: App, ctx: AppContext) {
  const { db, metrics, config } = ctx;
  // Sign-ups, cancellations and moves share one limit per person; checked before the transaction,
  // so a refused request changes nothing.
  const limitSeatChanges = (personId: string) => rateLimit(db, config.rateLimits.seatChangesPerPerson, personId);

  const send = (reply: FastifyReply, operation: string, answer: Answer) => {
    const outcome = answer.status < 300 ? operation : String((answer.body as { code?: string }).code ?? answer.status);
    // A replay repeats an answer already counted; it changed nothing.
    if (answer.replayed) reply.header('idempotent-replayed', 'true');
    else metrics.bookings.inc({ operation, outcome });
    return reply.code(answer.status).send(answer.body);
  };
  const counted = async <T,>(operation: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RuleError) metrics.bookings.inc({ operation, outcome: error.code });
      throw error;
    }
  };

  app.post('/api/sessions/:id/bookings', {
    schema: {
      tags, security, summary: 'Take a seat (first come, first served)', params: IdParams, headers: IdempotencyHeaders,
      response: { 201: BookingView, ...commonErrors },
      description: 'Refusals (409): SESSION_FULL, ALREADY_BOOKED, OVERLAPPING_BOOKING, LIMIT_REACHED, SESSION_STARTED, SESSION_CANCELLED, OWN_SESSION, COHORT_SESSION (a session of a cohort, for the members of its group).',
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await limitSeatChanges(actor.personId);
    const sessionId = request.params.id;
    const answer = await counted('book', () =>
      answerOnce(db, actor, request.headers['idempotency-key'], `book:${sessionId}`, async (tx) => {
        return { status: 201, body: await viewBooking(tx, actor, await takeSeat(tx, actor, sessionId)) };
      }),
    );
    if (answer.status === 201) reply.header('location', `/api/bookings/${(answer.body as { id: string }).id}`);
    return send(reply, 'book', answer);
  });

  app.get('/api/sessions/:id/seat-check', {
    schema: {
      tags, security, summary: 'Whether you could take a seat now, and if not, which rule says no',
      description: 'The checks of taking a seat, read only: SESSION_FULL, ALREADY_BOOKED, OVERLAPPING_BOOKING, LIMIT_REACHED (with `limit`), ' +
        'SESSION_STARTED, SESSION_CANCELLED, OWN_SESSION, COHORT_SESSION. The web app asks before offering "Take a seat", so a foreseeable refusal is said ' +
        'before the click. Not checked: the organisation\'s mixing rule (decided with the seat taken) and whoever is quicker.',
      params: IdParams, response: { 200: SeatCheck, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const refusal = await inOrg(db, actor.orgId, (tx) => seatRefusal(tx, actor, request.params.id));
    if (!refusal) return { refusal: null };
    const limit = typeof refusal.details?.limit === 'number' ? { limit: refusal.details.limit } : {};
    return { refusal: { code: refusal.code, message: refusal.message, ...limit } };
  });

  app.post('/api/bookings/:id/cancel', {
    schema: { tags, security, summary: 'Give up a seat (before the cancellation cut-off)', params: IdParams, headers: IdempotencyHeaders, response: { 200: BookingView, ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await limitSeatChanges(actor.personId);
    const bookingId = request.params.id;
    const answer = await counted('cancel', () =>
      answerOnce(db, actor, request.headers['idempotency-key'], `cancel:${bookingId}`, async (tx) => {
        return { status: 200, body: await viewBooking(tx, actor, await cancelBooking(tx, actor, bookingId)) };
      }),
    );
    return send(reply, 'cancel', answer);
  });

  app.post('/api/bookings/:id/move', {
    schema: { tags, security, summary: 'Move a seat to another session of the same module, in one step', params: IdParams, headers: IdempotencyHeaders, body: MoveBody, response: { 201: BookingView, ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await limitSeatChanges(actor.personId);
    const bookingId = request.params.id;
    const target = request.body.sessionId;
    const answer = await counted('move', () =>
      answerOnce(db, actor, request.headers['idempotency-key'], `move:${bookingId}:${target}`, async (tx) => {
        const id = await moveBooking(tx, actor, bookingId, target);
        return { status: 201, body: await getBooking(tx, actor, id) };
      }),
    );
    return send(reply, 'move', answer);
  });

  app.get('/api/me/bookings', {
    schema: { tags, security, summary: "The caller's bookings, upcoming (soonest first) or past (latest first)", querystring: MyBookingsQuery, response: { 200: BookingList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const { when, tz } = request.query;
    return { items: await inOrg(db, actor.orgId, (tx) => listMyBookings(tx, actor, { when, timeZone: tz })) };
  });

  app.get('/api/bookings/:id', {
    schema: { tags, security, summary: 'One of the caller’s bookings', params: IdParams, querystring: TzQuery, response: { 200: BookingView, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => getBooking(tx, actor, request.params.id, request.query.tz));
  });

  app.put('/api/bookings/:id/attendance', {
    schema: {
      tags, security, summary: 'Record attendance (the coach or an admin, once the session has begun)', params: IdParams, body: AttendanceBody,
      response: { 200: AttendanceRecorded, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => markAttendance(tx, actor, request.params.id, request.body.status));
    return { bookingId: request.params.id, status: request.body.status };
  });

  // Seats offered from a waiting list (migration 038), answered with a booking. Not counted against
  // the limit of seat changes: an offer is answered once, so these cannot churn seats as sign-ups can.
  app.post('/api/me/waitlist/offers/:id/accept', {
    schema: {
      tags: waitlistTags, security, summary: 'Take the seat offered to you from a waiting list',
      description: 'Where the organisation offers freed seats (waitlistMode offer), the seat is held for you until offerExpiresAt. ' +
        'Accepting takes it by the rules of a sign-up, checked again now: a refusal (409 LIMIT_REACHED, OVERLAPPING_BOOKING, …) leaves the ' +
        'offer open until it lapses or you decline it. 409 OFFER_EXPIRED once it has lapsed, OFFER_CLOSED once accepted or declined. ' +
        'You get the usual confirmation with the calendar invitation.',
      params: OfferParams, querystring: TzQuery, response: { 201: BookingView, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const view = await inOrg(db, actor.orgId, async (tx) =>
      getBooking(tx, actor, await acceptOffer(tx, actor, request.params.id, seatRules), request.query.tz));
    reply.header('location', `/api/bookings/${view.id}`);
    return reply.code(201).send(view);
  });

  app.post('/api/me/waitlist/offers/:id/decline', {
    schema: {
      tags: waitlistTags, security, summary: 'Decline the seat offered to you: it is offered to the next in line at once',
      description: '409 OFFER_EXPIRED once it has lapsed, OFFER_CLOSED once accepted or declined.',
      params: OfferParams, response: { 204: z.null(), ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => declineOffer(tx, actor, request.params.id, seatRules));
    return reply.code(204).send(null);
  });
}
