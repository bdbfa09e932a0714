// The privacy notice's rows: the organisation's controller details (privacy_notice_details), the
// organisation facts the notice names, and the version each person last acknowledged (people).
import { sql, type Selectable } from 'kysely';
import type { PrivacyNoticeDetailsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export type DetailsRow = Selectable<PrivacyNoticeDetailsTable>;

export type DetailsValues = Omit<DetailsRow, 'org_id' | 'revision' | 'updated_at'>;

export async function findDetails(tx: Tx, orgId: string): Promise<DetailsRow | undefined> {
  return tx.selectFrom('privacy_notice_details').where('org_id', '=', orgId).selectAll().executeTakeFirst();
}

/**
 * The organisation's row locked against another change of its details, then the details: two admins
 * saving at once take turns, so each compares with what the other wrote and the revision is raised
 * once per material change. NO KEY UPDATE does not wait for readers or for rows that reference it.
 */
export async function lockDetails(tx: Tx, orgId: string): Promise<DetailsRow | undefined> {
  await tx.selectFrom('organisations').where('id', '=', orgId).select('id').forNoKeyUpdate().executeTakeFirstOrThrow();
  return findDetails(tx, orgId);
}

export async function saveDetails(tx: Tx, orgId: string, values: DetailsValues, revision: number): Promise<DetailsRow> {
  return tx
    .insertInto('privacy_notice_details')
    .values({ org_id: orgId, ...values, revision })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ ...values, revision, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface OrganisationAndPersonRow {
  name: string;
  seen_version: string | null;
  seen_at: Date | null;
}

/** The organisation's name, and the version the person last acknowledged. */
export async function organisationAndPerson(tx: Tx, orgId: string, personId: string): Promise<OrganisationAndPersonRow> {
  const row = await tx
    .selectFrom('organisations as o')
    .leftJoin('people as p', (j) => j.onRef('p.org_id', '=', 'o.id').on('p.id', '=', personId))
    .where('o.id', '=', orgId)
    .select([
      'o.name',
      'p.privacy_notice_seen_version as seen_version', 'p.privacy_notice_seen_at as seen_at',
    ])
    .executeTakeFirstOrThrow();
  return { ...row, seen_version: row.seen_version ?? null, seen_at: row.seen_at ?? null };
}

/**
 * Records that the person acknowledged `version`, unless that is already the version recorded:
 * the first acknowledgement of a version keeps its time. Answers what is recorded afterwards.
 */
export async function markSeen(tx: Tx, orgId: string, personId: string, version: string): Promise<{ seen_version: string | null; seen_at: Date | null }> {
  await tx
    .updateTable('people')
    .set({ privacy_notice_seen_version: version, privacy_notice_seen_at: sql`now()` })
    .where('org_id', '=', orgId)
    .where('id', '=', personId)
    .where('privacy_notice_seen_version', 'is distinct from', version)
    .execute();
  return tx
    .selectFrom('people')
    .where('org_id', '=', orgId)
    .where('id', '=', personId)
    .select(['privacy_notice_seen_version as seen_version', 'privacy_notice_seen_at as seen_at'])
    .executeTakeFirstOrThrow();
}
