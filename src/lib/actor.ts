// Who is asking. Services take an Actor, never a request, so HTTP, the CLI and jobs call them alike.
import type { Locale, Role } from '../db/schema.ts';
import { ForbiddenError } from './errors.ts';

export interface Actor {
  orgId: string;
  personId: string;
  roles: readonly Role[];
  timeZone: string;
  locale: Locale;
  /** Where the request came from, for the audit log (absent for the CLI and jobs). */
  ip?: string | undefined;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

export function requireRole(actor: Actor, ...anyOf: Role[]): void {
  if (!anyOf.some((role) => actor.roles.includes(role))) {
    throw new ForbiddenError(`This needs the ${anyOf.join(' or ')} role.`);
  }
}
