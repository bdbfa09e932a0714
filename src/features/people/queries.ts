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
    .select(['p.id', 'p.name', 'p.email', 'p.department', 'p.site', 'p.time_zone', 'p.locale', 'p.roles', 'p.suggestion_digest', 'o.id as org_id', 'o.name as org_name'])
    .executeTakeFirst();
}

export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

export async function updateProfile(
  tx: Tx, orgId: string, id: string, changes: { name?: string; department?: string | null; time_zone?: string; locale?: Locale; suggestion_digest?: boolean },
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

// ---- Importing people in bulk (import.ts). Rows travel as one array per column and are
// unnested in the database: one statement per few thousand rows instead of one per person.

/** One batch of imported people, column by column; null means "the file does not say". */
export interface PeopleColumns {
  emails: string[];
  names: string[];
  departments: Array<string | null>;
  sites: Array<string | null>;
  zones: Array<string | null>;
  locales: Array<string | null>;
  /** Comma-separated, e.g. "employee,coach". */
  roles: Array<string | null>;
  /** Whether the file has these columns; without them, existing people keep theirs. */
  hasDepartment: boolean;
  hasSite: boolean;
}

export interface ImportCounts {
  created: number;
  updated: number;
}

/** Imports run one at a time per organisation, so two files cannot each deactivate the other's people. */
export async function lockPeopleImport(tx: Tx, orgId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended('quartet.people_import:' || ${orgId}::text, 0))`.execute(tx);
}

/** What writing the batch would do: people to create, and existing people whose record would change. */
export async function planPeopleBatch(tx: Tx, orgId: string, batch: PeopleColumns): Promise<ImportCounts> {
  const { rows } = await sql<ImportCounts>`
    with i as (${input(batch)})
    select count(*) filter (where p.id is null)::int as created,
           count(*) filter (where p.id is not null and ${changed(batch)})::int as updated
    from i left join people p on p.org_id = ${orgId} and p.email = i.email::citext`.execute(tx);
  return rows[0]!;
}

/**
 * Updates the batch's existing people (matched by e-mail, whatever its case) where anything
 * changed, reactivating them, and creates the others with the organisation's defaults. The insert
 * sees the table as it was before the update in the same statement, which is what it needs: the
 * update changes no address beyond its letter case.
 */
export async function writePeopleBatch(tx: Tx, orgId: string, batch: PeopleColumns): Promise<ImportCounts> {
  const { rows } = await sql<ImportCounts>`
    with i as (${input(batch)}),
    updated as (
      update people p set
        email = i.email, name = i.name, department = ${newValue(batch, 'department')}, site = ${newValue(batch, 'site')},
        time_zone = coalesce(i.time_zone, p.time_zone), locale = coalesce(i.locale, p.locale),
        roles = coalesce(i.roles, p.roles), active = true, updated_at = now()
      from i
      where p.org_id = ${orgId} and p.email = i.email::citext and ${changed(batch)}
      returning 1
    ),
    created as (
      insert into people (org_id, email, name, department, site, time_zone, locale, roles)
      select ${orgId}, i.email, i.name, i.department, i.site, coalesce(i.time_zone, o.default_time_zone), coalesce(i.locale, 'en'), coalesce(i.roles, '{employee}')
      from i join organisations o on o.id = ${orgId}
      where not exists (select 1 from people p where p.org_id = ${orgId} and p.email = i.email::citext)
      -- Someone created meanwhile by other means (first sign-in) keeps that record.
      on conflict (org_id, email) do nothing
      returning 1
    )
    select (select count(*) from created)::int as created, (select count(*) from updated)::int as updated`.execute(tx);
  return rows[0]!;
}

function input(b: PeopleColumns) {
  return sql`select email, name, department, site, time_zone, locale, string_to_array(roles, ',') as roles
    from unnest(${b.emails}::text[], ${b.names}::text[], ${b.departments}::text[], ${b.sites}::text[],
                ${b.zones}::text[], ${b.locales}::text[], ${b.roles}::text[]) as u(email, name, department, site, time_zone, locale, roles)`;
}

function newValue(b: PeopleColumns, column: 'department' | 'site') {
  const given = column === 'department' ? b.hasDepartment : b.hasSite;
  return given ? sql.ref(`i.${column}`) : sql.ref(`p.${column}`);
}

// Roles compare as sets: {coach,employee} and {employee,coach} are the same roles.
function changed(b: PeopleColumns) {
  return sql`((p.email::text, p.name, p.department, p.site, p.time_zone, p.locale, p.active)
      is distinct from (i.email, i.name, ${newValue(b, 'department')}, ${newValue(b, 'site')},
                        coalesce(i.time_zone, p.time_zone), coalesce(i.locale, p.locale), true)
    or not (p.roles @> coalesce(i.roles, p.roles) and p.roles <@ coalesce(i.roles, p.roles)))`;
}

// Active people of the organisation whose address is not in the file, never the admin importing.
function missingPeople(orgId: string, emails: string[], keepId: string) {
  return sql`p.org_id = ${orgId} and p.active and p.id <> ${keepId}
    and not exists (select 1 from unnest(${emails}::text[]) as f(email) where f.email::citext = p.email)`;
}

/** Who would be deactivated: active people not in the file (the admin importing excepted). */
export async function findMissingPeople(tx: Tx, orgId: string, emails: string[], keepId: string) {
  const { rows } = await sql<{ id: string; email: string }>`
    select p.id, p.email::text as email from people p where ${missingPeople(orgId, emails, keepId)} order by p.email`.execute(tx);
  return rows;
}

/**
 * Deactivates these people, the ones a run found missing from its file and the caller confirmed:
 * someone who signed in for the first time meanwhile is not among them. Returns who, by address.
 */
export async function deactivatePeople(tx: Tx, orgId: string, ids: string[]) {
  const { rows } = await sql<{ id: string; email: string }>`
    update people p set active = false, updated_at = now()
    where p.org_id = ${orgId} and p.active and p.id in (select unnest(${ids}::uuid[]))
    returning p.id, p.email::text as email`.execute(tx);
  return rows.sort((a, b) => (a.email < b.email ? -1 : 1));
}

/** Which of these names of sites (or departments) no active person of the organisation has, by name. */
export async function placesNobodyHas(tx: Tx, orgId: string, kind: 'site' | 'department', names: string[]) {
  const { rows } = await sql<{ name: string }>`
    select f.name from unnest(${names}::text[]) as f(name)
    where not exists (select 1 from people p where p.org_id = ${orgId} and p.active and ${sql.ref(`p.${kind}`)} = f.name)
    order by f.name`.execute(tx);
  return rows.map((r) => r.name);
}

/** Ends every sign-in of these people at once: a deactivated person's cookie stops working. */
export async function revokeAuthSessionsOf(tx: Tx, orgId: string, personIds: string[]): Promise<number> {
  const result = await sql`
    update auth_sessions set revoked_at = now()
    where org_id = ${orgId} and revoked_at is null and person_id in (select unnest(${personIds}::uuid[]))`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
