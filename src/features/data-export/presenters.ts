// Rows about one person -> data.json, the machine-readable half of their export (Art. 20: a
// structured, commonly used format). The shape is versioned (DATA_EXPORT_FORMAT); what each section
// means is said in summary.html (summary.ts). Privacy lives here: other people appear as counts or
// as "another person", never by name, address or id; secrets and hashes were never selected.
import type { ExportRow } from './queries.ts';
import type { Snapshot } from './snapshot/service.ts';

export const DATA_EXPORT_FORMAT = { name: 'quartet.personal-data', version: 1 } as const;
export const ANOTHER_PERSON = '(another person)';

type Row = Record<string, unknown>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface DataExportDocument {
  format: typeof DATA_EXPORT_FORMAT.name;
  version: typeof DATA_EXPORT_FORMAT.version;
  exportedAt: string;
  requestId: string;
  organisation: { name: string };
  profile: Json;
  bookings: Json[];
  waitingLists: Json[];
  attendance: Json[];
  sessionsCoached: Json[];
  coachAbsences: Json[];
  ratingsGiven: Json[];
  suggestionsTyped: Json[];
  suggestionSupports: Json[];
  boardNotes: Json[];
  suggestionsAssignedToYou: Json[];
  suggestionOwnerAppointment: Json;
  encounters: Json;
  signIns: { sessions: Json[]; events: Json[] };
  loginLinks: Json[];
  ratingLinks: Json[];
  mails: Json[];
  auditEntries: Json[];
  cohortMemberships: Json[];
  cohortsMade: Json[];
  dataExports: Json[];
  apiTokens: Json[];
  idempotencyKeys: Json[];
  webhookEvents: Json[];
  webhookEndpoints: Json[];
  /** Tables other parts of Quartet declared about the person (the data map) that have no section above. */
  otherRecords: Record<string, Json[]>;
}

/** Another person as the presenters may meet them in a free-form detail. */
export interface Stranger { id: string; email: string; name: string }

export function presentExport(s: Snapshot, strangers: Stranger[]): DataExportDocument {
  const me = String(s.person.id);
  const hide = redactor(strangers);
  const signInEvents = s.audit.filter((a) => a.action === 'auth.signed_in' && a.actor_id === me);
  const { organisation_name: organisation, ...profile } = s.person;
  return {
    format: DATA_EXPORT_FORMAT.name,
    version: DATA_EXPORT_FORMAT.version,
    exportedAt: s.at.toISOString(),
    requestId: s.requestId,
    organisation: { name: String(organisation) },
    profile: plain(profile),
    bookings: s.bookings.map((b) => presentBooking(b)),
    waitingLists: s.waitingLists.map((w) => presentWait(w)),
    attendance: s.bookings.filter((b) => b.status === 'attended' || b.status === 'no_show').map((b) => plain({
      booking_id: b.id, session_id: b.session_id, module_title: b.module_title, starts_at: b.starts_at, status: b.status,
      marked_at: b.attendance_marked_at, marked_by: b.attendance_marked_by,
    })),
    sessionsCoached: s.sessionsCoached.map((r) => presentCoached(r)),
    coachAbsences: s.absences.map(plain),
    ratingsGiven: s.ratings.map(plain),
    suggestionsTyped: s.suggestionsTyped.map((r) => plain({ ...r, still_exists: r.title !== null })),
    suggestionSupports: s.supports.map(plain),
    boardNotes: s.boardNotes.map(plain),
    suggestionsAssignedToYou: s.ownedSuggestions.map(plain),
    suggestionOwnerAppointment: s.ownerAppointment ? plain(s.ownerAppointment) : null,
    encounters: plain(s.encounters),
    signIns: {
      sessions: s.authSessions.map(plain),
      events: signInEvents.map((a) => plain({ id: a.id, action: a.action, at: a.at, ip: a.ip, method: (a.detail as Row | null)?.method ?? null })),
    },
    loginLinks: s.loginLinks.map(plain),
    ratingLinks: s.ratingLinks.map(plain),
    mails: s.messages.map((m) => hide(plain(m))),
    auditEntries: s.audit.filter((a) => !signInEvents.includes(a)).map((a) => presentAuditEntry(a, me, hide)),
    cohortMemberships: s.cohortMemberships.map(plain),
    cohortsMade: s.cohortsMade.map(plain),
    dataExports: s.dataExports.map(plain),
    apiTokens: s.apiTokens.map(plain),
    idempotencyKeys: s.idempotencyKeys.map((k) => hide(plain(k))),
    webhookEvents: s.webhookEvents.map((e) => hide(plain(e))),
    webhookEndpoints: s.webhookEndpoints.map(plain),
    otherRecords: Object.fromEntries(Object.entries(s.otherRecords).map(([table, list]) => [table, list.map((r) => hide(plain(r)))])),
  };
}

