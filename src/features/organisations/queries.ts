// The organisation row and its program settings.
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import { prepared } from '../../db/prepared.ts';
import type { Tx } from '../../db/transaction.ts';

export const SETTING_COLUMNS = [
  'default_capacity',
  'participants_visible',
  'max_future_bookings',
  'cancellation_cutoff_minutes',
  'reminder_hours_before',
  'default_time_zone',
  'session_idle_minutes',
  'session_absolute_hours',
] as const;

export interface ProgramSettingsRow {
  default_capacity: number;
  participants_visible: boolean;
  max_future_bookings: number;
  cancellation_cutoff_minutes: number;
  reminder_hours_before: number;
  default_time_zone: string;
  session_idle_minutes: number;
  session_absolute_hours: number;
}

export async function getProgramSettings(tx: Tx, orgId: string): Promise<ProgramSettingsRow> {
  const [row] = (await programSettingsQuery.run(tx, { orgId })).rows;
  if (!row) throw new Error(`organisation ${orgId} not found`);
  return row;
}
const programSettingsQuery = prepared((db, $: { orgId: string }) => db.selectFrom('organisations').where('id', '=', $.orgId).select(SETTING_COLUMNS));

export async function getOrganisation(tx: Tx, orgId: string) {
  return tx.selectFrom('organisations').where('id', '=', orgId).select(['id', 'name', 'slug', 'status']).executeTakeFirst();
}

export async function updateProgramSettings(tx: Tx, orgId: string, changes: Partial<ProgramSettingsRow>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await tx.updateTable('organisations').set({ ...changes, updated_at: sql`now()` }).where('id', '=', orgId).execute();
}

export async function insertOrganisation(tx: Tx, values: { name: string; slug: string }): Promise<string> {
  const row = await tx.insertInto('organisations').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function hasAnyOrganisation(db: Db): Promise<boolean> {
  return (await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst()) !== undefined;
}
