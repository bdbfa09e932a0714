// Who is asking, from the session cookie. The cookie carries only a random secret; the database
// knows whose it is and whether it is still valid.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/pool.ts';
import type { Actor } from '../lib/actor.ts';
import { authenticate } from '../features/auth/service.ts';
import { UnauthenticatedError } from './errors.ts';

// __Host- makes browsers insist on Secure, Path=/ and no Domain, so no sibling site can set it.
export const SESSION_COOKIE = '__Host-quartet_session';

const resolved = new WeakMap<FastifyRequest, Promise<Actor | undefined>>();

export function sessionToken(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  return value && /^[\w-]{20,100}$/.test(value) ? value : undefined;
}

export function currentActor(db: Db, request: FastifyRequest): Promise<Actor | undefined> {
  let found = resolved.get(request);
  if (!found) {
    const token = sessionToken(request);
    found = token ? authenticate(db, token) : Promise.resolve(undefined);
    resolved.set(request, found);
  }
  return found;
}

/** The signed-in actor; answers 401 otherwise. */
export async function signedIn(db: Db, request: FastifyRequest): Promise<Actor> {
  const actor = await currentActor(db, request);
  if (!actor) throw new UnauthenticatedError();
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
  interface FastifyRequest {
    /** The signed-in person's id, for the request log. */
    actorId?: string;
  }
}
