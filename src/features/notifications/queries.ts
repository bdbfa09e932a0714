// The feature's own reads: a session as every message and calendar entry describes it (shared by
// the worker's read-back, jobs/, and the calendar feed, feed/), and the admin's list of outgoing
// mail with its retry.
import { sql } from 'kysely';
import type { Locale, MessageKind, MessageStatus, SessionFormat } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

/** The s_* columns of a row as the session they describe; undefined if it has none. */
export function sessionOf(row: object): SessionFacts | undefined {
  if (!('s_id' in row) || row.s_id === null) return undefined;
  return Object.fromEntries(
    Object.entries(row).filter(([k]) => k.startsWith('s_')).map(([k, v]) => [k.slice(2), v]),
  ) as unknown as SessionFacts;
}

// Shared by sessionFacts and feedSessions (migration 013 has the same list for the worker's read): a session with its module, coach and room, as s_*.
export const SESSION_FACTS_COLUMNS = sql`
  s.id as s_id, s.status as s_status, s.starts_at as s_starts_at, s.ends_at as s_ends_at, s.time_zone as s_time_zone,
  s.format as s_format, s.online_url as s_online_url, s.location_note as s_location_note, s.cancel_reason as s_cancel_reason,
  s.language as s_language, s.capacity as s_capacity, s.seats_taken as s_seats_taken, s.module_id as s_module_id,
  mo.title as s_module_title, mo.summary as s_module_summary, s.coach_id as s_coach_id, c.name as s_coach_name,
  c.email::text as s_coach_email, ro.name as s_room_name, ro.site as s_room_site,
  mo.reflection_question_en as s_question_en, mo.reflection_question_de as s_question_de`;
export const SESSION_FACTS_JOINS = sql`
  left join modules mo on mo.org_id = s.org_id and mo.id = s.module_id
  left join people c on c.org_id = s.org_id and c.id = s.coach_id
  left join rooms ro on ro.org_id = s.org_id and ro.id = s.room_id`;

export interface SessionFacts {
  id: string;
  status: 'scheduled' | 'cancelled' | 'completed';
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  format: SessionFormat;
  online_url: string | null;
  location_note: string | null;
  cancel_reason: string | null;
  language: Locale;
  capacity: number;
  seats_taken: number;
  module_id: string;
  module_title: string;
  module_summary: string;
  /** The module's reflection question (migration 019); either may be empty. */
  question_en: string;
  question_de: string;
  coach_id: string;
  coach_name: string;
  coach_email: string;
  room_name: string | null;
  room_site: string | null;
}

export async function sessionFacts(tx: Tx, orgId: string, sessionId: string): Promise<SessionFacts | undefined> {
  const { rows } = await sql<Record<string, unknown>>`
    select ${SESSION_FACTS_COLUMNS} from sessions s ${SESSION_FACTS_JOINS}
    where s.org_id = ${orgId} and s.id = ${sessionId}
  `.execute(tx);
  return rows[0] && sessionOf(rows[0]);
}

export interface MessageListRow {
  id: string;
  kind: MessageKind;
  status: MessageStatus;
  recipient_id: string;
  recipient_name: string;
  recipient_email: string;
  session_id: string | null;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  send_after: Date;
  sent_at: Date | null;
}

export async function listMessages(
  tx: Tx, orgId: string, filter: { status?: MessageStatus | undefined; before?: Date | undefined; limit: number },
): Promise<MessageListRow[]> {
  let query = tx.selectFrom('outgoing_messages as m')
    .innerJoin('people as r', (j) => j.onRef('r.org_id', '=', 'm.org_id').onRef('r.id', '=', 'm.recipient_id'))
    .where('m.org_id', '=', orgId)
    .select([
      'm.id', 'm.kind', 'm.status', 'm.recipient_id', 'r.name as recipient_name', sql<string>`r.email::text`.as('recipient_email'),
      'm.session_id', 'm.attempts', 'm.last_error', 'm.created_at', 'm.send_after', 'm.sent_at',
    ])
    .orderBy('m.created_at', 'desc')
    .limit(filter.limit);
  if (filter.status) query = query.where('m.status', '=', filter.status);
  if (filter.before) query = query.where('m.created_at', '<', filter.before);
  return query.execute();
}

/** Back to pending (the trigger queues it); only a failed message can be retried. */
export async function retryMessage(tx: Tx, orgId: string, id: string): Promise<{ status: MessageStatus } | undefined> {
  const retried = await tx.updateTable('outgoing_messages')
    .set({ status: 'pending', send_after: sql`now()`, attempts: 0, last_error: null, updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'failed')
    .returning('status').executeTakeFirst();
  // Not retried: say why (no such message, or one that is not failed).
  return retried ?? tx.selectFrom('outgoing_messages').where('org_id', '=', orgId).where('id', '=', id).select('status').executeTakeFirst();
}

/** A planner's proposal's status (the top-up mail says nothing once it is gone or published). */
export async function proposalStatus(tx: Tx, orgId: string, proposalId: string): Promise<string | undefined> {
  const { rows } = await sql<{ status: string }>`
    select status from plan_proposals where org_id = ${orgId} and id::text = ${proposalId}`.execute(tx);
  return rows[0]?.status;
}
