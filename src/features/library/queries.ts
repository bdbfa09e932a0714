// Writing the module library and the rooms (reading them is features/catalog).
import { sql } from 'kysely';
import type { Locale } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export interface ModuleRow {
  id: string;
  code: string;
  title: string;
  summary: string;
  language: Locale;
  duration_minutes: number;
  retired_at: Date | null;
  reflection_question_en: string;
  reflection_question_de: string;
}

const MODULE_COLUMNS = ['id', 'code', 'title', 'summary', 'language', 'duration_minutes', 'retired_at', 'reflection_question_en', 'reflection_question_de'] as const;

export async function insertModule(
  tx: Tx, orgId: string, v: { code: string; title: string; summary: string; language: Locale; duration_minutes: number; reflection_question_en: string; reflection_question_de: string },
): Promise<ModuleRow> {
  return tx.insertInto('modules').values({ org_id: orgId, ...v }).returning(MODULE_COLUMNS).executeTakeFirstOrThrow();
}

export async function updateModule(
  tx: Tx, orgId: string, id: string,
  v: Partial<{ title: string; summary: string; language: Locale; duration_minutes: number; retired: boolean; reflection_question_en: string; reflection_question_de: string }>,
): Promise<ModuleRow | undefined> {
  const { retired, ...rest } = v;
  return tx.updateTable('modules')
    .set({ ...rest, ...(retired !== undefined && { retired_at: retired ? sql`coalesce(retired_at, now())` : null }) })
    .where('org_id', '=', orgId).where('id', '=', id)
    .returning(MODULE_COLUMNS).executeTakeFirst();
}

export interface RoomRow {
  id: string;
  name: string;
  site: string;
  capacity: number;
  time_zone: string;
  retired_at: Date | null;
}

const ROOM_COLUMNS = ['id', 'name', 'site', 'capacity', 'time_zone', 'retired_at'] as const;

export async function insertRoom(tx: Tx, orgId: string, v: { name: string; site: string; capacity: number; time_zone: string }): Promise<RoomRow> {
  return tx.insertInto('rooms').values({ org_id: orgId, ...v }).returning(ROOM_COLUMNS).executeTakeFirstOrThrow();
}

export async function updateRoom(
  tx: Tx, orgId: string, id: string, v: Partial<{ name: string; site: string; capacity: number; time_zone: string; retired: boolean }>,
): Promise<RoomRow | undefined> {
  const { retired, ...rest } = v;
  return tx.updateTable('rooms')
    .set({ ...rest, ...(retired !== undefined && { retired_at: retired ? sql`coalesce(retired_at, now())` : null }) })
    .where('org_id', '=', orgId).where('id', '=', id)
    .returning(ROOM_COLUMNS).executeTakeFirst();
}

/**
 * Holds the room against sessions published or moved into it (they read it FOR SHARE) while its
 * sessions ahead are counted and it is changed; false when there is no such room.
 */
export async function lockRoom(tx: Tx, orgId: string, id: string): Promise<boolean> {
  const row = await tx.selectFrom('rooms').where('org_id', '=', orgId).where('id', '=', id).select('id').forUpdate().executeTakeFirst();
  return row !== undefined;
}

/** The largest group booked into the room from now on (capacity + coach must still fit). */
export async function largestUpcomingGroupIn(tx: Tx, orgId: string, roomId: string): Promise<number> {
  const { rows } = await sql<{ n: number | null }>`
    select max(capacity)::int as n from sessions
    where org_id = ${orgId} and room_id = ${roomId} and status = 'scheduled' and starts_at > now()`.execute(tx);
  return rows[0]?.n ?? 0;
}

export async function upcomingSessionsIn(tx: Tx, orgId: string, roomId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from sessions
    where org_id = ${orgId} and room_id = ${roomId} and status = 'scheduled' and starts_at > now()`.execute(tx);
  return rows[0]?.n ?? 0;
}
