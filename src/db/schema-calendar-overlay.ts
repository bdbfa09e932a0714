// Row types of employees' own calendars (migration 036). Keep in step with migrations/*.sql;
// schema.ts gathers them into Database.
import type { ColumnType } from 'kysely';

type Time = ColumnType<Date, Date | string, Date | string>;

export interface CalendarConnectionsTable {
  org_id: string;
  person_id: string;
  address_sealed: Buffer;
  address_host: string;
  fetched_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  fetch_error: string | null;
  busy_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CalendarBusyIntervalsTable {
  org_id: string;
  person_id: string;
  starts_at: Time;
  ends_at: Time;
}
