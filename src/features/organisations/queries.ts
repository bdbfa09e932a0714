// The organisation row and its program settings.
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type { MixingSetting, WaitlistMode } from '../../db/schema.ts';
import { prepared } from '../../db/prepared.ts';
import type { Tx } from '../../db/transaction.ts';

export const SETTING_COLUMNS = [
  'default_capacity',
  'participants_visible',
  'max_future_bookings',
  'cancellation_cutoff_minutes',
  'reminder_hours_before',
  'default_time_zone',
  'session_idle_minutes',
  'session_absolute_hours',
  'suggestion_window_days',
  'participants_add_suggestions',
  'board_open_to_employees',
  'mixing',
  'mixing_repeat_months',
  'mixing_slack_weeks',
  'cohort_search_seconds',
  'waitlist_mode',
  'waitlist_offer_hours',
] as const;

export interface ProgramSettingsRow {
  default_capacity: number;
  participants_visible: boolean;
  max_future_bookings: number;
  cancellation_cutoff_minutes: number;
  reminder_hours_before: number;
  default_time_zone: string;
  session_idle_minutes: number;
  session_absolute_hours: number;
  suggestion_window_days: number;
  participants_add_suggestions: boolean;
  board_open_to_employees: boolean;
  mixing: MixingSetting;
  mixing_repeat_months: number;
  mixing_slack_weeks: number;
  cohort_search_seconds: number;
  waitlist_mode: WaitlistMode;
  waitlist_offer_hours: number;
}

export async function getProgramSettings(tx: Tx, orgId: string): Promise<ProgramSettingsRow> {
  const [row] = (await programSettingsQuery.run(tx, { orgId })).rows;
  if (!row) throw new Error(`organisation ${orgId} not found`);
  return row;
}
const programSettingsQuery = prepared((db, $: { orgId: string }) => db.selectFrom('organisations').where('id', '=', $.orgId).select(SETTING_COLUMNS));

export async function updateProgramSettings(tx: Tx, orgId: string, changes: Partial<ProgramSettingsRow>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await tx.updateTable('organisations').set({ ...changes, updated_at: sql`now()` }).where('id', '=', orgId).execute();
}

