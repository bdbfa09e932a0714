// Events written in the caller's transaction, with one delivery per enabled endpoint that wants the
// type (the deliveries' trigger adds their jobs, migration 023). With no such endpoint nothing is
// written. The payload is read here, as the change left it, and sent as it is on every attempt.
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../../db/transaction.ts';
import type { WebhookEventType } from '../schema.ts';

const iso = (column: RawBuilder<unknown>) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Writes one event per row of `data` (a select of one jsonb column named data). */
async function writeEvents(tx: Tx, orgId: string, type: WebhookEventType, data: RawBuilder<unknown>): Promise<void> {
  await sql`
    with wanted as (
      select id from webhook_endpoints where org_id = ${orgId} and enabled and ${type} = any(events)
    ), events as (
      insert into webhook_events (org_id, type, payload)
      select ${orgId}, ${type}, d.data from (${data}) d where exists (select 1 from wanted)
      returning id
    )
    insert into webhook_deliveries (org_id, event_id, endpoint_id)
    select ${orgId}, e.id, w.id from events e cross join wanted w`.execute(tx);
}

export function queueWebhookEvent(tx: Tx, orgId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<void> {
  return writeEvents(tx, orgId, type, sql`select ${JSON.stringify(data)}::jsonb as data`);
}

/** Suggestions as receivers read them: never who typed one (there is no such column). */
export function queueSuggestionEvents(
  tx: Tx, orgId: string, type: 'suggestion.created' | 'suggestion.status_changed', ids: string[], previousStatus?: string,
): Promise<void> {
  if (ids.length === 0) return Promise.resolve();
  return writeEvents(tx, orgId, type, sql`
    select jsonb_build_object('suggestion', jsonb_build_object(
      'id', sg.id, 'title', sg.title, 'text', sg.body, 'status', sg.status, 'response', sg.response, 'mergedInto', sg.merged_into,
      'module', jsonb_build_object('id', mo.id, 'code', mo.code, 'title', mo.title),
      'category', case when c.id is null then null else jsonb_build_object('id', c.id, 'nameEn', c.name_en, 'nameDe', c.name_de) end,
      'area', sg.area, 'sessionId', sg.session_id, 'createdAt', ${iso(sql`sg.created_at`)}
    ) || case when ${previousStatus ?? null}::text is null then '{}'::jsonb else jsonb_build_object('previousStatus', ${previousStatus ?? null}::text) end) as data
    from suggestions sg
    join modules mo on mo.org_id = sg.org_id and mo.id = sg.module_id
    left join suggestion_categories c on c.org_id = sg.org_id and c.id = sg.category_id
    where sg.org_id = ${orgId} and sg.id = any(${ids}::uuid[])
    order by sg.created_at, sg.id`);
}

/** Suggestions merged into this one: they follow its status (a trigger, migration 020). */
export async function withDuplicates(tx: Tx, orgId: string, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from suggestions where org_id = ${orgId} and (id = ${id} or merged_into = ${id}) order by created_at, id`.execute(tx);
  return rows.map((r) => r.id);
}

/**
 * Bookings name the person by id only, as the records of processing say: the receiver is the
 * organisation's own system, which can look the id up; an address in every event would copy
 * contact details into each receiver's logs and our delivery log for nothing.
 */
export function queueBookingEvents(tx: Tx, orgId: string, type: 'booking.created' | 'booking.cancelled', ids: string[]): Promise<void> {
  if (ids.length === 0) return Promise.resolve();
  return writeEvents(tx, orgId, type, sql`
    select jsonb_build_object(
      'booking', jsonb_build_object('id', b.id, 'sessionId', b.session_id, 'personId', b.person_id,
        'status', b.status, 'cancelReason', b.cancel_reason, 'movedTo', b.moved_to_booking_id),
      'session', jsonb_build_object('id', s.id, 'moduleId', s.module_id, 'startsAt', ${iso(sql`s.starts_at`)}, 'endsAt', ${iso(sql`s.ends_at`)})
    ) as data
    from bookings b
    join sessions s on s.org_id = b.org_id and s.id = b.session_id
    where b.org_id = ${orgId} and b.id = any(${ids}::uuid[])
    order by b.created_at, b.id`);
}

export function queueSessionCancelledEvent(tx: Tx, orgId: string, sessionId: string, cancelledBookings: string[]): Promise<void> {
  return writeEvents(tx, orgId, 'session.cancelled', sql`
    select jsonb_build_object('session', jsonb_build_object(
      'id', s.id, 'module', jsonb_build_object('id', mo.id, 'code', mo.code, 'title', mo.title),
      'startsAt', ${iso(sql`s.starts_at`)}, 'endsAt', ${iso(sql`s.ends_at`)}, 'reason', s.cancel_reason,
      'cancelledBookings', ${JSON.stringify(cancelledBookings)}::jsonb
    )) as data
    from sessions s join modules mo on mo.org_id = s.org_id and mo.id = s.module_id
    where s.org_id = ${orgId} and s.id = ${sessionId}`);
}
