// SQL of the suggestion board: the filtered list (keyset paging), one suggestion with its notes and
// duplicates, changes, merges, and the suggestion owners.
import { sql, type RawBuilder } from 'kysely';
import type { SuggestionStatus } from '../../../db/schema.ts';
import type { Tx } from '../../../db/transaction.ts';
import { PRIVACY_FLOOR } from '../../../lib/privacy-floor.ts';

/** What an owner may see: suggestions assigned to them, or in one of their categories or areas. */
export interface OwnerScope {
  personId: string;
  categoryIds: string[];
  /** Lower-cased. */
  areas: string[];
}

export interface BoardFilter {
  statuses?: SuggestionStatus[] | undefined;
  moduleId?: string | undefined;
  categoryId?: string | undefined;
  area?: string | undefined;
  ownerId?: string | 'none' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  text?: string | undefined;
  includeMerged?: boolean | undefined;
  /** Absent for admins, who see everything. */
  scope?: OwnerScope | undefined;
}

export type BoardSort = 'newest' | 'oldest' | 'updated' | 'supported';

/**
 * Where a page ended: its last row's sort key. For 'supported' the cursor only says so: the support
 * count is read again from the row, since a count of fewer than five people is never handed out
 * (lib/privacy-floor.ts), not even inside a cursor.
 */
export interface BoardCursor { at: Date; id: string; bySupport?: true | undefined }

export interface BoardRow {
  id: string;
  session_id: string;
  title: string;
  body: string;
  status: SuggestionStatus;
  response: string;
  category_id: string | null;
  category_en: string | null;
  category_de: string | null;
  area: string | null;
  module_id: string;
  module_code: string;
  module_title: string;
  owner_id: string | null;
  owner_name: string | null;
  merged_into: string | null;
  duplicates: number;
  supports: number;
  version: number;
  created_at: Date;
  updated_at: Date;
  first_response_at: Date | null;
}

function conditions(orgId: string, f: BoardFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`sg.org_id = ${orgId}`];
  if (!f.includeMerged) parts.push(sql`sg.merged_into is null`);
  if (f.statuses && f.statuses.length > 0) parts.push(sql`sg.status = any(${f.statuses}::text[])`);
  if (f.moduleId) parts.push(sql`sg.module_id = ${f.moduleId}`);
  if (f.categoryId) parts.push(sql`sg.category_id = ${f.categoryId}`);
  if (f.area) parts.push(sql`lower(sg.area) = lower(${f.area})`);
  if (f.ownerId === 'none') parts.push(sql`sg.owner_id is null`);
  else if (f.ownerId) parts.push(sql`sg.owner_id = ${f.ownerId}`);
  if (f.from) parts.push(sql`sg.created_at >= ${f.from}`);
  if (f.to) parts.push(sql`sg.created_at < ${f.to}`);
  if (f.text) parts.push(sql`sg.search @@ (websearch_to_tsquery('english', ${f.text}) || websearch_to_tsquery('german', ${f.text}))`);
  if (f.scope) {
    parts.push(sql`(sg.owner_id = ${f.scope.personId} or sg.category_id = any(${f.scope.categoryIds}::uuid[]) or lower(sg.area) = any(${f.scope.areas}::text[]))`);
  }
  return sql.join(parts, sql` and `);
}

const BOARD_COLUMNS = sql`
  sg.id, sg.session_id, sg.title, sg.body, sg.status, sg.response, sg.category_id, c.name_en as category_en, c.name_de as category_de,
  sg.area, sg.module_id, m.code as module_code, m.title as module_title, sg.owner_id, o.name as owner_name, sg.merged_into,
  (select count(*)::int from suggestions d where d.org_id = sg.org_id and d.merged_into = sg.id) as duplicates, sg.support_count as supports,
  sg.version, sg.created_at, sg.updated_at, sg.first_response_at`;
const BOARD_JOINS = sql`
  join modules m on m.org_id = sg.org_id and m.id = sg.module_id
  left join suggestion_categories c on c.org_id = sg.org_id and c.id = sg.category_id
  left join people o on o.org_id = sg.org_id and o.id = sg.owner_id`;