export async function insertOrganisation(tx: Tx, values: { name: string; slug: string }): Promise<string> {
  const row = await tx.insertInto('organisations').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function hasAnyOrganisation(db: Db): Promise<boolean> {
  return (await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst()) !== undefined;
}

// ---- Operators (operator-service.ts): organisations created, suspended and listed across the
// deployment. Requests run as the app role: a new organisation is written inside inOrg with its
// own (new) id, and the list of all of them comes from a security-definer function (migration 007).

export interface OrganisationSummaryRow {
  id: string;
  name: string;
  slug: string;
  status: 'active' | 'suspended';
  default_time_zone: string;
  created_at: Date;
  active_people: string | number;
  admins: string | number;
}

/** False when the slug is taken (by any organisation: the unique index sees past row-level security). */
export async function insertNewOrganisation(tx: Tx, v: { id: string; name: string; slug: string; defaultTimeZone: string }): Promise<boolean> {
  const row = await tx
    .insertInto('organisations')
    .values({ id: v.id, name: v.name, slug: v.slug, default_time_zone: v.defaultTimeZone })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertModules(
  tx: Tx, orgId: string, modules: ReadonlyArray<{ code: string; title: string; summary: string; language: 'en' | 'de'; durationMinutes: number; reflectionQuestionEn: string; reflectionQuestionDe: string }>,
): Promise<void> {
  if (modules.length === 0) return;
  await tx
    .insertInto('modules')
    .values(modules.map((m) => ({
      org_id: orgId, code: m.code, title: m.title, summary: m.summary, language: m.language, duration_minutes: m.durationMinutes,
      reflection_question_en: m.reflectionQuestionEn, reflection_question_de: m.reflectionQuestionDe,
    })))
    .execute();
}

/** Whether the address is a person of the organisation already, and active; the row locked against a
 * change of either until the appointment commits. */
export async function lockPersonByEmail(tx: Tx, orgId: string, email: string): Promise<{ id: string; active: boolean; stand_in: boolean } | undefined> {
  return tx.selectFrom('people').where('org_id', '=', orgId).where('email', '=', email)
    .select(['id', 'active', sql<boolean>`anonymised_at is not null`.as('stand_in')]).forNoKeyUpdate().executeTakeFirst();
}

/**
 * Makes the address an admin of the organisation: a new person, or an existing one given the role.
 * A deactivated person is reactivated only with `reactivate`; otherwise nothing changes and the
 * answer is undefined.
 */
export async function upsertAdmin(tx: Tx, orgId: string, v: { email: string; name: string; timeZone: string; reactivate?: boolean }) {
  return tx
    .insertInto('people')
    .values({ org_id: orgId, email: v.email, name: v.name, time_zone: v.timeZone, roles: ['admin', 'employee'] })
    .onConflict((oc) => oc.constraint('people_one_email_per_org').doUpdateSet({
      roles: sql`(select array_agg(distinct r order by r) from unnest(people.roles || array['admin']) r)`,
      active: true,
      updated_at: sql`now()`,
    }).where(sql<boolean>`people.anonymised_at is null and (people.active or ${v.reactivate === true})`))
    .returning(['id', 'email', sql<boolean>`xmax = 0`.as('created')])
    .executeTakeFirst();
}

export async function setOrganisationStatus(tx: Tx, orgId: string, status: 'active' | 'suspended'): Promise<boolean> {
  const row = await tx.updateTable('organisations').set({ status, updated_at: sql`now()` }).where('id', '=', orgId).returning('id').executeTakeFirst();
  return row !== undefined;
}

const activePeople = sql<string>`(select count(*) from people p where p.org_id = o.id and p.active)`;
const admins = sql<string>`(select count(*) from people p where p.org_id = o.id and p.active and 'admin' = any(p.roles))`;

/** One organisation (inside inOrg for it, or as the owner). */
export async function findOrganisationSummary(tx: Tx | Db, orgId: string): Promise<OrganisationSummaryRow | undefined> {
  return tx
    .selectFrom('organisations as o')
    .where('o.id', '=', orgId)
    .select(['o.id', 'o.name', 'o.slug', 'o.status', 'o.default_time_zone', 'o.created_at', activePeople.as('active_people'), admins.as('admins')])
    .executeTakeFirst();
}

/** Every organisation, as the owner (the command line). */
export async function listAllOrganisations(db: Db): Promise<OrganisationSummaryRow[]> {
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name', 'o.slug', 'o.status', 'o.default_time_zone', 'o.created_at', activePeople.as('active_people'), admins.as('admins')])
    .orderBy('o.name').orderBy('o.id')
    .execute();
}

/** Every organisation, for the operator whose token hash is given (nothing for any other hash). */
export async function listOrganisationsForOperator(db: Db, operatorTokenHash: Buffer): Promise<OrganisationSummaryRow[]> {
  return (await sql<OrganisationSummaryRow>`select * from operator_list_organisations(${operatorTokenHash})`.execute(db)).rows;
}

export async function findOrganisationIdBySlug(db: Db, slug: string): Promise<string | undefined> {
  return (await db.selectFrom('organisations').where('slug', '=', slug).select('id').executeTakeFirst())?.id;
}

export async function insertOperatorToken(db: Db, v: { name: string; tokenHash: Buffer }): Promise<{ id: string; created_at: Date }> {
  return db.insertInto('operator_tokens').values({ name: v.name, token_hash: v.tokenHash }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
}

/** The operator behind a token hash (recording its use), through the definer function of migration 007. */
export async function findOperator(db: Db, tokenHash: Buffer, now: Date): Promise<{ operator_token_id: string; name: string } | undefined> {
  return (await sql<{ operator_token_id: string; name: string }>`select * from operator_authenticate(${tokenHash}, ${now}::timestamptz)`.execute(db)).rows[0];
}

// ---- Organisations leaving (operator-export.ts, operator-deletion.ts): every table holding an
// organisation's rows is found in the catalog, so a table added later is exported and deleted
// without anyone remembering it (the deletion itself is migration 032's delete_organisation).

export interface OrganisationTable {
  name: string;
  /** The column naming the organisation: org_id, or id for the organisations row itself. */
  key: 'org_id' | 'id';
  columns: string[];
}

/** Every table of the public schema with an org_id column, then organisations, with their columns in order. */
export async function organisationTables(tx: Tx): Promise<OrganisationTable[]> {
  const { rows } = await sql<{ name: string; columns: string[] }>`
    select c.relname as name, array_agg(a.attname::text order by a.attnum) as columns
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and (c.relname = 'organisations' or exists (
        select from pg_attribute k where k.attrelid = c.oid and k.attname = 'org_id' and not k.attisdropped))
    group by c.relname
    order by c.relname = 'organisations' desc, c.relname`.execute(tx);
  return rows.map((r) => ({ name: r.name, key: r.name === 'organisations' ? 'id' : 'org_id', columns: r.columns }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The organisation's rows of one table, `batch` at a time, through a cursor (inside the data
 * export's inOrgSnapshot): a large organisation never sits in memory whole. Each value comes as
 * PostgreSQL writes it as text (as COPY does), null as null.
 */
export async function* organisationRows(tx: Tx, orgId: string, table: OrganisationTable, batch = 1000): AsyncGenerator<Array<Array<string | null>>> {
  if (!UUID.test(orgId)) throw new Error(`not an organisation id: ${JSON.stringify(orgId)}`);
  // A literal, not a parameter: DECLARE takes none; the id was checked to be exactly a UUID.
  await sql`declare organisation_export no scroll cursor for
    select ${sql.join(table.columns.map((c) => sql`${sql.id(c)}::text`))}
    from ${sql.table(table.name)} where ${sql.id(table.key)} = ${sql.lit(orgId)}::uuid`.execute(tx);
  try {
    for (;;) {
      const { rows } = await sql<Record<string, string | null>>`fetch forward ${sql.lit(batch)} from organisation_export`.execute(tx);
      if (rows.length === 0) return;
      yield rows.map((row) => Object.values(row));
      if (rows.length < batch) return;
    }
  } finally {
    await sql`close organisation_export`.execute(tx);
  }
}

/** The organisation's slug and status, its row locked against a change of status until the transaction ends. */
export async function lockOrganisation(tx: Tx, orgId: string): Promise<{ slug: string; status: 'active' | 'suspended' } | undefined> {
  return tx.selectFrom('organisations').where('id', '=', orgId).select(['slug', 'status']).forUpdate().executeTakeFirst();
}

export interface DeletionRow {
  org_id: string;
  slug: string;
  deleted_at: Date;
  deleted_by: 'operator' | 'system';
  rows_deleted: Record<string, number>;
  jobs_deleted: number;
}

/**
 * Deletes the organisation (migration 032): as the operator through the function that asks for
 * the token again, or as the owner (the command line). Also answers the addresses only its people had.
 */
export async function deleteOrganisationRows(tx: Tx, orgId: string, operatorTokenHash: Buffer | null): Promise<DeletionRow & { addresses: string[] }> {
  const { rows } = operatorTokenHash
    ? await sql<DeletionRow & { addresses: string[] }>`select * from operator_delete_organisation(${operatorTokenHash}, ${orgId}::uuid)`.execute(tx)
    : await sql<DeletionRow & { addresses: string[] }>`select * from delete_organisation(${orgId}::uuid, 'system', null)`.execute(tx);
  return rows[0]!;
}

/** Earlier deletions, latest first, by id or by slug: for the operator's token, or as the owner. */
export async function findDeletions(db: Db | Tx, by: { orgId?: string; slug?: string }, operatorTokenHash: Buffer | null): Promise<DeletionRow[]> {
  if (operatorTokenHash) {
    return (await sql<DeletionRow>`
      select * from operator_deleted_organisations(${operatorTokenHash}, ${by.orgId ?? null}::uuid, ${by.slug ?? null}::text)`.execute(db)).rows;
  }
  return (await sql<DeletionRow>`
    select organisation_id as org_id, slug, deleted_at, deleted_by, rows_deleted, jobs_deleted from deleted_organisations
    where (${by.orgId ?? null}::uuid is null or organisation_id = ${by.orgId ?? null}::uuid) and (${by.slug ?? null}::text is null or slug = ${by.slug ?? null}::text)
    order by deleted_at desc`.execute(db)).rows;
}
