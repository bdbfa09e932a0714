// Row types of the learning loop's tables (migrations 019-022): the groups' suggestions, the board,
// supports and session ratings. Keep in step with migrations/*.sql; schema.ts gathers them into Database.
import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp, UpdatedAt } from './schema-columns.ts';

export type SuggestionStatus = 'new' | 'in_review' | 'planned' | 'done' | 'declined';

export interface SuggestionCategoriesTable {
  id: Generated<string>;
  org_id: string;
  name_en: string;
  name_de: string;
  position: Generated<number>;
  retired_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SuggestionsTable {
  id: Generated<string>;
  org_id: string;
  session_id: string;
  module_id: string;
  title: string;
  body: Generated<string>;
  category_id: string | null;
  area: string | null;
  status: Generated<SuggestionStatus>;
  version: Generated<number>;
  response: Generated<string>;
  owner_id: string | null;
  merged_into: string | null;
  first_response_at: Timestamp | null;
  /** Kept by the triggers of suggestion_supports (migration 022). */
  support_count: Generated<number>;
  outcome_changed_at: Generated<Timestamp | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionRatingsTable {
  org_id: string;
  session_id: string;
  person_id: string;
  rating: number;
  comment: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** When it entered the figures, with at least four other people's (migration 041); null: not shown. */
  released_at: Date | null;
}

export interface RatingLinksTable {
  org_id: string;
  booking_id: string;
  token_hash: Buffer;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface SuggestionCommentsTable {
  id: Generated<string>;
  org_id: string;
  suggestion_id: string;
  author_id: string;
  body: string;
  created_at: CreatedAt;
}

export interface SuggestionSupportsTable {
  org_id: string;
  suggestion_id: string;
  person_id: string;
  created_at: CreatedAt;
}

export interface SuggestionOwnersTable {
  org_id: string;
  person_id: string;
  category_ids: Generated<string[]>;
  areas: Generated<string[]>;
  created_at: CreatedAt;
}
