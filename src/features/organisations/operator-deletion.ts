// Deleting an organisation completely when it leaves (issue 15). Refused unless it is suspended
// (suspension stops its people, sessions and tokens first, so nothing writes into it while it
// goes) and unless its slug is typed again. In ONE transaction (migration 032's
// delete_organisation): every row of every table with an org_id (found in the catalog, deleted in
// the order the foreign keys ask for), its jobs in graphile-worker's queue, and the organisation
// row — all or nothing, so a failure leaves the organisation as it was, suspended, to try again.
// One transaction rather than resumable batches: a suspended organisation has no other writers to
// block, and an organisation of 100,000 people is millions of rows, minutes at most; batches
// would leave an organisation half-deleted between them, whose remains someone must recognise.
//
// What stays is one row of deleted_organisations (id, slug, when, by which operator token or the
// command line, rows per table), which holds no personal data. The audit log went with the
// organisation: it was its. Caught mail (the development mail catcher under DATA_DIR/mail) sent
// only to its people's addresses is removed after the commit; files cannot share the transaction.
import path from 'node:path';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { InputError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { removeCaughtMail } from '../notifications/service.ts';
import type { OperatorAct } from './operator-service.ts';
import { deleteOrganisationRows, findDeletions, lockOrganisation, type DeletionRow } from './queries.ts';

export interface DeletionView {
  id: string;
  slug: string;
  deletedAt: string;
  deletedBy: 'operator' | 'system';
  rowsDeleted: Record<string, number>;
  jobsDeleted: number;
  /** Caught mail files removed from DATA_DIR (0 where mail goes out by SMTP). */
  filesDeleted: number;
  /** True when the organisation had been deleted before: this answer is that deletion's record. */
  alreadyDeleted: boolean;
}

const present = (row: DeletionRow, filesDeleted: number, alreadyDeleted: boolean): DeletionView => ({
  id: row.org_id, slug: row.slug, deletedAt: row.deleted_at.toISOString(), deletedBy: row.deleted_by,
  rowsDeleted: row.rows_deleted, jobsDeleted: row.jobs_deleted, filesDeleted, alreadyDeleted,
});

const wrongConfirmation = () => new InputError([{ field: 'confirm', message: 'is not the slug of the organisation' }]);

/**
 * Deletes the organisation `orgId` after checking `confirm` against its slug. Deleting it again
 * answers the first deletion's record. `dataDir` is where caught mail may lie (DATA_DIR).
 */
export async function deleteOrganisation(db: Db, orgId: string, confirm: string, by: OperatorAct, dataDir?: string): Promise<DeletionView> {
  const tokenHash = by.tokenHash ?? null;
  const deleted = await inOrg(db, orgId, async (tx) => {
    const org = await lockOrganisation(tx, orgId);
    if (!org) return undefined;
    if (confirm !== org.slug) throw wrongConfirmation();
    if (org.status !== 'suspended') {
      throw new RuleError('ORGANISATION_NOT_SUSPENDED', `Suspend ${org.slug} first: an organisation is deleted only once its people cannot sign in any more.`);
    }
    return deleteOrganisationRows(tx, orgId, tokenHash);
  });
  if (!deleted) {
    const [before] = await findDeletions(db, { orgId }, tokenHash);
    if (!before) throw new NotFoundError('Organisation');
    if (confirm !== before.slug) throw wrongConfirmation();
    return present(before, 0, true);
  }
  const filesDeleted = dataDir ? await removeCaughtMailOf(path.join(dataDir, 'mail'), new Set(deleted.addresses)) : 0;
  return present(deleted, filesDeleted, false);
}

/** The last deletion of an organisation with this slug, for the command line (as the owner). */
export async function lastDeletionOf(db: Db, slug: string): Promise<DeletionView | undefined> {
  const [before] = await findDeletions(db, { slug }, null);
  return before && present(before, 0, true);
}

/**
 * Removes the caught mail whose every recipient was an address only the deleted organisation's
 * people had. Mail carries no organisation, so a message to an address another organisation also
 * knows stays.
 */
function removeCaughtMailOf(dir: string, addresses: Set<string>): Promise<number> {
  if (addresses.size === 0) return Promise.resolve(0);
  return removeCaughtMail(dir, (message) => message.recipients.length > 0 && message.recipients.every((r) => addresses.has(r)));
}
