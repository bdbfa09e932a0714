// Row types of who met whom (migration 024): one row per pair of people who took part in the same
// session. Keep in step with migrations/*.sql; schema.ts gathers them into Database.
import type { Timestamp } from './schema-columns.ts';

export interface EncountersTable {
  org_id: string;
  /** The smaller id of the pair. */
  person_a: string;
  person_b: string;
  /** The start of the first and of the last session both took part in. */
  first_met: Timestamp;
  last_met: Timestamp;
  /** How many sessions both took part in. */
  times: number;
}
