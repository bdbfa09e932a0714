// People's own records.
import { sql } from 'kysely';
import type { Locale } from '../../db/schema.ts';
import type { Db } from '../../db/pool.ts';
import type { Tx } from '../../db/transaction.ts';

export async function findPerson(tx: Tx, orgId: string, id: string) {
  return tx
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .where('p.org_id', '=', orgId)
    .where('p.id', '=', id)
    .select(['p.id', 'p.name', 'p.email', 'p.department', 'p.site', 'p.time_zone', 'p.locale', 'p.roles', 'o.id as org_id', 'o.name as org_name'])
    .executeTakeFirst();
}

export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

export async function updateProfile(
  tx: Tx, orgId: string, id: string, changes: { name?: string; department?: string | null; time_zone?: string; locale?: Locale },
) {
  if (Object.keys(changes).length === 0) return;
  await tx.updateTable('people').set({ ...changes, updated_at: sql`now()` }).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Finds whom a command-line user acts as, by address (and organisation, where the address is in several). */
export async function findActorByEmail(db: Db, email: string, orgSlug: string | undefined) {
  let q = db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .where('p.email', '=', email)
    .where('p.active', '=', true);
  if (orgSlug) q = q.where('o.slug', '=', orgSlug);
  return q.select(['p.id', 'p.org_id', 'p.roles', 'p.time_zone', 'p.locale', 'o.slug']).execute();
}
