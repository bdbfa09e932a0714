// Row types of erasure (migration 028): the confirmations employees ask for by mail. Keep in step
// with migrations/*.sql; schema.ts gathers them into Database (and people.anonymised_at).
import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './schema-columns.ts';

export interface ErasureRequestsTable {
  org_id: string;
  id: Generated<string>;
  person_id: string;
  /** Set by the mail's job as it sends the link; only the hash of the token. */
  token_hash: Buffer | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}
