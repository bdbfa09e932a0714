// Erasure's routes: an employee asks for a confirmation link, reads what will happen and erases
// their account; an admin erases a person on request.
import type { FastifyRequest } from 'fastify';
import { clearSessionCookie, signedIn } from '../../http/auth.ts';
import { inOrg } from '../../db/transaction.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import type { Actor } from '../../lib/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { clientKey, rateLimit, type RateLimit } from '../rate-limits/service.ts';
import { AdminErasureBody, Erased, ErasurePreview, ErasureRequested, ErasureTokenBody, PersonIdParams } from './schema.ts';
import { confirmSelfErasure, eraseAsAdmin, previewSelfErasure, removeCaughtMailOf, requestSelfErasure, type Erasure } from './service.ts';

const tags = ['Erasure'];
const security = [{ session: [] }];

/** Links mailed to one person: a few, in case one is lost; not a way to flood their mailbox. */
export const ERASURE_LINKS_PER_PERSON: RateLimit = { name: 'erasure-links', max: 3, windowSeconds: 3600 };
/** Tries of a link (reading and confirming), per person and per client: tokens cannot be guessed by trying. */
export const ERASURE_TRIES_PER_PERSON: RateLimit = { name: 'erasure-tries', max: 20, windowSeconds: 3600 };
export const ERASURE_TRIES_PER_IP: RateLimit = { name: 'erasure-tries-ip', max: 60, windowSeconds: 3600 };
/** Erasures by one admin: a runaway script stops after a few dozen. */
export const ADMIN_ERASURES_PER_PERSON: RateLimit = { name: 'admin-erasures', max: 30, windowSeconds: 3600 };

export function registerErasureRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  /** Removes what the development catcher holds of the person; the database is already done. */
  const afterErasure = async (erasure: Erasure) => {
    if (ctx.mailCatcher) await removeCaughtMailOf(ctx.mailCatcher.dir, erasure);
    return { erased: true as const, bookingsCancelled: erasure.bookingsCancelled };
  };

  /**
   * A link that is not the signed-in person's answers 404. The try is written to the request log
   * (ids only), not the audit log: a refused request changes no data, which the fuzz tests hold.
   */
  const loggedTry = async <T>(request: FastifyRequest, actor: Actor, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof NotFoundError) request.log.warn({ actor: actor.personId, org: actor.orgId }, 'erasure link of someone else, or unknown');
      throw error;
    }
  };

  app.post('/api/me/erasure-request', {
    schema: {
      tags, security, summary: 'Mail me a link to confirm that my account should be erased',
      description: 'The link works once, for an hour, and only signed in as the same person; a newer link replaces it. 429 after three in an hour.',
      response: { 202: ErasureRequested, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await rateLimit(db, ERASURE_LINKS_PER_PERSON, actor.personId);
    const { expiresAt } = await inOrg(db, actor.orgId, (tx) => requestSelfErasure(tx, actor));
    return reply.code(202).send({ expiresAt: expiresAt.toISOString() });
  });

  app.post('/api/me/erasure/preview', {
    schema: {
      tags, security, summary: 'What erasing my account will do (the link’s token, from the mail)',
      description: '404 when the link is not the signed-in person’s; 409 ERASURE_LINK_USED, ERASURE_LINK_EXPIRED.',
      body: ErasureTokenBody,
      response: { 200: ErasurePreview, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    await rateLimit(db, ERASURE_TRIES_PER_IP, clientKey(request.ip));
    await rateLimit(db, ERASURE_TRIES_PER_PERSON, actor.personId);
    return loggedTry(request, actor, () => inOrg(db, actor.orgId, (tx) => previewSelfErasure(tx, actor, request.body.token)));
  });

  app.post('/api/me/erasure', {
    schema: {
      tags, security, summary: 'Erase my account (the link’s token, from the mail)',
      description: 'Future bookings are given up (their coaches are told), the person’s name, address and texts removed everywhere; ' +
        'what figures count stays, anonymous. Signs out. 404 when the link is not the signed-in person’s; ' +
        '409 ERASURE_LINK_USED, ERASURE_LINK_EXPIRED, ERASURE_COACH_HAS_SESSIONS, ERASURE_LAST_ADMIN.',
      body: ErasureTokenBody,
      response: { 200: Erased, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await rateLimit(db, ERASURE_TRIES_PER_IP, clientKey(request.ip));
    await rateLimit(db, ERASURE_TRIES_PER_PERSON, actor.personId);
    const erasure = await loggedTry(request, actor, () => inOrg(db, actor.orgId, (tx) => confirmSelfErasure(tx, actor, request.body.token)));
    clearSessionCookie(reply);
    return afterErasure(erasure);
  });

  app.post('/api/admin/people/:id/erasure', {
    schema: {
      tags, security, summary: 'Erase a person on their request (admin), typing their address to confirm',
      description: 'As the person’s own erasure. 400 when confirmEmail is not the person’s address; 404 for an unknown or already erased person; ' +
        '409 ERASURE_COACH_HAS_SESSIONS (reassign or cancel their sessions first), ERASURE_LAST_ADMIN.',
      params: PersonIdParams,
      body: AdminErasureBody,
      response: { 200: Erased, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    await rateLimit(db, ADMIN_ERASURES_PER_PERSON, actor.personId);
    const erasure = await inOrg(db, actor.orgId, (tx) => eraseAsAdmin(tx, actor, request.params.id, request.body.confirmEmail));
    return afterErasure(erasure);
  });
}