function presentBooking(b: Row): Json {
  return plain({
    id: b.id, status: b.status, created_at: b.created_at, cancelled_at: b.cancelled_at, cancel_reason: b.cancel_reason,
    cancelled_by: b.cancelled_by, moved_to_booking_id: b.moved_to_booking_id, attendance_marked_at: b.attendance_marked_at,
    attendance_marked_by: b.attendance_marked_by, calendar_uid: b.calendar_uid, calendar_sequence: b.calendar_sequence,
    session: {
      id: b.session_id, module: { id: b.module_id, code: b.module_code, title: b.module_title }, starts_at: b.starts_at, ends_at: b.ends_at,
      time_zone: b.time_zone, format: b.format, room: b.room_name === null ? null : { name: b.room_name, site: b.room_site },
      // The meeting link is for seat holders: not for a seat given up.
      online_url: b.status === 'cancelled' ? null : b.online_url, location_note: b.location_note, language: b.language, status: b.session_status,
      cancel_reason: b.session_cancel_reason,
    },
  });
}

// A wait means nothing without its session: it is shown as a booking's is.
function presentWait(w: Row): Json {
  return plain({
    id: w.id, status: w.status, created_at: w.created_at, ended_at: w.ended_at, offer_expires_at: w.offer_expires_at,
    promoted_booking_id: w.promoted_booking_id,
    session: {
      id: w.session_id, module: { id: w.module_id, code: w.module_code, title: w.module_title }, starts_at: w.starts_at, ends_at: w.ends_at,
      time_zone: w.time_zone, format: w.format, room: w.room_name === null ? null : { name: w.room_name, site: w.room_site },
      language: w.language, status: w.session_status,
    },
  });
}

function presentCoached(r: Row): Json {
  const { module_id: moduleId, module_code: code, module_title: title, room_name: room, room_site: site, ...rest } = r;
  return plain({ ...rest, module: { id: moduleId, code, title }, room: room === null ? null : { name: room, site } });
}

function presentAuditEntry(a: Row, me: string, hide: (value: Json) => Json): Json {
  const byYou = a.actor_id === me;
  // Entries by someone else keep what was done to the person, not who did it or from where.
  return hide(plain({
    id: a.id, at: a.at, action: a.action, actor_kind: a.actor_kind, by_you: byYou, about_you: a.subject_id === me,
    subject_kind: a.subject_kind, subject_id: a.subject_id, ip: byYou ? a.ip : null, detail: a.detail ?? {},
  }));
}

/** A row as JSON: camelCase keys, instants as ISO 8601 strings. */
export function plain(value: unknown): Json {
  return toJson(value);
}

function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) throw new Error('an export never carries binary values (hashes, secrets)');
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Row).map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), toJson(v)]));
  }
  if (typeof value === 'bigint') return Number(value);
  return value as Json;
}

/** Puts ANOTHER_PERSON in place of every id, address and name of the strangers, in keys' values. */
export function redactor(strangers: Stranger[]): (value: Json) => Json {
  const ids = new Set(strangers.map((p) => p.id.toLowerCase()));
  const texts = strangers.flatMap((p) => [p.email, p.name]).map((t) => t.trim()).filter((t) => t.length >= 3);
  const pattern = texts.length > 0 ? new RegExp(texts.map(escape).join('|'), 'gi') : undefined;
  const hide = (value: Json): Json => {
    if (typeof value === 'string') {
      if (ids.has(value.toLowerCase())) return ANOTHER_PERSON;
      return pattern ? value.replace(pattern, ANOTHER_PERSON) : value;
    }
    if (Array.isArray(value)) return value.map(hide);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hide(v)]));
    return value;
  };
  return hide;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Every id in the free-form parts of the snapshot: some may be other people, looked up before presenting. */
export function idsInDetails(s: Snapshot): string[] {
  const text = JSON.stringify([
    s.audit.map((a) => [a.actor_id, a.subject_id, a.detail]), s.messages.map((m) => [m.detail, m.dedupe_key]),
    s.webhookEvents.map((e) => e.payload), s.idempotencyKeys.map((k) => k.response), s.otherRecords,
  ]);
  return [...new Set(text.match(UUIDS) ?? [])].map((id) => id.toLowerCase());
}

/** A request's state as its person sees it on the profile. */
export function presentRequest(row: ExportRow) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id, status: row.status, requestedAt: row.requested_at.toISOString(), readyAt: iso(row.ready_at),
    expiresAt: iso(row.expires_at), downloadedAt: iso(row.downloaded_at), sizeBytes: row.archive_bytes,
  };
}
