// Whose mail the catcher holds, for an admin who may read only their own organisation's: the
// recipients' addresses checked against the organisation's people, under row-level security.
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';

/**
 * Of these addresses (lower case), those of a person of the organisation (active or not) whom
 * no other organisation's log-in link can reach.
 */
export async function addressesOnlyOfOrganisation(db: Db, orgId: string, addresses: string[]): Promise<Set<string>> {
  if (addresses.length === 0) return new Set();
  return inOrg(db, orgId, async (tx) => {
    const { rows } = await sql<{ email: string }>`
      select lower(p.email::text) as email
      from people p
      where p.org_id = ${orgId} and p.email = any(${addresses}::citext[])
        -- One address may belong to people of several organisations, and each of them mails its
        -- own log-in links to it; the address alone cannot tell whose a message is, so it is
        -- nobody's here. The function is sign-in's cross-organisation lookup (migration 006):
        -- people who can be sent a link.
        and not exists (select from auth_people_for_sign_in(p.email::text) other where other.org_id <> ${orgId}::uuid)
    `.execute(tx);
    return new Set(rows.map((r) => r.email));
  });
}
