// Outgoing messages: queued inside the transaction of the change that causes them (a trigger adds
// the job, migrations/009), read back when the job runs, and marked with what came of them.
import { sql } from 'kysely';
import type { Locale, MessageKind, MessageStatus, SessionFormat } from '../../db/schema.ts';
import type { Db } from '../../db/pool.ts';
import type { Tx } from '../../db/transaction.ts';

export type RosterChange = { change: 'joined' | 'left'; personId: string };

// Two roster notices for one session merge while the first is still waiting to be sent.
const MERGE_ROSTER_CHANGES = sql`
  on conflict (org_id, dedupe_key) where status = 'pending'
  do update set detail = jsonb_set(outgoing_messages.detail, '{changes}',
    (outgoing_messages.detail -> 'changes') || (excluded.detail -> 'changes')), updated_at = now()`;

// Reminders of one session fall due at one instant; each recipient's is put up to two seconds
// later, by a fixed amount of their own, so that they do not all leave at once: a worker killed
// while the server takes a message may send that one message twice (it was not yet marked sent),
// and then it is one reminder, not the whole group's.
const SPREAD = (recipient: ReturnType<typeof sql.ref>) => sql`make_interval(secs => (hashtext(${recipient}::text) & 2047) / 1000.0)`;

/**
 * A seat taken (booked, or moved into): the employee's mail, the coach's roster notice and the
 * reminder, if the session is further away than the reminder lead time.
 */
export async function queueSeatTaken(
  tx: Tx, orgId: string, bookingId: string, kind: 'booking_confirmed' | 'booking_moved', detail: Record<string, unknown> = {},
): Promise<void> {
  await sql`
    with b as (
      select b.org_id, b.id, b.person_id, b.calendar_sequence, s.id as session_id, s.coach_id, s.starts_at,
             s.starts_at - make_interval(hours => o.reminder_hours_before) as remind_at
      from bookings b
      join sessions s on s.org_id = b.org_id and s.id = b.session_id
      join organisations o on o.id = b.org_id
      where b.org_id = ${orgId} and b.id = ${bookingId}
    )
    insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, calendar_sequence, send_after, detail, dedupe_key)
    select org_id, ${kind}, person_id, id, session_id, calendar_sequence, now(), ${JSON.stringify(detail)}::jsonb, null from b
    union all
    select org_id, 'roster_changed', coach_id, null, session_id, null, now(),
           jsonb_build_object('changes', jsonb_build_array(jsonb_build_object('change', 'joined', 'personId', person_id))),
           'roster:' || session_id from b
    union all
    select org_id, 'reminder', person_id, id, session_id, null, remind_at + ${SPREAD(sql.ref('person_id'))}, jsonb_build_object('startsAt', starts_at), null
    from b where remind_at > now()
    ${MERGE_ROSTER_CHANGES}
  `.execute(tx);
}

/**
 * A seat given up: the coach's roster notice, the booking's reminder withdrawn, and (unless the
 * booking moved, which its own message tells) the employee's cancellation.
 */
export async function queueSeatGivenUp(
  tx: Tx, orgId: string, bookingId: string, tellEmployee: { by: 'employee' | 'admin' } | null,
): Promise<void> {
  await withdrawPending(tx, orgId, { bookingId, kinds: ['reminder', 'booking_confirmed', 'session_changed'] });
  await sql`
    with b as (
      select b.org_id, b.id, b.person_id, b.calendar_sequence, s.id as session_id, s.coach_id
      from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
      where b.org_id = ${orgId} and b.id = ${bookingId}
    )
    insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, calendar_sequence, send_after, detail, dedupe_key)
    select org_id, 'booking_cancelled', person_id, id, session_id, calendar_sequence, now(), ${JSON.stringify(tellEmployee ?? {})}::jsonb, null
    from b where ${tellEmployee !== null}
    union all
    select org_id, 'roster_changed', coach_id, null, session_id, null, now(),
           jsonb_build_object('changes', jsonb_build_array(jsonb_build_object('change', 'left', 'personId', person_id))),
           'roster:' || session_id from b
    ${MERGE_ROSTER_CHANGES}
  `.execute(tx);
}

export type SessionChange = 'time' | 'place' | 'link' | 'note' | 'format' | 'language' | 'coach';

/** Raises every active booking's calendar sequence and queues the updated invitation to each. */
export async function queueSessionChanged(tx: Tx, orgId: string, sessionId: string, changes: SessionChange[]): Promise<void> {
  await withdrawPending(tx, orgId, { sessionId, kinds: ['booking_confirmed', 'session_changed'] });
  await sql`
    with bumped as (
      update bookings set calendar_sequence = calendar_sequence + 1
      where org_id = ${orgId} and session_id = ${sessionId} and status = 'active'
      returning org_id, id, person_id, session_id, calendar_sequence
    )
    insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, calendar_sequence, detail)
    select org_id, 'session_changed', person_id, id, session_id, calendar_sequence, ${JSON.stringify({ changes })}::jsonb from bumped
  `.execute(tx);
}

