// Row types of the tables, as Kysely sees them. Keep in step with migrations/*.sql.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, Timestamp, UpdatedAt } from './schema-columns.ts';
import type {
  RatingLinksTable, SessionRatingsTable, SuggestionCategoriesTable, SuggestionCommentsTable, SuggestionOwnersTable, SuggestionsTable,
  SuggestionSupportsTable,
} from './schema-learning.ts';
import type { CoachAvailabilityTable, CoachWindowsTable } from './schema-availability.ts';
import type { CohortGroupsTable, CohortMembersTable, CohortRoundsTable, CohortsTable } from './schema-cohorts.ts';
import type { EncountersTable } from './schema-network.ts';
import type { PrivacyNoticeDetailsTable } from './schema-privacy-notice.ts';
import type { ErasureRequestsTable } from './schema-erasure.ts';
import type { CalendarBusyIntervalsTable, CalendarConnectionsTable } from './schema-calendar-overlay.ts';
import type { PlanProposalsTable } from './schema-planner.ts';
import type { WaitlistEntriesTable, WaitlistMode } from './schema-waiting-list.ts';

export type * from './schema-learning.ts';
export type * from './schema-network.ts';
export type * from './schema-availability.ts';
export type * from './schema-cohorts.ts';
export type * from './schema-privacy-notice.ts';
export type * from './schema-erasure.ts';
export type * from './schema-calendar-overlay.ts';
export type * from './schema-planner.ts';
export type * from './schema-waiting-list.ts';

export type Role = 'employee' | 'coach' | 'admin';
export type Locale = 'en' | 'de';
export type SessionFormat = 'in_person' | 'virtual';
export type SessionStatus = 'scheduled' | 'cancelled' | 'completed';
export type BookingStatus = 'active' | 'cancelled' | 'attended' | 'no_show';
export type CancelReason = 'employee' | 'moved' | 'session_cancelled' | 'admin' | 'deactivated';

