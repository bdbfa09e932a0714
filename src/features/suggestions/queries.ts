// SQL of suggestions and their categories.
import { sql } from 'kysely';
import type { SessionStatus, SuggestionStatus } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

/** What deciding about a session's suggestions needs, as the database sees it now. */
export interface ReflectionFacts {
  id: string;
  coach_id: string;
  status: SessionStatus;
  module_id: string;
  starts_at: Date;
  closes_at: Date;
  started: boolean;
  open_now: boolean;
  no_suggestions_at: Date | null;
  question_en: string;
  question_de: string;
  participants_add: boolean;
  /** The reader holds a seat that counts (active, or attended once marked). */
  participant: boolean;
}

/** The session's facts; `lock` holds its row so a "no suggestions" mark and a new suggestion cannot cross. */
export async function reflectionFacts(tx: Tx, orgId: string, sessionId: string, personId: string, lock: boolean): Promise<ReflectionFacts | undefined> {
  const { rows } = await sql<ReflectionFacts>`
    select s.id, s.coach_id, s.status, s.module_id, s.starts_at, s.no_suggestions_at,
           s.ends_at + o.suggestion_window_days * interval '24 hours' as closes_at,
           now() >= s.starts_at as started,
           now() >= s.starts_at and now() <= s.ends_at + o.suggestion_window_days * interval '24 hours' as open_now,
           m.reflection_question_en as question_en, m.reflection_question_de as question_de,
           o.participants_add_suggestions as participants_add,
           exists (select 1 from bookings b where b.org_id = s.org_id and b.session_id = s.id and b.person_id = ${personId}
                   and b.status in ('active', 'attended')) as participant
    from sessions s
    join modules m on m.org_id = s.org_id and m.id = s.module_id
    join organisations o on o.id = s.org_id
    where s.org_id = ${orgId} and s.id = ${sessionId}
    ${lock ? sql`for no key update of s` : sql``}`.execute(tx);
  return rows[0];
}

export interface SuggestionRow {
  id: string;
  session_id: string;
  title: string;
  body: string;
  category_id: string | null;
  category_en: string | null;
  category_de: string | null;
  area: string | null;
  status: SuggestionStatus;
  response: string;
  merged_into: string | null;
  /**
   * The board has begun on it, so the group no longer changes it: a status past new, merged, an
   * owner, an answer once given (a response while still new, or a status since set back to new),
   * internal notes, or duplicates merged into it. One predicate for the refusal and the page's buttons.
   */
  taken_up: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const withCategory = sql`
  select sg.id, sg.session_id, sg.title, sg.body, sg.category_id, c.name_en as category_en, c.name_de as category_de,
         sg.area, sg.status, sg.response, sg.merged_into, sg.version, sg.created_at, sg.updated_at,
         (sg.status <> 'new' or sg.merged_into is not null or sg.owner_id is not null or sg.first_response_at is not null
          or exists (select 1 from suggestion_comments k where k.org_id = sg.org_id and k.suggestion_id = sg.id)
          or exists (select 1 from suggestions d where d.org_id = sg.org_id and d.merged_into = sg.id)) as taken_up
  from suggestions sg left join suggestion_categories c on c.org_id = sg.org_id and c.id = sg.category_id`;

export async function suggestionsOfSession(tx: Tx, orgId: string, sessionId: string): Promise<SuggestionRow[]> {
  const { rows } = await sql<SuggestionRow>`${withCategory}
    where sg.org_id = ${orgId} and sg.session_id = ${sessionId} order by sg.created_at, sg.id`.execute(tx);
  return rows;
}

/** The suggestions of the groups the person was part of (a seat held or attended), sessions begun, newest first. */
export async function suggestionsOfPerson(tx: Tx, orgId: string, personId: string, limit: number): Promise<SuggestionRow[]> {
  const { rows } = await sql<SuggestionRow>`${withCategory}
    where sg.org_id = ${orgId} and sg.session_id in (
      select b.session_id from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
      where b.org_id = ${orgId} and b.person_id = ${personId} and b.status in ('active', 'attended') and s.starts_at <= now())
    order by sg.created_at desc, sg.id desc limit ${limit}`.execute(tx);
  return rows;
}

export async function suggestionById(tx: Tx, orgId: string, id: string): Promise<SuggestionRow | undefined> {
  const { rows } = await sql<SuggestionRow>`${withCategory} where sg.org_id = ${orgId} and sg.id = ${id}`.execute(tx);
  return rows[0];
}

export async function insertSuggestion(
  tx: Tx, orgId: string, v: { session_id: string; module_id: string; title: string; body: string; category_id: string | null; area: string | null },
): Promise<string> {
  const row = await tx.insertInto('suggestions').values({ org_id: orgId, ...v }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Changes the suggestion if it is still at `version`; false when another change came first (or it is gone). */
export async function updateSuggestion(
  tx: Tx, orgId: string, id: string, version: number, v: Partial<{ title: string; body: string; category_id: string | null; area: string | null }>,
): Promise<boolean> {
  const result = await tx.updateTable('suggestions')
    .set({ ...v, version: sql`version + 1`, updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', id).where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteSuggestion(tx: Tx, orgId: string, id: string): Promise<void> {
  await tx.deleteFrom('suggestions').where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Marks or unmarks "no suggestions"; a new suggestion clears the mark. */
export async function setNoSuggestions(tx: Tx, orgId: string, sessionId: string, none: boolean): Promise<void> {
  await tx.updateTable('sessions').set({ no_suggestions_at: none ? sql`coalesce(no_suggestions_at, now())` : null })
    .where('org_id', '=', orgId).where('id', '=', sessionId).execute();
}

export async function countSuggestions(tx: Tx, orgId: string, sessionId: string): Promise<number> {
  const row = await tx.selectFrom('suggestions').where('org_id', '=', orgId).where('session_id', '=', sessionId)
    .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CategoryRow {
  id: string;
  name_en: string;
  name_de: string;
  position: number;
  retired_at: Date | null;
}

const CATEGORY_COLUMNS = ['id', 'name_en', 'name_de', 'position', 'retired_at'] as const;

export async function listCategories(tx: Tx, orgId: string, includeRetired: boolean): Promise<CategoryRow[]> {
  let q = tx.selectFrom('suggestion_categories').where('org_id', '=', orgId).select(CATEGORY_COLUMNS);
  if (!includeRetired) q = q.where('retired_at', 'is', null);
  return q.orderBy('position').orderBy('name_en').execute();
}

export async function activeCategory(tx: Tx, orgId: string, id: string): Promise<CategoryRow | undefined> {
  return tx.selectFrom('suggestion_categories').where('org_id', '=', orgId).where('id', '=', id).where('retired_at', 'is', null)
    .select(CATEGORY_COLUMNS).executeTakeFirst();
}

export async function insertCategory(tx: Tx, orgId: string, v: { name_en: string; name_de: string; position: number }): Promise<CategoryRow> {
  return tx.insertInto('suggestion_categories').values({ org_id: orgId, ...v }).returning(CATEGORY_COLUMNS).executeTakeFirstOrThrow();
}

export async function updateCategory(
  tx: Tx, orgId: string, id: string, v: Partial<{ name_en: string; name_de: string; position: number; retired: boolean }>,
): Promise<CategoryRow | undefined> {
  const { retired, ...rest } = v;
  return tx.updateTable('suggestion_categories')
    .set({ ...rest, ...(retired !== undefined && { retired_at: retired ? sql`coalesce(retired_at, now())` : null }) })
    .where('org_id', '=', orgId).where('id', '=', id)
    .returning(CATEGORY_COLUMNS).executeTakeFirst();
}