/** The session changed hands: the old coach is told it is no longer theirs, the new one gets it with its group. */
export async function queueCoachChanged(tx: Tx, orgId: string, sessionId: string, oldCoachId: string, newCoachId: string): Promise<void> {
  await withdrawPending(tx, orgId, { sessionId, kinds: ['roster_changed'] });
  await tx.insertInto('outgoing_messages').values([
    { org_id: orgId, kind: 'coach_removed', recipient_id: oldCoachId, session_id: sessionId, booking_id: null, calendar_sequence: null, last_error: null, dedupe_key: null },
    { org_id: orgId, kind: 'coach_assigned', recipient_id: newCoachId, session_id: sessionId, booking_id: null, calendar_sequence: null, last_error: null, dedupe_key: null },
  ]).execute();
}

/** Cancellations to everyone whose booking the session's cancellation ended, and the coach if someone else cancelled it. */
export async function queueSessionCancelled(tx: Tx, orgId: string, sessionId: string, bookingIds: string[], tellCoach: boolean): Promise<void> {
  await withdrawPending(tx, orgId, { sessionId });
  await sql`
    insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, calendar_sequence)
    select b.org_id, 'session_cancelled', b.person_id, b.id, b.session_id, b.calendar_sequence
    from bookings b where b.org_id = ${orgId} and b.id = any(${bookingIds}::uuid[])
    union all
    select s.org_id, 'session_cancelled', s.coach_id, null, s.id, null
    from sessions s where s.org_id = ${orgId} and s.id = ${sessionId} and ${tellCoach}
  `.execute(tx);
}

/**
 * Reminders for everyone in the session (participants and coach) at its current start; earlier
 * ones are withdrawn. None when the start is closer than the lead time: the confirmation or the
 * change notice was the last word.
 */
export async function scheduleReminders(tx: Tx, orgId: string, sessionId: string): Promise<void> {
  await withdrawPending(tx, orgId, { sessionId, kinds: ['reminder'] });
  await sql`
    with s as (
      select s.org_id, s.id, s.coach_id, s.starts_at, s.starts_at - make_interval(hours => o.reminder_hours_before) as remind_at
      from sessions s join organisations o on o.id = s.org_id
      where s.org_id = ${orgId} and s.id = ${sessionId} and s.status = 'scheduled'
    )
    insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, send_after, detail)
    select s.org_id, 'reminder', b.person_id, b.id, s.id, s.remind_at + ${SPREAD(sql.ref('b.person_id'))}, jsonb_build_object('startsAt', s.starts_at)
    from s join bookings b on b.org_id = s.org_id and b.session_id = s.id and b.status = 'active'
    where s.remind_at > now()
    union all
    select s.org_id, 'reminder', s.coach_id, null, s.id, s.remind_at + ${SPREAD(sql.ref('s.coach_id'))}, jsonb_build_object('startsAt', s.starts_at)
    from s where s.remind_at > now()
  `.execute(tx);
}

/**
 * The organisation changed its reminder lead time: every reminder still to come moves with it.
 * One whose new time has passed goes out now: the session is still ahead.
 */
export async function rescheduleReminders(tx: Tx, orgId: string): Promise<void> {
  await sql`
    update outgoing_messages m
    set send_after = greatest(now(), (m.detail ->> 'startsAt')::timestamptz - make_interval(hours => o.reminder_hours_before) + ${SPREAD(sql.ref('m.recipient_id'))}),
        updated_at = now()
    from organisations o
    where o.id = m.org_id and m.org_id = ${orgId} and m.kind = 'reminder' and m.status = 'pending'
  `.execute(tx);
}

