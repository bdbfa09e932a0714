// The module library, rooms and coaches: what a session is made of.
import { sql } from 'kysely';
import type { Tx } from '../../db/transaction.ts';

export async function listModules(tx: Tx, orgId: string, search: string | undefined, includeRetired: boolean) {
  let q = tx.selectFrom('modules').where('org_id', '=', orgId);
  if (!includeRetired) q = q.where('retired_at', 'is', null);
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('title', 'ilike', pattern), eb('code', 'ilike', pattern), eb('summary', 'ilike', pattern)]));
  }
  return q.select(['id', 'code', 'title', 'summary', 'language', 'duration_minutes', 'retired_at', 'reflection_question_en', 'reflection_question_de']).orderBy('title').execute();
}

/** Rooms, optionally only those with no session overlapping [freeFrom, freeTo). */
export async function listRooms(tx: Tx, orgId: string, site: string | undefined, free: { from: Date; to: Date } | undefined, includeRetired = false) {
  let q = tx.selectFrom('rooms as r').where('r.org_id', '=', orgId);
  if (!includeRetired) q = q.where('r.retired_at', 'is', null);
  if (site) q = q.where('r.site', '=', site);
  if (free) {
    q = q.where(({ not, exists, selectFrom }) =>
      not(exists(
        selectFrom('sessions as s')
          .whereRef('s.room_id', '=', 'r.id')
          .where('s.status', '<>', 'cancelled')
          .where(sql<boolean>`tstzrange(s.starts_at, s.ends_at) && tstzrange(${free.from}::timestamptz, ${free.to}::timestamptz)`)
          .select('s.id'),
      )),
    );
  }
  return q.select(['r.id', 'r.name', 'r.site', 'r.capacity', 'r.time_zone', 'r.retired_at']).orderBy('r.site').orderBy('r.name').execute();
}

export async function listCoaches(tx: Tx, orgId: string) {
  return tx
    .selectFrom('people')
    .where('org_id', '=', orgId)
    .where('active', '=', true)
    .where('anonymised_at', 'is', null)
    .where(sql<boolean>`'coach' = any(roles)`)
    .select(['id', 'name', 'site', 'department'])
    .orderBy('name')
    .execute();
}
