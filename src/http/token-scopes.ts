// What an integration token may call. Reads need the read scope; a write needs the scope listed
// for its route here, so a route added later refuses tokens until someone decides otherwise.
import type { FastifyRequest } from 'fastify';
import type { TokenScope } from '../db/schema.ts';
import type { Actor } from '../lib/actor.ts';
import { ForbiddenError } from '../lib/errors.ts';

const WRITE_SCOPES: Record<string, TokenScope> = {
  'POST /api/sessions': 'sessions',
  'PATCH /api/sessions/:id': 'sessions',
  'POST /api/sessions/:id/cancel': 'sessions',
  'POST /api/sessions/:id/reassign': 'sessions',
  'POST /api/sessions/series': 'sessions',
  'POST /api/sessions/series/check': 'sessions',
  'POST /api/admin/people/import': 'people:import',
};

export function scopeFor(method: string, route: string | undefined): TokenScope | undefined {
  if (method === 'GET' || method === 'HEAD') return 'read';
  return WRITE_SCOPES[`${method} ${route}`];
}

/** Refuses a token actor whose scopes do not cover this route (403); people pass. */
export function checkTokenScope(actor: Actor, request: FastifyRequest): void {
  if (!actor.scopes) return;
  const needed = scopeFor(request.method, request.routeOptions.url);
  if (!needed) throw new ForbiddenError('Integration tokens cannot do this; sign in.');
  if (!actor.scopes.includes(needed)) throw new ForbiddenError(`This token lacks the ${needed} scope.`);
}