/** A coach reported being away: every other active admin hears which sessions need a new coach. */
export async function queueCoachAbsent(tx: Tx, orgId: string, coachId: string, absenceId: string): Promise<void> {
  await sql`
    insert into outgoing_messages (org_id, kind, recipient_id, detail)
    select p.org_id, 'coach_absent', p.id, jsonb_build_object('absenceId', ${absenceId}::uuid)
    from people p where p.org_id = ${orgId} and p.active and 'admin' = any(p.roles) and p.id <> ${coachId}
  `.execute(tx);
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

/** A log-in link: the job makes the token when it sends, so no token waits in the database. */
export async function queueLoginLink(tx: Tx, orgId: string, personId: string): Promise<void> {
  await tx.insertInto('outgoing_messages')
    .values({ org_id: orgId, kind: 'login_link', recipient_id: personId, booking_id: null, session_id: null, calendar_sequence: null, last_error: null, dedupe_key: null })
    .execute();
}

async function withdrawPending(tx: Tx, orgId: string, where: { bookingId?: string; sessionId?: string; kinds?: MessageKind[] }) {
  let query = tx.updateTable('outgoing_messages')
    .set({ status: 'moot', last_error: 'superseded by a later change', updated_at: sql`now()` })
    .where('org_id', '=', orgId)
    .where('status', '=', 'pending');
  if (where.bookingId) query = query.where('booking_id', '=', where.bookingId);
  if (where.sessionId) query = query.where('session_id', '=', where.sessionId);
  if (where.kinds) query = query.where('kind', 'in', where.kinds);
  await query.execute();
}

// ---- read back when the job runs -------------------------------------------------------------

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

/** The s_* columns of a row as the session they describe; undefined if it has none. */
function sessionOf(row: object): SessionFacts | undefined {
  if (!('s_id' in row) || row.s_id === null) return undefined;
  return Object.fromEntries(
    Object.entries(row).filter(([k]) => k.startsWith('s_')).map(([k, v]) => [k.slice(2), v]),
  ) as unknown as SessionFacts;
}

// Shared by sessionFacts and feedSessions (migration 013 has the same list for the worker's read): a session with its module, coach and room, as s_*.
const SESSION_FACTS_COLUMNS = sql`
  s.id as s_id, s.status as s_status, s.starts_at as s_starts_at, s.ends_at as s_ends_at, s.time_zone as s_time_zone,
  s.format as s_format, s.online_url as s_online_url, s.location_note as s_location_note, s.cancel_reason as s_cancel_reason,
  s.language as s_language, s.capacity as s_capacity, s.seats_taken as s_seats_taken, s.module_id as s_module_id,
  mo.title as s_module_title, mo.summary as s_module_summary, s.coach_id as s_coach_id, c.name as s_coach_name,
  c.email::text as s_coach_email, ro.name as s_room_name, ro.site as s_room_site`;
const SESSION_FACTS_JOINS = sql`
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

/** Up to three open sessions of the module the person could book instead. */
export async function alternatives(tx: Tx, orgId: string, moduleId: string, exceptSessionId: string, personId: string): Promise<Alternative[]> {
  const { rows } = await sql<Alternative>`
    select s.id, s.starts_at, s.ends_at, s.format, ro.site as room_site, s.capacity - s.seats_taken as seats_left
    from sessions s left join rooms ro on ro.org_id = s.org_id and ro.id = s.room_id
    where s.org_id = ${orgId} and s.module_id = ${moduleId} and s.status = 'scheduled' and s.id <> ${exceptSessionId}
      and s.starts_at > now() and s.seats_taken < s.capacity and s.coach_id <> ${personId}
      and not exists (select 1 from bookings b where b.org_id = s.org_id and b.session_id = s.id and b.person_id = ${personId} and b.status <> 'cancelled')
    order by s.starts_at
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

// ---- what came of it ---------------------------------------------------------------------------

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

// ---- the admin's view ------------------------------------------------------------------------

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

// ---- the personal calendar feed --------------------------------------------------------------

export async function setFeedHash(tx: Tx, orgId: string, personId: string, hash: Buffer | null): Promise<void> {
  await tx.updateTable('people').set({ calendar_feed_hash: hash, updated_at: sql`now()` })
    .where('org_id', '=', orgId).where('id', '=', personId).execute();
}

export async function hasFeed(tx: Tx, orgId: string, personId: string): Promise<boolean> {
  const row = await tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', personId)
    .select(sql<boolean>`calendar_feed_hash is not null`.as('on')).executeTakeFirst();
  return row?.on ?? false;
}

/** Whose feed this is, across organisations (the calendar client has no session). */
export async function feedOwner(tx: Tx, hash: Buffer): Promise<{ org_id: string; person_id: string } | undefined> {
  const { rows } = await sql<{ org_id: string; person_id: string }>`select * from calendar_feed_owner(${hash})`.execute(tx);
  return rows[0];
}

export interface FeedRow {
  uid: string;
  role: 'participant' | 'coach';
  session: SessionFacts;
}

/** The person's sessions from a day ago on: the seats they hold and the sessions they coach. */
export async function feedSessions(tx: Tx, orgId: string, personId: string): Promise<FeedRow[]> {
  const { rows } = await sql<{ uid: string; role: 'participant' | 'coach' } & Record<string, unknown>>`
    select f.uid, f.role, ${SESSION_FACTS_COLUMNS}
    from (
      select b.calendar_uid as uid, 'participant' as role, b.session_id
      from bookings b where b.org_id = ${orgId} and b.person_id = ${personId} and b.status <> 'cancelled'
      union all
      select 'coach-' || s.id || '@quartet', 'coach', s.id from sessions s where s.org_id = ${orgId} and s.coach_id = ${personId}
    ) f
    join sessions s on s.org_id = ${orgId} and s.id = f.session_id
    ${SESSION_FACTS_JOINS}
    where s.status <> 'cancelled' and s.ends_at > now() - interval '1 day'
    order by s.starts_at
    limit 500
  `.execute(tx);
  return rows.map((row) => ({ uid: row.uid, role: row.role, session: sessionOf(row)! }));
}
