import { sql } from 'kysely';
import type { Tx } from '../../db/transaction.ts';

export interface SetupFacts {
  rooms: boolean;
  coaches: boolean;
  people: boolean;
  sign_in: boolean;
  sessions: boolean;
}

/** Whether the organisation has each thing a running programme needs; existence only, no counts. */
export async function setupFacts(tx: Tx, orgId: string): Promise<SetupFacts> {
  const { rows } = await sql<SetupFacts>`
    select
      -- A programme that runs online only needs no rooms: an online session ticks the item too.
      exists (select 1 from rooms where org_id = ${orgId} and retired_at is null)
        or exists (select 1 from sessions where org_id = ${orgId} and format = 'virtual') as rooms,
      exists (select 1 from people where org_id = ${orgId} and active and anonymised_at is null and 'coach' = any (roles)) as coaches,
      (select count(*) from people where org_id = ${orgId} and active and anonymised_at is null and 'employee' = any (roles)) >= ${PEOPLE_TO_START} as people,
      exists (select 1 from sso_settings where org_id = ${orgId} and issuer is not null and client_id is not null)
        or exists (
          select 1 from people p where p.org_id = ${orgId} and not ('admin' = any (p.roles))
            and (p.privacy_notice_seen_at is not null or exists (select 1 from auth_sessions a where a.org_id = ${orgId} and a.person_id = p.id))
        ) as sign_in,
      exists (select 1 from sessions where org_id = ${orgId}) as sessions`.execute(tx);
  return rows[0]!;
}

/** A programme starts with a group's worth of people: one full session and its coach's first choice. */
export const PEOPLE_TO_START = 5;
