// The outbox: messages queued inside the transaction of the change that causes them (a trigger
// adds the job that sends each, migrations/009 and 011). Other features queue through
// outbox/service.ts; the worker reads the rows back and marks what came of them (jobs/).
import { sql } from 'kysely';
import type { MessageKind } from '../../../db/schema.ts';
import type { Db } from '../../../db/pool.ts';
import type { Tx } from '../../../db/transaction.ts';

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

export interface ChangedBooking {
  id: string;
  person_id: string;
  calendar_sequence: number;
}

/**
 * The updated invitation to each of the session's bookings, carrying the calendar sequence its
 * owner (bookings) has just raised; pending invitations of the session are withdrawn.
 */
export async function queueSessionChanged(
  tx: Tx, orgId: string, sessionId: string, changes: SessionChange[], bookings: ChangedBooking[],
): Promise<void> {
  await withdrawPending(tx, orgId, { sessionId, kinds: ['booking_confirmed', 'session_changed'] });
  if (bookings.length === 0) return;
  await tx.insertInto('outgoing_messages').values(bookings.map((b) => ({
    org_id: orgId, kind: 'session_changed' as const, recipient_id: b.person_id, booking_id: b.id, session_id: sessionId,
    calendar_sequence: b.calendar_sequence, detail: JSON.stringify({ changes }), last_error: null, dedupe_key: null,
  }))).execute();
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

/** A suggestion was assigned to an owner: they hear of it (what it says is read when it is sent). */
export async function queueSuggestionAssigned(tx: Tx, orgId: string, ownerId: string, suggestionId: string): Promise<void> {
  await tx.insertInto('outgoing_messages')
    .values({ org_id: orgId, kind: 'suggestion_assigned', recipient_id: ownerId, detail: { suggestionId } })
    .execute();
}

/** A webhook endpoint turned off after repeated failure: every active admin of the organisation hears. */
export async function queueWebhookDisabled(tx: Tx, orgId: string, endpointId: string): Promise<void> {
  await sql`
    insert into outgoing_messages (org_id, kind, recipient_id, detail)
    select org_id, 'webhook_disabled', id, jsonb_build_object('endpointId', ${endpointId}::uuid)
    from people where org_id = ${orgId} and active and 'admin' = any(roles)`.execute(tx);
}

/** The planner's weekly top-up made a draft for weeks that run short: every active admin hears,
 * once per planned week (migration 039's index). */
export async function queuePlanTopUp(
  tx: Tx, orgId: string, proposalId: string, week: string, shortWeeks: Array<{ startsOn: string; seatsOffered: number; seatsNeeded: number }>,
): Promise<void> {
  await sql`
    insert into outgoing_messages (org_id, kind, recipient_id, detail)
    select org_id, 'plan_top_up', id, jsonb_build_object('proposalId', ${proposalId}::uuid, 'week', ${week}::text, 'shortWeeks', ${JSON.stringify(shortWeeks)}::jsonb)
    from people where org_id = ${orgId} and active and 'admin' = any(roles)
    on conflict (org_id, recipient_id, (detail ->> 'week')) where kind = 'plan_top_up' do nothing`.execute(tx);
}

/** A seat held for someone in a waiting list (features/waiting-list, migration 038): one mail per
 * offer, however often it is queued (the unique index on the entry). */
export async function queueWaitlistOffer(tx: Tx, orgId: string, entryId: string): Promise<void> {
  await sql`
    insert into outgoing_messages (org_id, kind, recipient_id, session_id, detail)
    select org_id, 'waitlist_offer', person_id, session_id, jsonb_build_object('entryId', id)
    from waitlist_entries where org_id = ${orgId} and id = ${entryId}
    on conflict (org_id, (detail ->> 'entryId')) where kind = 'waitlist_offer' do nothing`.execute(tx);
}

/** A person's data export is ready to download (features/data-export): the mail links to their
 * profile, never to the archive, and says until when it can be downloaded. */
export async function queueDataExportReady(tx: Tx, orgId: string, personId: string, exportId: string, expiresAt: Date): Promise<void> {
  await tx.insertInto('outgoing_messages')
    .values({ org_id: orgId, kind: 'data_export_ready', recipient_id: personId, detail: { exportId, expiresAt: expiresAt.toISOString() } })
    .execute();
}

/** The confirmation of an employee's erasure (features/erasure): the job makes the link's token
 * when it sends, so no usable token waits in the database. */
export async function queueErasureConfirmation(tx: Tx, orgId: string, personId: string, requestId: string): Promise<void> {
  await tx.insertInto('outgoing_messages')
    .values({ org_id: orgId, kind: 'erasure_confirmation', recipient_id: personId, detail: { requestId } })
    .execute();
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

/**
 * Queues the reminders falling due within `withinMs` that no path queued, across organisations
 * (migration 017, queue_missing_reminders); returns how many.
 */
export async function queueMissingReminders(db: Db, withinMs: number): Promise<number> {
  const { rows } = await sql<{ queued: number }>`
    select queue_missing_reminders(make_interval(secs => ${withinMs / 1000})) as queued`.execute(db);
  return rows[0]?.queued ?? 0;
}
