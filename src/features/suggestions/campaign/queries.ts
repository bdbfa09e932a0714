// The SQL of a module's campaign figures: one statement, so the figures agree with each other.
import { sql } from 'kysely';
import type { SuggestionStatus } from '../../../db/schema.ts';
import type { Tx } from '../../../db/transaction.ts';
import type { OwnerScope } from '../board/queries.ts';

export interface CampaignRow {
  code: string;
  title: string;
  sessions_held: number;
  sessions_reflected: number;
  suggestions: number;
  by_status: Partial<Record<SuggestionStatus, number>>;
  by_category: Array<{ id: string | null; en: string | null; de: string | null; n: number }>;
  median_seconds: number | null;
  weekly: Array<{ week: string; n: number }>;
}

export async function campaignFigures(
  tx: Tx, orgId: string, moduleId: string, timeZone: string, range: { from?: Date | undefined; to?: Date | undefined }, scope: OwnerScope | undefined,
): Promise<CampaignRow | undefined> {
  const sessionRange = sql.join([
    ...(range.from ? [sql`s.starts_at >= ${range.from}`] : []), ...(range.to ? [sql`s.starts_at < ${range.to}`] : []), sql`true`,
  ], sql` and `);
  const suggestionRange = sql.join([
    ...(range.from ? [sql`sg.created_at >= ${range.from}`] : []), ...(range.to ? [sql`sg.created_at < ${range.to}`] : []),
    ...(scope ? [sql`(sg.owner_id = ${scope.personId} or sg.category_id = any(${scope.categoryIds}::uuid[]) or lower(sg.area) = any(${scope.areas}::text[]))`] : []),
    sql`true`,
  ], sql` and `);
  const { rows } = await sql<CampaignRow>`
    with held as (
      select s.id, s.no_suggestions_at from sessions s
      where s.org_id = ${orgId} and s.module_id = ${moduleId} and s.status <> 'cancelled' and s.starts_at <= now() and ${sessionRange}
    ), sg as (
      select sg.status, sg.category_id, sg.created_at, sg.first_response_at from suggestions sg
      where sg.org_id = ${orgId} and sg.module_id = ${moduleId} and sg.merged_into is null and ${suggestionRange}
    )
    select m.code, m.title,
      (select count(*)::int from held) as sessions_held,
      (select count(*)::int from held h where h.no_suggestions_at is not null
         or exists (select 1 from suggestions x where x.org_id = ${orgId} and x.session_id = h.id)) as sessions_reflected,
      (select count(*)::int from sg) as suggestions,
      (select coalesce(jsonb_object_agg(status, n), '{}') from (select status, count(*)::int as n from sg group by status) t) as by_status,
      (select coalesce(jsonb_agg(jsonb_build_object('id', t.category_id, 'en', c.name_en, 'de', c.name_de, 'n', t.n) order by t.n desc), '[]')
         from (select category_id, count(*)::int as n from sg group by category_id) t
         left join suggestion_categories c on c.org_id = ${orgId} and c.id = t.category_id) as by_category,
      (select percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at))
         from sg where first_response_at is not null) as median_seconds,
      (select coalesce(jsonb_agg(jsonb_build_object('week', to_char(w, 'YYYY-MM-DD'), 'n', n) order by w), '[]')
         from (select date_trunc('week', created_at at time zone ${timeZone}) as w, count(*)::int as n from sg group by 1) t) as weekly
    from modules m where m.org_id = ${orgId} and m.id = ${moduleId}`.execute(tx);
  return rows[0];
}
