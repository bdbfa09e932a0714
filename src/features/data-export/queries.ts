// SQL of the data_exports table (migration 030), and the read-only snapshot the export is gathered
// in. The table is written with raw SQL (as webhooks' tables are): it is read by this feature only.
import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type { Tx } from '../../db/transaction.ts';

export type ExportStatus = 'preparing' | 'ready' | 'downloaded' | 'expired' | 'failed';

export interface ExportRow {
  id: string;
  person_id: string;
  status: ExportStatus;
  requested_at: Date;
  ready_at: Date | null;
  expires_at: Date | null;
  downloaded_at: Date | null;
  archive_bytes: number | null;
}

const COLUMNS = sql`id, person_id, status, requested_at, ready_at, expires_at, downloaded_at, archive_bytes`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in one REPEATABLE READ, READ ONLY transaction of the organisation, with times in
 * UTC: every statement of an export (a person's, or the operator's of a whole organisation) sees
 * the same moment, however long the gathering takes and whatever changes meanwhile, and a time
 * written as text reads the same on every server. inOrg cannot give it: its BEGIN already reads
 * (set_config), after which the level is fixed.
 */
export async function inOrgSnapshot<T>(db: Db, orgId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!UUID.test(orgId)) throw new Error(`not an organisation id: ${JSON.stringify(orgId)}`);
  return db.connection().execute(async (conn) => {
    await conn.executeQuery(CompiledQuery.raw(
      `begin isolation level repeatable read read only; select set_config('app.org_id', '${orgId}', true); set local time zone 'UTC'`,
    ));
    try {
      const result = await work(conn);
      await conn.executeQuery(CompiledQuery.raw('commit'));
      return result;
    } catch (error) {
      await conn.executeQuery(CompiledQuery.raw('rollback')).catch(() => {});
      throw error;
    }
  });
}

/** A new request; its insert queues the prepare_data_export job (trigger of migration 030). */
export async function insertExport(tx: Tx, orgId: string, personId: string): Promise<ExportRow | undefined> {
  const { rows } = await sql<ExportRow>`
    insert into data_exports (org_id, person_id) values (${orgId}, ${personId})
    on conflict (org_id, person_id) where status = 'preparing' do nothing
    returning ${COLUMNS}`.execute(tx);
  return rows[0];
}

/** Archives of the person not yet downloaded give way to the new request: one at a time. */
export async function supersedeReadyExports(tx: Tx, orgId: string, personId: string): Promise<void> {
  await sql`
    update data_exports set status = 'expired', archive = null
    where org_id = ${orgId} and person_id = ${personId} and status = 'ready'`.execute(tx);
}

export async function latestExport(tx: Tx, orgId: string, personId: string): Promise<ExportRow | undefined> {
  const { rows } = await sql<ExportRow>`
    select ${COLUMNS} from data_exports where org_id = ${orgId} and person_id = ${personId}
    order by requested_at desc, id limit 1`.execute(tx);
  return rows[0];
}

/** The person's own export, locked for the download's decision; undefined for anyone else's. */
export async function ownExportForUpdate(tx: Tx, orgId: string, personId: string, id: string): Promise<ExportRow | undefined> {
  const { rows } = await sql<ExportRow>`
    select ${COLUMNS} from data_exports where org_id = ${orgId} and person_id = ${personId} and id = ${id}
    for update`.execute(tx);
  return rows[0];
}

/** Hands out the archive and forgets it in one statement: the second download finds nothing. */
export async function takeArchive(tx: Tx, orgId: string, id: string, now: Date): Promise<Buffer | undefined> {
  const { rows } = await sql<{ archive: Buffer }>`
    update data_exports e set status = 'downloaded', downloaded_at = ${now}, archive = null
    from (select id, archive from data_exports where org_id = ${orgId} and id = ${id} and status = 'ready' for update) taken
    where e.org_id = ${orgId} and e.id = taken.id
    returning taken.archive`.execute(tx);
  return rows[0]?.archive;
}

/** The export as the job finds it when it starts. */
export async function exportToPrepare(tx: Tx, orgId: string, id: string): Promise<ExportRow | undefined> {
  const { rows } = await sql<ExportRow>`select ${COLUMNS} from data_exports where org_id = ${orgId} and id = ${id} for update`.execute(tx);
  return rows[0];
}

/** The archive stored; the status change queues its expiry job (trigger of migration 030). */
export async function storeArchive(tx: Tx, orgId: string, id: string, archive: Uint8Array, readyAt: Date, expiresAt: Date): Promise<boolean> {
  const result = await sql`
    update data_exports set status = 'ready', archive = ${Buffer.from(archive)}, archive_bytes = ${archive.byteLength},
      ready_at = ${readyAt}, expires_at = ${expiresAt}
    where org_id = ${orgId} and id = ${id} and status = 'preparing'`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

export async function markFailed(tx: Tx, orgId: string, id: string, failure: string): Promise<void> {
  await sql`update data_exports set status = 'failed', failure = ${failure.slice(0, 500)}
    where org_id = ${orgId} and id = ${id} and status = 'preparing'`.execute(tx);
}

/** Deletes every archive of the organisation whose time is over; the rows stay as the record of requests. */
export async function expireArchives(tx: Tx, orgId: string, now: Date | undefined): Promise<number> {
  // Without a clock of the caller's, the database's: the expiry job runs when the database's clock
  // reaches expires_at, which the worker's own clock may not have quite reached.
  const result = await sql`
    update data_exports set status = 'expired', archive = null
    where org_id = ${orgId} and status = 'ready' and expires_at <= coalesce(${now ?? null}::timestamptz, now())`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

