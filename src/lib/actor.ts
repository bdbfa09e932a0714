// Who is asking. Services take an Actor, never a request, so HTTP, the CLI and jobs call them alike.
import type { Locale, Role, TokenScope } from '../db/schema.ts';
import { ForbiddenError } from './errors.ts';

export interface Actor {
  orgId: string;
  personId: string;
  roles: readonly Role[];
  timeZone: string;
  locale: Locale;
  /** Where the request came from, for the audit log (absent for the CLI and jobs). */
  ip?: string | undefined;
  /**
   * Set when an integration token is asking (acting for the admin who made it, personId): what
   * the token may do. Undefined for people signed in themselves, the CLI and jobs.
   */
  scopes?: readonly TokenScope[] | undefined;
  tokenId?: string | undefined;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

export function requireRole(actor: Actor, ...anyOf: Role[]): void {
  if (!anyOf.some((role) => actor.roles.includes(role))) {
    throw new ForbiddenError(`This needs the ${anyOf.join(' or ')} role.`);
  }
}

/** Refuses integration tokens: for what only a person signed in themselves may do. */
export function requirePerson(actor: Actor): void {
  if (actor.scopes) throw new ForbiddenError('An integration token cannot do this; sign in.');
}