/** A support count as the order may use it: a count below the privacy floor as the lowest shown one. */
const shownSupports = (count: RawBuilder<unknown>) => sql`(case when ${count} between 1 and ${PRIVACY_FLOOR - 1} then 1 else ${count} end)`;

const ORDER: Record<BoardSort, { order: RawBuilder<unknown>; after: (c: BoardCursor) => RawBuilder<unknown> }> = {
  newest: { order: sql`sg.created_at desc, sg.id desc`, after: (c) => sql`(sg.created_at, sg.id) < (${c.at}, ${c.id})` },
  oldest: { order: sql`sg.created_at, sg.id`, after: (c) => sql`(sg.created_at, sg.id) > (${c.at}, ${c.id})` },
  updated: { order: sql`sg.updated_at desc, sg.id desc`, after: (c) => sql`(sg.updated_at, sg.id) < (${c.at}, ${c.id})` },
  // By the count as published: every withheld count (1–4 people) ranks alike, or the order among
  // them would say which has more supporters. Ties (most have none) fall back to newest first.
  supported: {
    order: sql`${shownSupports(sql`sg.support_count`)} desc, sg.created_at desc, sg.id desc`,
    after: (c) => sql`(${shownSupports(sql`sg.support_count`)}, sg.created_at, sg.id) < (
      ${shownSupports(sql`coalesce((select x.support_count from suggestions x where x.org_id = sg.org_id and x.id = ${c.id}), 0)`)}, ${c.at}, ${c.id})`,
  },
};

export async function boardPage(
  tx: Tx, orgId: string, filter: BoardFilter, sort: BoardSort, after: BoardCursor | undefined, limit: number,
): Promise<BoardRow[]> {
  const o = ORDER[sort];
  const where = after ? sql`${conditions(orgId, filter)} and ${o.after(after)}` : conditions(orgId, filter);
  const { rows } = await sql<BoardRow>`
    select ${BOARD_COLUMNS} from suggestions sg ${BOARD_JOINS}
    where ${where} order by ${o.order} limit ${limit}`.execute(tx);
  return rows;
}

