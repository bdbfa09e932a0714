// Who is asking, from the session cookie or a bearer token. Either carries only a random secret;
// the database knows whose it is and whether it is still valid.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/pool.ts';
import type { Actor } from '../lib/actor.ts';
import { UnauthenticatedError } from './errors.ts';
import { checkTokenScope } from './token-scopes.ts';

/** The actor a secret belongs to; undefined when it is unknown, expired or revoked. */
export type ActorLookup = (db: Db, secret: string) => Promise<Actor | undefined>;

export interface ActorLookups {
  /** The secret of the session cookie (features/auth). */
  session: ActorLookup;
  /** The secret of an integration token (features/tokens). */
  token: ActorLookup;
}

/**
 * The features that know whose a secret is are handed in by the composition root (src/app.ts):
 * http/ sits below the features and imports none of them, and every route keeps calling
 * signedIn(db, request) without knowing which feature answered.
 */
export function resolveActorsWith(app: FastifyInstance, lookups: ActorLookups): void {
  app.decorate('actorLookups', lookups);
}

// __Host- makes browsers insist on Secure, Path=/ and no Domain, so no sibling site can set it.
export const SESSION_COOKIE = '__Host-quartet_session';

const resolved = new WeakMap<FastifyRequest, Promise<Actor | undefined>>();

export function sessionToken(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  return value && /^[\w-]{20,100}$/.test(value) ? value : undefined;
}

/** The secret of an `Authorization: Bearer …` header (integration or operator token). */
export function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer ([\w-]{20,120})$/.exec(request.headers.authorization ?? '')?.[1];
}

export function currentActor(db: Db, request: FastifyRequest): Promise<Actor | undefined> {
  let found = resolved.get(request);
  if (!found) {
    // A request that names a token is judged by the token alone, never by a cookie beside it.
    const secret = request.headers.authorization !== undefined ? bearerToken(request) : sessionToken(request);
    const { session, token } = request.server.actorLookups;
    const check = request.headers.authorization !== undefined ? token : session;
    found = secret ? check(db, secret) : Promise.resolve(undefined);
    resolved.set(request, found);
  }
  return found;
}

/** The signed-in actor; answers 401 otherwise. */
export async function signedIn(db: Db, request: FastifyRequest): Promise<Actor> {
  const actor = await currentActor(db, request);
  if (!actor) throw new UnauthenticatedError();
  checkTokenScope(actor, request);
  request.actorId = actor.personId;
  return { ...actor, ip: request.ip };
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number) {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, secure: true, sameSite: 'strict', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'strict' });
}

declare module 'fastify' {
  interface FastifyInstance {
    actorLookups: ActorLookups;
  }
  interface FastifyRequest {
    /** The signed-in person's id, for the request log. */
    actorId?: string;
  }
}
