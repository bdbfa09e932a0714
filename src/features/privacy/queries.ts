// The database catalog as the data map's check reads it: the public schema's base tables, whether
// they carry org_id and are under forced row-level security, and every column with whether a
// foreign key points it at people.
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type { Catalog } from './catalog-check.ts';

/** Read as the owner: the app role would not see tables it has no rights on. */
export async function readCatalog(db: Db): Promise<Catalog> {
  const { rows: tables } = await sql<{ table: string; has_org_id: boolean; forced: boolean }>`
    select c.relname as table,
      exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped) as has_org_id,
      c.relrowsecurity and c.relforcerowsecurity as forced
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname`.execute(db);
  // A reference into people is (org_id, x) → people (org_id, id): x is the column that names a person.
  const { rows: columns } = await sql<{ table: string; column: string; references_people: boolean }>`
    select c.relname as table, a.attname as column,
      exists (
        select from pg_constraint k
        where k.conrelid = c.oid and k.contype = 'f' and k.confrelid = 'public.people'::regclass
          and a.attnum = any (k.conkey) and a.attname <> 'org_id'
      ) as references_people
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname, a.attnum`.execute(db);
  return {
    tables: tables.map((t) => ({ table: t.table, hasOrgId: t.has_org_id, rowSecurityForced: t.forced })),
    columns: columns.map((c) => ({ table: c.table, column: c.column, referencesPeople: c.references_people })),
  };
}