/** How many match, counted up to `cap` (a page says "10,000+" rather than scan 100,000 rows). */
export async function boardCount(tx: Tx, orgId: string, filter: BoardFilter, cap: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from (select 1 from suggestions sg where ${conditions(orgId, filter)} limit ${cap}) x`.execute(tx);
  return rows[0]?.n ?? 0;
}

export async function boardRow(tx: Tx, orgId: string, id: string, scope: OwnerScope | undefined): Promise<BoardRow | undefined> {
  const { rows } = await sql<BoardRow>`
    select ${BOARD_COLUMNS} from suggestions sg ${BOARD_JOINS}
    where ${conditions(orgId, { includeMerged: true, scope })} and sg.id = ${id}`.execute(tx);
  return rows[0];
}

export interface CommentRow { id: string; author_id: string; author_name: string; body: string; created_at: Date }

export async function commentsOf(tx: Tx, orgId: string, suggestionId: string): Promise<CommentRow[]> {
  const { rows } = await sql<CommentRow>`
    select k.id, k.author_id, p.name as author_name, k.body, k.created_at
    from suggestion_comments k join people p on p.org_id = k.org_id and p.id = k.author_id
    where k.org_id = ${orgId} and k.suggestion_id = ${suggestionId} order by k.created_at, k.id`.execute(tx);
  return rows;
}

export async function duplicatesOf(tx: Tx, orgId: string, suggestionId: string): Promise<Array<{ id: string; title: string }>> {
  return tx.selectFrom('suggestions').where('org_id', '=', orgId).where('merged_into', '=', suggestionId)
    .select(['id', 'title']).orderBy('created_at').execute();
}

export async function insertComment(tx: Tx, orgId: string, v: { suggestion_id: string; author_id: string; body: string }): Promise<void> {
  await tx.insertInto('suggestion_comments').values({ org_id: orgId, ...v }).execute();
}

/** Applies a board change if the suggestion is still at `version`; false when another came first. */
export async function updateBoardFields(
  tx: Tx, orgId: string, id: string, version: number, v: Partial<{ status: SuggestionStatus; response: string; owner_id: string | null }>,
): Promise<boolean> {
  const answered = v.status !== undefined && v.status !== 'new' || (v.response !== undefined && v.response !== '');
  const result = await tx.updateTable('suggestions')
    .set({
      ...v, version: sql`version + 1`, updated_at: sql`now()`,
      ...(answered && { first_response_at: sql`coalesce(first_response_at, now())` }),
    })
    .where('org_id', '=', orgId).where('id', '=', id).where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Locks the suggestions until the transaction ends, in id order (so that two lockers never deadlock). */
export async function lockSuggestions(tx: Tx, orgId: string, ids: string[]): Promise<void> {
  await sql`select id from suggestions where org_id = ${orgId} and id = any(${ids}::uuid[]) order by id for update`.execute(tx);
}

/** Folds `id` (and whatever was merged into it) into the survivor, whose status and response they show. */
export async function mergeInto(tx: Tx, orgId: string, id: string, survivor: { id: string; status: SuggestionStatus; response: string }): Promise<void> {
  await sql`
    update suggestions set merged_into = ${survivor.id}, status = ${survivor.status}, response = ${survivor.response},
           version = version + 1, updated_at = now()
    where org_id = ${orgId} and (id = ${id} or merged_into = ${id})`.execute(tx);
}

export interface OwnerRow { person_id: string; name: string; email: string; category_ids: string[]; areas: string[] }

/**
 * An appointed owner's scope; or, for someone an admin assigned suggestions to without appointing
 * them (anyone active may be named), a scope of just those: they were mailed a link to work on one.
 */
export async function ownerScopeOf(tx: Tx, orgId: string, personId: string): Promise<OwnerScope | undefined> {
  const { rows } = await sql<{ category_ids: string[]; areas: string[] }>`
    select w.category_ids, w.areas from suggestion_owners w where w.org_id = ${orgId} and w.person_id = ${personId}
    union all
    select '{}'::uuid[], '{}'::text[] where not exists (select 1 from suggestion_owners w where w.org_id = ${orgId} and w.person_id = ${personId})
      and exists (select 1 from suggestions sg where sg.org_id = ${orgId} and sg.owner_id = ${personId})`.execute(tx);
  const row = rows[0];
  return row && { personId, categoryIds: row.category_ids, areas: row.areas.map((a) => a.toLowerCase()) };
}

export async function listOwners(tx: Tx, orgId: string): Promise<OwnerRow[]> {
  const { rows } = await sql<OwnerRow>`
    select w.person_id, p.name, p.email::text as email, w.category_ids, w.areas
    from suggestion_owners w join people p on p.org_id = w.org_id and p.id = w.person_id
    where w.org_id = ${orgId} order by p.name`.execute(tx);
  return rows;
}

export async function upsertOwner(tx: Tx, orgId: string, personId: string, v: { category_ids: string[]; areas: string[] }): Promise<void> {
  await tx.insertInto('suggestion_owners').values({ org_id: orgId, person_id: personId, ...v })
    .onConflict((oc) => oc.columns(['org_id', 'person_id']).doUpdateSet(v)).execute();
}

export async function deleteOwner(tx: Tx, orgId: string, personId: string): Promise<boolean> {
  const result = await tx.deleteFrom('suggestion_owners').where('org_id', '=', orgId).where('person_id', '=', personId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function activePerson(tx: Tx, orgId: string, personId: string): Promise<boolean> {
  const row = await tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', personId).where('active', '=', true).select('id').executeTakeFirst();
  return row !== undefined;
}

export async function activeCategoryIds(tx: Tx, orgId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.selectFrom('suggestion_categories').where('org_id', '=', orgId).where('id', 'in', ids).select('id').execute();
  return rows.map((r) => r.id);
}
