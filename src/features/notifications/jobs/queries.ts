// What the sending job reads (the message and the facts its mail needs, as they are now) and
// what it writes back (sent, moot, failed, put off).
import { sql } from 'kysely';
import { openToPerson } from '../../../db/open-to-person.ts';
import type { Locale, MessageKind, MessageStatus, SessionFormat } from '../../../db/schema.ts';
import type { Db } from '../../../db/pool.ts';
import type { Tx } from '../../../db/transaction.ts';
import { sessionOf, type SessionFacts } from '../queries.ts';

export interface MessageRow {
  id: string;
  kind: MessageKind;
  status: MessageStatus;
  detail: Record<string, unknown>;
  message_sequence: number | null;
  created_at: Date;
  send_after: Date;
  attempts: number;
  booking_id: string | null;
  session_id: string | null;
  recipient_id: string;
  recipient_name: string;
  recipient_email: string;
  recipient_locale: Locale;
  recipient_zone: string;
  recipient_active: boolean;
  org_name: string;
  org_active: boolean;
  cancellation_cutoff_minutes: number;
  booking_status: string | null;
  booking_session_id: string | null;
  calendar_uid: string | null;
  booking_sequence: number | null;
}

/**
 * The message, its recipient and booking, and its session as it is now: one statement, needing no
 * transaction (migration 013, message_to_send).
 */
export async function findMessage(db: Db | Tx, orgId: string, id: string): Promise<(MessageRow & { session: SessionFacts | undefined }) | undefined> {
  const { rows } = await sql<{ m: Record<string, unknown> | null }>`select message_to_send(${orgId}::uuid, ${id}::uuid) as m`.execute(db);
  const json = rows[0]?.m;
  if (!json) return undefined;
  // jsonb carries times as text.
  for (const key of ['created_at', 'send_after', 's_starts_at', 's_ends_at']) if (typeof json[key] === 'string') json[key] = new Date(json[key]);
  const row = json as unknown as MessageRow;
  return { ...row, session: sessionOf(row) };
}

export interface AbsenceFacts {
  coach_name: string;
  first_day: string;
  last_day: string;
  note: string | null;
  sessions: Array<{ id: string; module_title: string; starts_at: Date; ends_at: Date; seats_taken: number; capacity: number }>;
}

/** The absence as it stands and the sessions it still leaves without a coach; undefined once withdrawn. */
export async function absenceFacts(tx: Tx, orgId: string, absenceId: string): Promise<AbsenceFacts | undefined> {
  const { rows } = await sql<Omit<AbsenceFacts, 'sessions'> & { sessions: Array<Omit<AbsenceFacts['sessions'][number], 'starts_at' | 'ends_at'> & { starts_at: string; ends_at: string }> }>`
    select c.name as coach_name, a.first_day::text, a.last_day::text, a.note,
      coalesce((select jsonb_agg(jsonb_build_object('id', s.id, 'module_title', mo.title, 'starts_at', s.starts_at, 'ends_at', s.ends_at,
                  'seats_taken', s.seats_taken, 'capacity', s.capacity) order by s.starts_at)
                from sessions s join modules mo on mo.org_id = s.org_id and mo.id = s.module_id
                where s.org_id = a.org_id and s.coach_id = a.coach_id and s.status = 'scheduled' and s.starts_at > now()
                  and tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at)), '[]'::jsonb) as sessions
    from coach_absences a join people c on c.org_id = a.org_id and c.id = a.coach_id
    where a.org_id = ${orgId} and a.id = ${absenceId} and a.withdrawn_at is null
  `.execute(tx);
  const row = rows[0];
  return row && { ...row, sessions: row.sessions.map((s) => ({ ...s, starts_at: new Date(s.starts_at), ends_at: new Date(s.ends_at) })) };
}

export interface AssignedSuggestion {
  id: string;
  title: string;
  body: string;
  area: string | null;
  owner_id: string | null;
  module_title: string;
  category_en: string | null;
  category_de: string | null;
}

/** A suggestion as its owner's mail describes it. */
export async function assignedSuggestion(tx: Tx, orgId: string, id: string): Promise<AssignedSuggestion | undefined> {
  const { rows } = await sql<AssignedSuggestion>`
    select sg.id, sg.title, sg.body, sg.area, sg.owner_id, mo.title as module_title, c.name_en as category_en, c.name_de as category_de
    from suggestions sg join modules mo on mo.org_id = sg.org_id and mo.id = sg.module_id
    left join suggestion_categories c on c.org_id = sg.org_id and c.id = sg.category_id
    where sg.org_id = ${orgId} and sg.id = ${id}`.execute(tx);
  return rows[0];
}

export interface DisabledWebhook {
  url: string;
  description: string;
  enabled: boolean;
  failed_in_a_row: number;
}

/** A webhook endpoint as the admins' mail about its turning off describes it. */
export async function disabledWebhook(tx: Tx, orgId: string, id: string): Promise<DisabledWebhook | undefined> {
  const { rows } = await sql<DisabledWebhook>`
    select url, description, enabled, failed_in_a_row from webhook_endpoints where org_id = ${orgId} and id = ${id}`.execute(tx);
  return rows[0];
}

/** A waiting-list offer as its mail needs it: whether it is still open, and until when. */
export async function waitlistOffer(tx: Tx, orgId: string, entryId: string): Promise<{ status: string; person_id: string; offer_expires_at: Date | null } | undefined> {
  const { rows } = await sql<{ status: string; person_id: string; offer_expires_at: Date | null }>`
    select status, person_id, offer_expires_at from waitlist_entries where org_id = ${orgId} and id = ${entryId}`.execute(tx);
  return rows[0];
}

