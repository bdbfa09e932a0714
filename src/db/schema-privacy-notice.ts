// Row types of the privacy notice (migration 031): the organisation's controller details. Keep in
// step with migrations/*.sql; schema.ts gathers them into Database (and the people columns).
import type { Generated } from 'kysely';
import type { UpdatedAt } from './schema-columns.ts';

export interface PrivacyNoticeDetailsTable {
  org_id: string;
  controller_name: string;
  controller_address: string;
  contact_name: Generated<string>;
  contact_email: string;
  authority_name: string;
  authority_url: Generated<string>;
  extra_text_en: Generated<string>;
  extra_text_de: Generated<string>;
  /** Raised by each material change: part of the version people acknowledge. */
  revision: Generated<number>;
  updated_at: UpdatedAt;
}
