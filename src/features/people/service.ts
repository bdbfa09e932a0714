// A person's own profile: who they are, their zone and language.
import type { Locale } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError } from '../../lib/errors.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { audit } from '../audit/service.ts';
import { findPerson, revokeAuthSessionsOf, updateProfile, type PersonRow } from './queries.ts';

export function presentMe(row: PersonRow) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    department: row.department,
    site: row.site,
    timeZone: row.time_zone,
    locale: row.locale,
    roles: row.roles,
    suggestionDigest: row.suggestion_digest,
    organisation: { id: row.org_id, name: row.org_name },
  };
}

export async function getMe(tx: Tx, actor: Actor) {
  const row = await findPerson(tx, actor.orgId, actor.personId);
  if (!row) throw new NotFoundError('Person');
  return presentMe(row);
}

export async function updateMyProfile(
  tx: Tx, actor: Actor,
  input: { name?: string | undefined; department?: string | null | undefined; timeZone?: string | undefined; locale?: Locale | undefined; suggestionDigest?: boolean | undefined },
) {
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    throw new InputError([{ field: 'timeZone', message: 'is not an IANA time zone' }]);
  }
  const changed = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
  if (changed.length > 0) await audit(tx, actor, 'people.profile_changed', { kind: 'person', id: actor.personId }, { fields: changed });
  await updateProfile(tx, actor.orgId, actor.personId, {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.department !== undefined && { department: input.department }),
    ...(input.timeZone !== undefined && { time_zone: input.timeZone }),
    ...(input.locale !== undefined && { locale: input.locale }),
    ...(input.suggestionDigest !== undefined && { suggestion_digest: input.suggestionDigest }),
  });
  return getMe(tx, actor);
}

/** Ends every sign-in of the people (an admin deactivated them): their next request answers 401. */
export async function endSignInsOf(tx: Tx, orgId: string, personIds: string[]): Promise<void> {
  await revokeAuthSessionsOf(tx, orgId, personIds);
}
