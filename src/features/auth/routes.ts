// Sign-in routes: ask for a log-in link, exchange it for a session cookie, sign out.
import { z } from 'zod';
import { clearSessionCookie, sessionToken, setSessionCookie, signedIn } from '../../http/auth.ts';
import { inOrg } from '../../db/transaction.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { clientKey, rateLimit } from '../rate-limits/service.ts';
import { LoginLinkAccepted, LoginLinkBody, SessionBody, SignedIn } from './schema.ts';
import { acceptLoginLinkRequest, signInWithLink, signOut, signOutEverywhere } from './service.ts';

const tags = ['Sign-in'];

export function registerAuthRoutes(app: App, ctx: AppContext) {
  const { db, config } = ctx;

  app.post('/api/auth/login-link', {
    schema: {
      tags, summary: 'Mail a single-use log-in link, valid 15 minutes',
      description: 'Always answers 202, whether or not the address is known, so nobody can probe for addresses; ' +
        '429 when too many links were asked for this address or from this client, known or not.',
      body: LoginLinkBody,
      response: { 202: LoginLinkAccepted, ...commonErrors },
    },
  }, async (request, reply) => {
    // Both limits come before the address is looked up, so a known and an unknown address are
    // counted, and refused, alike.
    await rateLimit(db, config.rateLimits.loginLinksPerIp, clientKey(request.ip));
    await rateLimit(db, config.rateLimits.loginLinksPerAddress, request.body.email);
    // One job whatever the address; the worker looks it up. Answering does the same work for a
    // known and an unknown address, and an SMTP outage delays the mail instead of losing it.
    await acceptLoginLinkRequest(db, request.body.email);
    return reply.code(202).send({ status: 'sent-if-known' as const });
  });

  app.post('/api/auth/session', {
    schema: {
      tags, summary: 'Exchange a log-in link token for a session cookie',
      body: SessionBody,
      response: { 200: SignedIn, ...commonErrors },
    },
  }, async (request, reply) => {
    await rateLimit(db, config.rateLimits.signInsPerIp, clientKey(request.ip));
    const signedIn = await signInWithLink(db, request.body.token, sessionToken(request), new Date(), request.ip);
    if (!signedIn) {
      return reply.code(401).send({ code: 'LINK_INVALID', message: 'This log-in link was already used or has expired. Ask for a new one.' });
    }
    setSessionCookie(reply, signedIn.cookieToken, signedIn.maxAgeSeconds);
    return { personId: signedIn.personId, orgId: signedIn.orgId };
  });

  app.post('/api/auth/logout', {
    schema: { tags, summary: 'Sign out on this device', response: { 204: z.null() } },
  }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) await signOut(db, token);
    clearSessionCookie(reply);
    return reply.code(204).send(null);
  });

  app.post('/api/auth/logout-everywhere', {
    schema: {
      tags, security: [{ session: [] }], summary: 'Sign out on every device (ends all of one’s sessions)',
      response: { 204: z.null(), ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => signOutEverywhere(tx, actor));
    clearSessionCookie(reply);
    return reply.code(204).send(null);
  });
}
