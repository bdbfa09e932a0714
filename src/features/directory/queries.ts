// The organisation's people as the admin manages them: search, roles, deactivation.
import { sql } from 'kysely';
import type { Locale, Role } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export interface DirectoryRow {
  id: string;
  name: string;
  email: string;
  department: string | null;
  site: string | null;
  time_zone: string;
  locale: Locale;
  roles: Role[];
  active: boolean;
  upcoming_bookings: number;
}

export interface DirectoryFilter {
  search?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  /** Name and id of the last row of the previous page. */
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export async function searchPeople(tx: Tx, orgId: string, f: DirectoryFilter): Promise<DirectoryRow[]> {
  const pattern = f.search ? `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await sql<DirectoryRow>`
    select p.id, p.name, p.email::text as email, p.department, p.site, p.time_zone, p.locale, p.roles, p.active,
      (select count(*)::int from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
       where b.org_id = p.org_id and b.person_id = p.id and b.status = 'active' and s.starts_at > now()) as upcoming_bookings
    from people p
    -- Stand-ins (erased people's anonymous rows, migration 028) are nobody: never listed.
    where p.org_id = ${orgId} and p.anonymised_at is null
      ${pattern ? sql`and (p.name ilike ${pattern} or p.email::text ilike ${pattern} or coalesce(p.department, '') ilike ${pattern})` : sql``}
      ${f.role ? sql`and ${f.role} = any(p.roles)` : sql``}
      ${f.active !== undefined ? sql`and p.active = ${f.active}` : sql``}
      ${f.after ? sql`and (p.name, p.id) > (${f.after.name}, ${f.after.id}::uuid)` : sql``}
    order by p.name, p.id
    limit ${f.limit}`.execute(tx);
  return rows;
}

export async function findForAdmin(tx: Tx, orgId: string, id: string) {
  return tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', id).where('anonymised_at', 'is', null)
    .select(['id', 'name', 'roles', 'active']).forUpdate().executeTakeFirst();
}

export async function updatePerson(
  tx: Tx, orgId: string, id: string,
  changes: { roles?: Role[]; active?: boolean; name?: string; department?: string | null; site?: string | null; time_zone?: string; locale?: Locale },
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await tx.updateTable('people').set({ ...changes, updated_at: sql`now()` }).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Sessions yet to start that the person coaches: deactivating or un-coaching them leaves these without a coach. */
export async function upcomingCoachedSessions(tx: Tx, orgId: string, coachId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from sessions where org_id = ${orgId} and coach_id = ${coachId} and status = 'scheduled' and starts_at > now()`.execute(tx);
  return rows[0]?.n ?? 0;
}
