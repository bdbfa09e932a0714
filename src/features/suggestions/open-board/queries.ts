// SQL of the open board's supports: one row per person and suggestion, only ever counted or
// asked about for the reader themself. The count on the suggestion is kept by triggers (022).
import { sql } from 'kysely';
import type { SuggestionStatus } from '../../../db/schema.ts';
import type { Tx } from '../../../db/transaction.ts';

export interface SupportTarget { id: string; status: SuggestionStatus; merged_into: string | null; support_count: number }

/**
 * The suggestion to support, held against a merge until the transaction ends (a merge locks it
 * for update first): a support is never added to a duplicate whose supports were just moved on.
 * KEY SHARE lets other supporters' count updates of the same row pass.
 */
export async function supportTarget(tx: Tx, orgId: string, id: string): Promise<SupportTarget | undefined> {
  const { rows } = await sql<SupportTarget>`
    select id, status, merged_into, support_count from suggestions where org_id = ${orgId} and id = ${id} for key share`.execute(tx);
  return rows[0];
}

/** A second support of the same person is no change (the primary key). */
export async function insertSupport(tx: Tx, orgId: string, suggestionId: string, personId: string): Promise<void> {
  await tx.insertInto('suggestion_supports').values({ org_id: orgId, suggestion_id: suggestionId, person_id: personId })
    .onConflict((oc) => oc.columns(['suggestion_id', 'person_id']).doNothing()).execute();
}

export async function deleteSupport(tx: Tx, orgId: string, suggestionId: string, personId: string): Promise<void> {
  await tx.deleteFrom('suggestion_supports').where('org_id', '=', orgId).where('suggestion_id', '=', suggestionId).where('person_id', '=', personId).execute();
}

export async function supportCount(tx: Tx, orgId: string, id: string): Promise<number> {
  const row = await tx.selectFrom('suggestions').where('org_id', '=', orgId).where('id', '=', id).select('support_count').executeTakeFirst();
  return row?.support_count ?? 0;
}

/** Which of these suggestions the person supports. */
export async function supportedAmong(tx: Tx, orgId: string, personId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.selectFrom('suggestion_supports').where('org_id', '=', orgId).where('person_id', '=', personId)
    .where('suggestion_id', 'in', ids).select('suggestion_id').execute();
  return new Set(rows.map((r) => r.suggestion_id));
}

/** The duplicates folded into a suggestion, as their groups wrote them. */
export async function foldedInto(tx: Tx, orgId: string, id: string): Promise<Array<{ id: string; title: string; body: string }>> {
  return tx.selectFrom('suggestions').where('org_id', '=', orgId).where('merged_into', '=', id)
    .select(['id', 'title', 'body']).orderBy('created_at').orderBy('id').execute();
}
