// An employee's calendar connection (the sealed address, the last fetch) and its cache of busy
// intervals.
import type { Tx } from '../../db/transaction.ts';
import type { BusyInterval } from './busy-times.ts';

export interface ConnectionRow {
  address_sealed: Buffer;
  address_host: string;
  fetched_at: Date | null;
  fetch_error: string | null;
  busy_expires_at: Date | null;
}

export function connection(tx: Tx, orgId: string, personId: string): Promise<ConnectionRow | undefined> {
  return tx.selectFrom('calendar_connections').where('org_id', '=', orgId).where('person_id', '=', personId)
    .select(['address_sealed', 'address_host', 'fetched_at', 'fetch_error', 'busy_expires_at']).executeTakeFirst();
}

/** A new address replaces the old one and everything learnt from it (an upsert: two saves at once
 * from two tabs end with one of them, not a duplicate key). */
export async function saveConnection(tx: Tx, orgId: string, personId: string, sealed: Buffer, host: string): Promise<void> {
  await tx.insertInto('calendar_connections').values({ org_id: orgId, person_id: personId, address_sealed: sealed, address_host: host })
    .onConflict((c) => c.columns(['org_id', 'person_id']).doUpdateSet({
      address_sealed: sealed, address_host: host, fetched_at: null, fetch_error: null, busy_expires_at: null, created_at: new Date(),
    }))
    .execute();
  await tx.deleteFrom('calendar_busy_intervals').where('org_id', '=', orgId).where('person_id', '=', personId).execute();
}

export async function deleteConnection(tx: Tx, orgId: string, personId: string): Promise<boolean> {
  const deleted = await tx.deleteFrom('calendar_connections').where('org_id', '=', orgId).where('person_id', '=', personId).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}

/**
 * Records a fetch of the address that was sealed as `sealed` — only if that is still the saved
 * one (it may have been changed or removed while the fetch ran). A fetch that failed keeps the
 * busy intervals learnt before until they expire.
 */
export async function recordFetch(
  tx: Tx, orgId: string, personId: string, sealed: Buffer,
  outcome: { fetchedAt: Date; error: string | null; busy?: BusyInterval[]; expiresAt?: Date },
): Promise<boolean> {
  const updated = await tx.updateTable('calendar_connections')
    .set({ fetched_at: outcome.fetchedAt, fetch_error: outcome.error, ...(outcome.expiresAt ? { busy_expires_at: outcome.expiresAt } : {}) })
    .where('org_id', '=', orgId).where('person_id', '=', personId).where('address_sealed', '=', sealed)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n || !outcome.busy) return updated.numUpdatedRows > 0n;
  await tx.deleteFrom('calendar_busy_intervals').where('org_id', '=', orgId).where('person_id', '=', personId).execute();
  if (outcome.busy.length > 0) {
    await tx.insertInto('calendar_busy_intervals')
      .values(outcome.busy.map((b) => ({ org_id: orgId, person_id: personId, starts_at: b.startsAt, ends_at: b.endsAt })))
      .execute();
  }
  return true;
}

/** The cached busy intervals that end after `from`, while the cache has not expired at `now`. */
export async function cachedBusy(tx: Tx, orgId: string, personId: string, from: Date, now: Date): Promise<BusyInterval[]> {
  const rows = await tx.selectFrom('calendar_busy_intervals as b')
    .innerJoin('calendar_connections as c', (j) => j.onRef('c.org_id', '=', 'b.org_id').onRef('c.person_id', '=', 'b.person_id'))
    .where('b.org_id', '=', orgId).where('b.person_id', '=', personId)
    .where('b.ends_at', '>', from).where('c.busy_expires_at', '>', now)
    .select(['b.starts_at', 'b.ends_at']).orderBy('b.starts_at').execute();
  return rows.map((r) => ({ startsAt: r.starts_at, endsAt: r.ends_at }));
}
