// One person's data as it stands at one moment: every query of queries.ts beside this file, run in
// the export's read-only snapshot transaction (the caller opens it).
import type { Tx } from '../../../db/transaction.ts';
import type { DataMap } from '../../privacy/data-map-types.ts';
import * as q from './queries.ts';

type Row = Record<string, unknown>;

export interface Snapshot {
  at: Date;
  requestId: string;
  person: Row;
  bookings: Row[];
  waitingLists: Row[];
  sessionsCoached: Row[];
  absences: Row[];
  ratings: Row[];
  suggestionsTyped: Row[];
  supports: Row[];
  boardNotes: Row[];
  ownedSuggestions: Row[];
  ownerAppointment: Row | undefined;
  encounters: Row;
  authSessions: Row[];
  loginLinks: Row[];
  ratingLinks: Row[];
  messages: Row[];
  audit: Row[];
  cohortMemberships: Row[];
  cohortsMade: Row[];
  dataExports: Row[];
  apiTokens: Row[];
  idempotencyKeys: Row[];
  webhookEvents: Row[];
  webhookEndpoints: Row[];
  otherRecords: Record<string, Row[]>;
}

/** Tables whose rows about the person have a section of their own in the export. */
export const PRESENTED_TABLES = new Set([
  'people', 'bookings', 'sessions', 'coach_absences', 'session_ratings', 'suggestions', 'suggestion_supports', 'suggestion_comments',
  'suggestion_owners', 'encounters', 'auth_sessions', 'login_links', 'rating_links', 'outgoing_messages', 'audit_log',
  'cohort_members', 'cohorts', 'data_exports', 'api_tokens', 'idempotency_keys', 'webhook_events', 'webhook_endpoints', 'waitlist_entries',
]);

/** Everything about the person; undefined when there is no such person (erased meanwhile). */
export async function gatherSnapshot(
  tx: Tx, orgId: string, personId: string, requestId: string, at: Date, declared: DataMap = {},
): Promise<Snapshot | undefined> {
  const person = await q.personRow(tx, orgId, personId);
  if (!person) return undefined;
  // One after another: a transaction's statements share its one connection.
  return {
    at, requestId, person,
    bookings: await q.bookingRows(tx, orgId, personId),
    waitingLists: await q.waitlistRows(tx, orgId, personId),
    sessionsCoached: await q.sessionsCoachedRows(tx, orgId, personId),
    absences: await q.absenceRows(tx, orgId, personId),
    ratings: await q.ratingRows(tx, orgId, personId),
    suggestionsTyped: await q.suggestionTypedRows(tx, orgId, personId),
    supports: await q.supportRows(tx, orgId, personId),
    boardNotes: await q.boardNoteRows(tx, orgId, personId),
    ownedSuggestions: await q.ownedSuggestionRows(tx, orgId, personId),
    ownerAppointment: await q.ownerAppointmentRow(tx, orgId, personId),
    encounters: await q.encounterCounts(tx, orgId, personId),
    authSessions: await q.authSessionRows(tx, orgId, personId),
    loginLinks: await q.loginLinkRows(tx, orgId, personId),
    ratingLinks: await q.ratingLinkRows(tx, orgId, personId),
    messages: await q.messageRows(tx, orgId, personId),
    audit: await q.auditRows(tx, orgId, personId),
    cohortMemberships: await q.cohortMembershipRows(tx, orgId, personId),
    cohortsMade: await q.cohortsMadeRows(tx, orgId, personId),
    dataExports: await q.dataExportRows(tx, orgId, personId),
    apiTokens: await q.apiTokenRows(tx, orgId, personId),
    idempotencyKeys: await q.idempotencyKeyRows(tx, orgId, personId),
    webhookEvents: await q.webhookEventRows(tx, orgId, personId),
    webhookEndpoints: await q.webhookEndpointRows(tx, orgId, personId),
    otherRecords: await otherRecords(tx, orgId, personId, declared),
  };
}

// A table added later by another part of Quartet, declared in the data map with the person as its
// subject, reaches the export without waiting for a section of its own: its personal columns, binary
// ones (hashes, secrets) left out.
async function otherRecords(tx: Tx, orgId: string, personId: string, declared: DataMap): Promise<Record<string, Row[]>> {
  const found: Record<string, Row[]> = {};
  for (const [table, declaration] of Object.entries(declared)) {
    if (PRESENTED_TABLES.has(table) || !declaration.subject) continue;
    const columns = Object.entries(declaration.columns).filter(([, c]) => c.personal).map(([name]) => name);
    const list = await q.subjectRows(tx, orgId, table, declaration.subject, columns, personId);
    if (list.length > 0) found[table] = list.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => !Buffer.isBuffer(v))));
  }
  return found;
}