export type MixingSetting = 'off' | 'recommend' | 'avoid_repeats';

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  status: Generated<'active' | 'suspended'>;
  default_capacity: Generated<number>;
  participants_visible: Generated<boolean>;
  max_future_bookings: Generated<number>;
  cancellation_cutoff_minutes: Generated<number>;
  reminder_hours_before: Generated<number>;
  default_time_zone: Generated<string>;
  session_idle_minutes: Generated<number>;
  session_absolute_hours: Generated<number>;
  suggestion_window_days: Generated<number>;
  participants_add_suggestions: Generated<boolean>;
  board_open_to_employees: Generated<boolean>;
  mixing: Generated<MixingSetting>;
  mixing_repeat_months: Generated<number>;
  mixing_slack_weeks: Generated<number>;
  cohort_search_seconds: Generated<number>;
  waitlist_mode: Generated<WaitlistMode>;
  waitlist_offer_hours: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PeopleTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  name: string;
  department: string | null;
  site: string | null;
  time_zone: string;
  locale: Generated<Locale>;
  roles: Generated<Role[]>;
  active: Generated<boolean>;
  calendar_feed_hash: Buffer | null;
  suggestion_digest: Generated<boolean>;
  /** The privacy notice's version the person last acknowledged, and when (migration 031). */
  privacy_notice_seen_version: string | null;
  privacy_notice_seen_at: Timestamp | null;
  /** Set on a stand-in that holds an erased person's anonymous rows, and nothing about anyone (migration 028). */
  anonymised_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ModulesTable {
  id: Generated<string>;
  org_id: string;
  code: string;
  title: string;
  summary: Generated<string>;
  language: Generated<Locale>;
  duration_minutes: Generated<number>;
  reflection_question_en: Generated<string>;
  reflection_question_de: Generated<string>;
  retired_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface RoomsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  site: string;
  capacity: number;
  time_zone: string;
  retired_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  org_id: string;
  module_id: string;
  coach_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: string;
  format: SessionFormat;
  room_id: string | null;
  online_url: string | null;
  location_note: string | null;
  language: Locale;
  capacity: Generated<number>;
  seats_taken: ColumnType<number, never, never>;
  status: Generated<SessionStatus>;
  cancel_reason: string | null;
  cancelled_at: Timestamp | null;
  series_id: string | null;
  no_suggestions_at: Timestamp | null;
  /** When its participants were counted into encounters (migration 024); null: not yet, or again. */
  encounters_counted_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BookingsTable {
  id: Generated<string>;
  org_id: string;
  session_id: string;
  person_id: string;
  status: Generated<BookingStatus>;
  created_at: CreatedAt;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
  cancel_reason: CancelReason | null;
  moved_to_booking_id: string | null;
  attendance_marked_by: string | null;
  attendance_marked_at: Timestamp | null;
  calendar_uid: Generated<string>;
  calendar_sequence: Generated<number>;
}

export interface CoachAbsencesTable {
  id: Generated<string>;
  org_id: string;
  coach_id: string;
  first_day: string;
  last_day: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  note: string | null;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
}

export type MessageKind =
  | 'login_link' | 'booking_confirmed' | 'roster_changed' | 'reminder' | 'booking_cancelled'
  | 'booking_moved' | 'session_changed' | 'session_cancelled' | 'coach_assigned' | 'coach_removed' | 'coach_absent'
  | 'suggestion_assigned' | 'suggestion_digest' | 'owner_digest' | 'feedback_request' | 'webhook_disabled'
  | 'data_export_ready' | 'erasure_confirmation'
  | 'plan_top_up' | 'waitlist_offer';
export type MessageStatus = 'pending' | 'sent' | 'moot' | 'failed';

export interface OutgoingMessagesTable {
  id: Generated<string>;
  org_id: string;
  kind: MessageKind;
  recipient_id: string;
  booking_id: string | null;
  session_id: string | null;
  calendar_sequence: number | null;
  detail: Generated<unknown>;
  status: Generated<MessageStatus>;
  send_after: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  updated_at: UpdatedAt;
}

export interface LoginLinksTable {
  id: Generated<string>;
  org_id: string;
  person_id: string;
  token_hash: Buffer;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface AuthSessionsTable {
  id: Generated<string>;
  org_id: string;
  person_id: string;
  token_hash: Buffer;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface IdempotencyKeysTable {
  org_id: string;
  person_id: string;
  key: string;
  request_fingerprint: string;
  status_code: number;
  response: unknown;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<string>;
  org_id: string;
  at: CreatedAt;
  actor_kind: 'person' | 'operator' | 'token' | 'system';
  actor_id: string | null;
  action: string;
  subject_kind: string | null;
  subject_id: string | null;
  ip: string | null;
  detail: unknown;
}

export interface OperatorTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: Buffer;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type TokenScope = 'read' | 'people:import' | 'sessions';

export interface ApiTokensTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  scopes: TokenScope[];
  token_hash: Buffer;
  created_by: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SsoSettingsTable {
  org_id: string;
  issuer: string | null;
  client_id: string | null;
  client_secret: string | null;
  create_people: Generated<boolean>;
  login_link_allowed: Generated<boolean>;
  updated_at: UpdatedAt;
}

export type DomainClaimStatus = 'pending' | 'approved' | 'rejected';

export interface SsoDomainClaimsTable {
  id: Generated<string>;
  org_id: string;
  domain: string;
  status: Generated<DomainClaimStatus>;
  claimed_at: CreatedAt;
  decided_at: Timestamp | null;
}

export interface SsoAttemptsTable {
  state_hash: Buffer;
  org_id: string;
  browser_hash: Buffer;
  nonce: string;
  code_verifier: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface Database {
  organisations: OrganisationsTable;
  people: PeopleTable;
  modules: ModulesTable;
  rooms: RoomsTable;
  sessions: SessionsTable;
  bookings: BookingsTable;
  outgoing_messages: OutgoingMessagesTable;
  coach_absences: CoachAbsencesTable;
  login_links: LoginLinksTable;
  auth_sessions: AuthSessionsTable;
  idempotency_keys: IdempotencyKeysTable;
  operator_tokens: OperatorTokensTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  sso_settings: SsoSettingsTable;
  sso_attempts: SsoAttemptsTable;
  sso_domain_claims: SsoDomainClaimsTable;
  suggestion_categories: SuggestionCategoriesTable;
  suggestions: SuggestionsTable;
  suggestion_comments: SuggestionCommentsTable;
  suggestion_owners: SuggestionOwnersTable;
  suggestion_supports: SuggestionSupportsTable;
  session_ratings: SessionRatingsTable;
  rating_links: RatingLinksTable;
  encounters: EncountersTable;
  cohorts: CohortsTable;
  cohort_members: CohortMembersTable;
  cohort_rounds: CohortRoundsTable;
  cohort_groups: CohortGroupsTable;
  coach_availability: CoachAvailabilityTable;
  coach_windows: CoachWindowsTable;
  privacy_notice_details: PrivacyNoticeDetailsTable;
  erasure_requests: ErasureRequestsTable;
  calendar_connections: CalendarConnectionsTable;
  calendar_busy_intervals: CalendarBusyIntervalsTable;
  plan_proposals: PlanProposalsTable;
  waitlist_entries: WaitlistEntriesTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type Person = Selectable<PeopleTable>;
export type Module = Selectable<ModulesTable>;
export type Room = Selectable<RoomsTable>;
export type Session = Selectable<SessionsTable>;
export type Booking = Selectable<BookingsTable>;
