// Row types of waiting lists (migration 035). Keep in step with migrations/*.sql; schema.ts
// gathers them into Database.
import type { ColumnType, Generated } from 'kysely';

export type WaitlistStatus = 'waiting' | 'promoted' | 'left';

export interface WaitlistEntriesTable {
  org_id: string;
  id: Generated<string>;
  session_id: string;
  person_id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  status: Generated<WaitlistStatus>;
  promoted_booking_id: string | null;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
