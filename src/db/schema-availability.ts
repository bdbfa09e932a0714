// Row types of coaches' availability (migration 033). Keep in step with migrations/*.sql; schema.ts
// gathers them into Database.
import type { ColumnType, Generated } from 'kysely';

export interface CoachAvailabilityTable {
  org_id: string;
  person_id: string;
  time_zone: string;
  max_sessions_per_week: number | null;
  coaches_online: Generated<boolean>;
  sites: Generated<string[]>;
  module_ids: Generated<string[]>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
}

export interface CoachWindowsTable {
  org_id: string;
  id: Generated<string>;
  person_id: string;
  weekday: number;
  starts_minute: number;
  ends_minute: number;
}
