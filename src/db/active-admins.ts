// "The organisation keeps an active admin" (LAST_ADMIN, ERASURE_LAST_ADMIN) is decided under one
// lock: every change that can take an admin away — the directory's change of roles or deactivation,
// a people import, an admin's erasure — takes it before it reads or writes the person, so two such
// changes never each count the other's admin still there.
import { sql } from 'kysely';
import type { Tx } from './transaction.ts';

/**
 * Locks the organisation's active admins, in id order so that two callers never deadlock, and
 * returns their ids. Under READ COMMITTED a row another transaction took admin away from is
 * re-read once its lock is free and then left out, so the count is the one after that change.
 */
export async function lockActiveAdmins(tx: Tx, orgId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from people where org_id = ${orgId} and active and 'admin' = any(roles) order by id for update`.execute(tx);
  return rows.map((r) => r.id);
}
