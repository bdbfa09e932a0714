// Single sign-on: the admin's settings, and the two steps of signing in through the
// organisation's OpenID provider (start -> provider -> callback -> session cookie).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { sessionToken, setSessionCookie, signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors, ErrorBody } from '../../http/errors.ts';
import { clientKey, rateLimit } from '../rate-limits/service.ts';
import { Availability, AvailabilityQuery, CallbackQuery, SsoSettings, SsoSettingsInput, StartQuery } from './schema.ts';
import { ATTEMPT_MINUTES, changeSsoSettings, finishSignIn, readSsoSettings, SignInRefusedError, ssoAvailableFor, startSignIn } from './service.ts';

// Ties the provider's answer to the browser that started the sign-in. SameSite=Lax, not Strict:
// the callback is a top-level navigation coming from the provider's site.
const ATTEMPT_COOKIE = '__Host-quartet_sso';
const attemptCookie = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const;

// Start and callback are navigations of the browser, not calls of the app: a browser asking for a
// page is sent to the sign-in page, which says what went wrong in the person's language; a client
// asking for JSON gets the refusal as JSON.
function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (!(error instanceof SignInRefusedError)) throw error;
  if (/\btext\/html\b/.test(request.headers.accept ?? '')) return reply.redirect(`/sign-in?error=${encodeURIComponent(error.code)}`, 303);
  return reply.code(error.status).send({ code: error.code, message: error.message });
}

export function registerSsoRoutes(app: App, ctx: AppContext) {
  const { db, config } = ctx;
  const callbackUrl = `${config.baseUrl}/api/auth/sso/callback`;
  const security = [{ session: [] }];

  app.get('/api/sso-settings', {
    schema: { tags: ['Single sign-on'], security, summary: 'Single sign-on settings (admin); the client secret is never returned', response: { 200: SsoSettings, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readSsoSettings(tx, actor, callbackUrl));
  });

  app.put('/api/sso-settings', {
    schema: { tags: ['Single sign-on'], security, summary: 'Set up, change or switch off single sign-on (admin)',
      description: 'A domain new to allowedDomains is claimed, pending until the operator approves it; a domain left out is released. ' +
        '409 SSO_DOMAIN_TAKEN (naming the domains) when another organisation holds one, pending or approved; nothing is changed then.',
      body: SsoSettingsInput, response: { 200: SsoSettings, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changeSsoSettings(tx, actor, request.body, callbackUrl));
  });

  app.get('/api/auth/sso/available', {
    schema: {
      tags: ['Sign-in'], summary: "Whether an address's organisation signs in through single sign-on (the sign-in page offers it only then)",
      description: 'Says only whether the domain of the address is approved for an organisation with single sign-on set up; ' +
        'nothing about whether the address belongs to anyone. Limited per client address like the other ways in.',
      querystring: AvailabilityQuery, response: { 200: Availability, ...commonErrors },
    },
  }, async (request, reply) => {
    await rateLimit(db, config.rateLimits.signInsPerIp, clientKey(request.ip));
    reply.header('cache-control', 'no-store');
    return { available: await ssoAvailableFor(db, request.query.email) };
  });

  app.get('/api/auth/sso/start', {
    schema: {
      tags: ['Sign-in'], summary: "Sign in through the organisation's OpenID provider",
      description: 'Redirects (302) to the provider with state, nonce and a PKCE challenge; 404 SSO_NOT_SET_UP when the ' +
        'organisation has no single sign-on or no approved domain (or the domain of the address is not approved for one); ' +
        '502 when its provider cannot be reached.',
      querystring: StartQuery,
      response: { 302: z.null().describe("To the provider's authorization endpoint"), 502: ErrorBody, ...commonErrors },
    },
  }, async (request, reply) => {
    // Each start stores an attempt: limited like the other ways in.
    await rateLimit(db, config.rateLimits.signInsPerIp, clientKey(request.ip));
    try {
      const started = await startSignIn(db, request.query, callbackUrl);
      reply.setCookie(ATTEMPT_COOKIE, started.browserSecret, { ...attemptCookie, maxAge: ATTEMPT_MINUTES * 60 });
      return reply.header('cache-control', 'no-store').redirect(started.url, 302);
    } catch (error) {
      return refuse(request, reply, error);
    }
  });

  app.get('/api/auth/sso/callback', {
    schema: {
      tags: ['Sign-in'], summary: "Where the provider sends the browser back; sets the session cookie",
      description: 'Redirects (303) to / with the session cookie set, as the log-in link does. Refusals answer 401 with a ' +
        'code: SSO_STATE_INVALID (unknown, used, expired, or another browser), SSO_PROVIDER_REFUSED, SSO_NO_EMAIL, ' +
        'SSO_EMAIL_UNVERIFIED, SSO_DOMAIN_NOT_ALLOWED, SSO_UNKNOWN_PERSON, SSO_PERSON_INACTIVE.',
      querystring: CallbackQuery,
      response: { 303: z.null().describe('To / with the session cookie'), 502: ErrorBody, ...commonErrors },
    },
  }, async (request, reply) => {
    // Single use whatever happens next.
    reply.clearCookie(ATTEMPT_COOKIE, attemptCookie);
    reply.header('cache-control', 'no-store');
    try {
      const session = await finishSignIn(db, {
        answer: request.query, browserSecret: request.cookies[ATTEMPT_COOKIE], callbackUrl, previousCookieToken: sessionToken(request), ip: request.ip,
      });
      setSessionCookie(reply, session.cookieToken, session.maxAgeSeconds);
      return reply.redirect('/', 303);
    } catch (error) {
      return refuse(request, reply, error);
    }
  });
}