export interface Participant {
  id: string;
  name: string;
  email: string;
  department: string | null;
}

/** The people holding a seat, in the order they took it. */
export async function participants(tx: Tx, orgId: string, sessionId: string): Promise<Participant[]> {
  return tx.selectFrom('bookings as b')
    .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'b.org_id').onRef('p.id', '=', 'b.person_id'))
    .where('b.org_id', '=', orgId).where('b.session_id', '=', sessionId).where('b.status', '<>', 'cancelled')
    .select(['p.id', 'p.name', sql<string>`p.email::text`.as('email'), 'p.department'])
    .orderBy('b.created_at')
    .execute();
}

export async function peopleNames(tx: Tx, orgId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('people').where('org_id', '=', orgId).where('id', 'in', ids).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface Alternative {
  id: string;
  starts_at: Date;
  ends_at: Date;
  format: SessionFormat;
  room_site: string | null;
  seats_left: number;
}

/**
 * Up to three open sessions of the module the person could book instead: those they can reach first
 * (online, or in a room at their own site; anywhere for someone with no site), then in-person ones
 * elsewhere — each group soonest first.
 */
export async function alternatives(tx: Tx, orgId: string, moduleId: string, exceptSessionId: string, personId: string): Promise<Alternative[]> {
  const { rows } = await sql<Alternative>`
    select s.id, s.starts_at, s.ends_at, s.format, ro.site as room_site, s.capacity - s.seats_taken as seats_left
    from sessions s left join rooms ro on ro.org_id = s.org_id and ro.id = s.room_id
    left join people p on p.org_id = s.org_id and p.id = ${personId}
    where s.org_id = ${orgId} and s.module_id = ${moduleId} and s.status = 'scheduled' and s.id <> ${exceptSessionId}
      and s.starts_at > now() and s.seats_taken < s.capacity and s.coach_id <> ${personId} and ${openToPerson({ orgId: sql`s.org_id`, session: sql`s.id`, person: sql`${personId}::uuid` })}
      and not exists (select 1 from bookings b where b.org_id = s.org_id and b.session_id = s.id and b.person_id = ${personId} and b.status <> 'cancelled')
    order by (s.format = 'in_person' and p.site is not null and ro.site is distinct from p.site), s.starts_at
    limit 3
  `.execute(tx);
  return rows;
}

export interface OverlappingSeat {
  module_title: string;
  starts_at: Date;
  ends_at: Date;
}

/** The person's other seats whose sessions now overlap this one (its time changed under them). */
export async function overlappingSeats(tx: Tx, orgId: string, personId: string, sessionId: string): Promise<OverlappingSeat[]> {
  const { rows } = await sql<OverlappingSeat>`
    select mo.title as module_title, o.starts_at, o.ends_at
    from sessions s
    join bookings b on b.org_id = s.org_id and b.person_id = ${personId} and b.status = 'active' and b.session_id <> s.id
    join sessions o on o.org_id = b.org_id and o.id = b.session_id and o.status = 'scheduled'
      and tstzrange(o.starts_at, o.ends_at) && tstzrange(s.starts_at, s.ends_at)
    join modules mo on mo.org_id = o.org_id and mo.id = o.module_id
    where s.org_id = ${orgId} and s.id = ${sessionId}
    order by o.starts_at
  `.execute(tx);
  return rows;
}

export interface BookingCalendar {
  calendar_uid: string;
  calendar_sequence: number;
  session_id: string;
}

export async function bookingCalendar(tx: Tx, orgId: string, bookingId: string): Promise<BookingCalendar | undefined> {
  return tx.selectFrom('bookings').where('org_id', '=', orgId).where('id', '=', bookingId)
    .select(['calendar_uid', 'calendar_sequence', 'session_id']).executeTakeFirst();
}

/**
 * Records a message as sent, in one statement outside any transaction (migration 009,
 * mark_message_sent): `sentChanges` is how many roster changes the mail told; any merged in since
 * go out again.
 */
export async function markSent(db: Db, orgId: string, id: string, sentChanges: number | null): Promise<'sent' | 'requeued'> {
  const { rows } = await sql<{ outcome: 'sent' | 'requeued' }>`
    select mark_message_sent(${orgId}::uuid, ${id}::uuid, ${sentChanges}::int) as outcome`.execute(db);
  return rows[0]?.outcome ?? 'sent';
}

export async function markMoot(tx: Tx, orgId: string, id: string, reason: string): Promise<void> {
  await tx.updateTable('outgoing_messages')
    .set({ status: 'moot', last_error: reason, updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'pending')
    .execute();
}

export async function markFailed(tx: Tx, orgId: string, id: string, reason: string): Promise<void> {
  await tx.updateTable('outgoing_messages')
    .set({ status: 'failed', attempts: sql`attempts + 1`, last_error: reason.slice(0, 2000), updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'pending')
    .execute();
}

/** A temporary failure: try again later (the trigger queues a job for the new time). */
export async function postpone(tx: Tx, orgId: string, id: string, reason: string, delayMs: number): Promise<void> {
  await tx.updateTable('outgoing_messages')
    .set({
      attempts: sql`attempts + 1`,
      last_error: reason.slice(0, 2000),
      send_after: sql`now() + make_interval(secs => ${delayMs / 1000})`,
      updated_at: sql`now()`,
    })
    .where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'pending')
    .execute();
}
