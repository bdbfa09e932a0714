// Row types of waiting lists (migrations 035, 038). Keep in step with migrations/*.sql; schema.ts
// gathers them into Database.
import type { ColumnType, Generated } from 'kysely';

/** waiting and offered are open (one per person and session); the others ended the wait. */
export type WaitlistStatus = 'waiting' | 'offered' | 'promoted' | 'declined' | 'expired' | 'left';

/** organisations.waitlist_mode: a freed seat given at once, or offered for waitlist_offer_hours. */
export type WaitlistMode = 'automatic' | 'offer';

export interface WaitlistEntriesTable {
  org_id: string;
  id: Generated<string>;
  session_id: string;
  person_id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  status: Generated<WaitlistStatus>;
  promoted_booking_id: string | null;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  offer_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
