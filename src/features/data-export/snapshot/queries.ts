// Everything Quartet holds about one person, read inside the export's snapshot transaction
// (queries.ts inOrgSnapshot). Each query selects what the person may receive and nothing more:
// no secret or hash, no other person's name, address or department, other people as counts only.
// Who typed a suggestion is known only to the audit log (suggestions have no author column).
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../../db/transaction.ts';

type Row = Record<string, unknown>;

async function rows(tx: Tx, query: RawBuilder<unknown>): Promise<Row[]> {
  return (await query.execute(tx)).rows as Row[];
}

export async function personRow(tx: Tx, orgId: string, personId: string): Promise<Row | undefined> {
  const [row] = await rows(tx, sql`
    select p.id, p.email, p.name, p.department, p.site, p.time_zone, p.locale, p.roles, p.active, p.deactivated_at, p.suggestion_digest,
      p.calendar_feed_hash is not null as calendar_feed_active, p.privacy_notice_seen_version, p.privacy_notice_seen_at,
      p.created_at, p.updated_at, o.name as organisation_name
    from people p join organisations o on o.id = p.org_id
    where p.org_id = ${orgId} and p.id = ${personId}`);
  return row;
}

// A session as its participant sees it: module, time, place; never the others in it or the coach.
const SESSION_OF_BOOKING = sql`
  s.id as session_id, s.starts_at, s.ends_at, s.time_zone, s.format, s.online_url, s.location_note, s.language,
  s.status as session_status, s.cancel_reason as session_cancel_reason, m.id as module_id, m.code as module_code, m.title as module_title,
  r.name as room_name, r.site as room_site`;

export function bookingRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select b.id, b.status, b.created_at, b.cancelled_at, b.cancel_reason, b.moved_to_booking_id, b.attendance_marked_at,
      b.calendar_uid, b.calendar_sequence,
      case when b.cancelled_by is null then null when b.cancelled_by = ${personId} then 'you' else 'someone else' end as cancelled_by,
      case when b.attendance_marked_by is null then null when b.attendance_marked_by = ${personId} then 'you' else 'your coach or an admin' end as attendance_marked_by,
      ${SESSION_OF_BOOKING}
    from bookings b
    join sessions s on s.org_id = b.org_id and s.id = b.session_id
    join modules m on m.org_id = s.org_id and m.id = s.module_id
    left join rooms r on r.org_id = s.org_id and r.id = s.room_id
    where b.org_id = ${orgId} and b.person_id = ${personId}
    order by s.starts_at, b.created_at, b.id`);
}

/** Sessions the person coached or published: about their work, so the group appears as counts. */
export function sessionsCoachedRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select s.id, s.starts_at, s.ends_at, s.time_zone, s.format, s.online_url, s.location_note, s.language, s.status,
      s.cancel_reason, s.cancelled_at, s.capacity, s.seats_taken, s.series_id, s.no_suggestions_at, s.created_at,
      s.coach_id = ${personId} as coached, s.created_by = ${personId} as published,
      m.id as module_id, m.code as module_code, m.title as module_title, r.name as room_name, r.site as room_site,
      -- Who came is for whoever ran the session: one who published it and handed it on knew who had booked.
      case when s.coach_id = ${personId} then
        (select count(*)::int from bookings b where b.org_id = s.org_id and b.session_id = s.id and b.status = 'attended') end as attended,
      case when s.coach_id = ${personId} then
        (select count(*)::int from bookings b where b.org_id = s.org_id and b.session_id = s.id and b.status = 'no_show') end as no_shows
    from sessions s
    join modules m on m.org_id = s.org_id and m.id = s.module_id
    left join rooms r on r.org_id = s.org_id and r.id = s.room_id
    where s.org_id = ${orgId} and (s.coach_id = ${personId} or s.created_by = ${personId})
    order by s.starts_at, s.id`);
}

export function absenceRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select id, first_day::text, last_day::text, starts_at, ends_at, note, created_at, withdrawn_at
    from coach_absences where org_id = ${orgId} and coach_id = ${personId} order by starts_at, id`);
}

/** The person's places in waiting lists, each with the session as its participant would see it. */
export function waitlistRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select w.id, w.status, w.created_at, w.ended_at, w.offer_expires_at, w.promoted_booking_id,
      s.id as session_id, s.starts_at, s.ends_at, s.time_zone, s.format, s.language, s.status as session_status,
      m.id as module_id, m.code as module_code, m.title as module_title, r.name as room_name, r.site as room_site
    from waitlist_entries w
    join sessions s on s.org_id = w.org_id and s.id = w.session_id
    join modules m on m.org_id = s.org_id and m.id = s.module_id
    left join rooms r on r.org_id = s.org_id and r.id = s.room_id
    where w.org_id = ${orgId} and w.person_id = ${personId}
    order by w.created_at, w.id`);
}

export function ratingRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select sr.session_id, sr.rating, sr.comment, sr.created_at, sr.updated_at, s.starts_at, m.title as module_title
    from session_ratings sr
    join sessions s on s.org_id = sr.org_id and s.id = sr.session_id
    join modules m on m.org_id = s.org_id and m.id = s.module_id
    where sr.org_id = ${orgId} and sr.person_id = ${personId}
    order by s.starts_at, sr.session_id`);
}

/** Suggestions the person typed or changed, as the audit log knows it, with what they say now. */
export function suggestionTypedRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select a.subject_id as id, min(a.at) filter (where a.action = 'suggestion.added') as added_at,
      array_agg(a.action order by a.at) as actions, max(a.at) as last_at,
      sg.title, sg.body, sg.area, sg.status, sg.response, sg.session_id, sg.created_at, sg.updated_at, m.title as module_title
    from audit_log a
    left join suggestions sg on sg.org_id = a.org_id and sg.id = a.subject_id
    left join modules m on m.org_id = sg.org_id and m.id = sg.module_id
    where a.org_id = ${orgId} and a.actor_id = ${personId} and a.subject_kind = 'suggestion'
      and a.action in ('suggestion.added', 'suggestion.changed', 'suggestion.removed')
    group by a.subject_id, sg.id, m.title
    order by min(a.at), a.subject_id`);
}

export function supportRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select su.suggestion_id, su.created_at, sg.title
    from suggestion_supports su join suggestions sg on sg.org_id = su.org_id and sg.id = su.suggestion_id
    where su.org_id = ${orgId} and su.person_id = ${personId} order by su.created_at, su.suggestion_id`);
}

export function boardNoteRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select c.id, c.suggestion_id, c.body, c.created_at, sg.title as suggestion_title
    from suggestion_comments c join suggestions sg on sg.org_id = c.org_id and sg.id = c.suggestion_id
    where c.org_id = ${orgId} and c.author_id = ${personId} order by c.created_at, c.id`);
}

export function ownedSuggestionRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select id, title, status, created_at from suggestions where org_id = ${orgId} and owner_id = ${personId} order by created_at, id`);
}

export async function ownerAppointmentRow(tx: Tx, orgId: string, personId: string): Promise<Row | undefined> {
  const [row] = await rows(tx, sql`
    select o.areas, o.category_ids, o.created_at,
      array(select c.name_en from suggestion_categories c where c.org_id = o.org_id and c.id = any(o.category_ids) order by c.name_en) as category_names
    from suggestion_owners o where o.org_id = ${orgId} and o.person_id = ${personId}`);
  return row;
}

/** Who the person met, as counts only: the others are other people's data. */
export async function encounterCounts(tx: Tx, orgId: string, personId: string): Promise<Row> {
  const [row] = await rows(tx, sql`
    select count(*)::int as people, count(distinct o.department)::int as departments,
      coalesce(sum(e.times), 0)::int as times_together, min(e.first_met) as first_met, max(e.last_met) as last_met
    from encounters e
    join people o on o.org_id = e.org_id and o.id = case when e.person_a = ${personId} then e.person_b else e.person_a end
    where e.org_id = ${orgId} and (e.person_a = ${personId} or e.person_b = ${personId})`);
  return row!;
}

export function authSessionRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, revoked_at
    from auth_sessions where org_id = ${orgId} and person_id = ${personId} order by created_at, id`);
}

export function loginLinkRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select id, created_at, expires_at, used_at from login_links where org_id = ${orgId} and person_id = ${personId} order by created_at, id`);
}

export function ratingLinkRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select l.booking_id, l.created_at, l.expires_at
    from rating_links l join bookings b on b.org_id = l.org_id and b.id = l.booking_id
    where l.org_id = ${orgId} and b.person_id = ${personId} order by l.created_at, l.booking_id`);
}

export function messageRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select om.id, om.kind, om.status, om.created_at, om.send_after, om.sent_at, om.attempts, om.last_error, om.booking_id,
      om.session_id, om.calendar_sequence, om.dedupe_key, om.detail, om.updated_at, m.title as module_title, s.starts_at as session_starts_at
    from outgoing_messages om
    left join sessions s on s.org_id = om.org_id and s.id = om.session_id
    left join modules m on m.org_id = s.org_id and m.id = s.module_id
    where om.org_id = ${orgId} and om.recipient_id = ${personId} order by om.created_at, om.id`);
}

/** Entries the person made, entries about them, and entries whose detail names them. */
export function auditRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select id, at, actor_kind, actor_id, action, subject_kind, subject_id, host(ip) as ip, detail
    from audit_log
    where org_id = ${orgId} and (actor_id = ${personId} or subject_id = ${personId} or strpos(detail::text, ${personId}) > 0)
    order by at, id`);
}

export function cohortMembershipRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select c.id as cohort_id, c.name, c.status, c.rounds, cm.position, cm.department, m.id as module_id, m.title as module_title,
      coalesce((
        select jsonb_agg(jsonb_build_object('round', r.n - 1, 'group', g.n - 1, 'startsAt', cr.starts_at, 'sessionId', cg.session_id) order by r.n)
        from jsonb_array_elements(c.schedule) with ordinality r(groups, n)
        cross join jsonb_array_elements(r.groups) with ordinality g(members, n)
        left join cohort_rounds cr on cr.org_id = c.org_id and cr.cohort_id = c.id and cr.round = r.n - 1
        left join cohort_groups cg on cg.org_id = c.org_id and cg.cohort_id = c.id and cg.round = r.n - 1 and cg.group_no = g.n - 1
        where g.members ? ${personId}::text
      ), '[]'::jsonb) as groups
    from cohort_members cm
    join cohorts c on c.org_id = cm.org_id and c.id = cm.cohort_id
    join modules m on m.org_id = c.org_id and m.id = c.module_id
    where cm.org_id = ${orgId} and cm.person_id = ${personId} order by c.created_at, c.id`);
}

export function cohortsMadeRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select id, name, status, created_at, published_at, created_by = ${personId} as made, published_by = ${personId} as published
    from cohorts where org_id = ${orgId} and (created_by = ${personId} or published_by = ${personId}) order by created_at, id`);
}

export function dataExportRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select id, status, requested_at, ready_at, expires_at, downloaded_at, archive_bytes
    from data_exports where org_id = ${orgId} and person_id = ${personId} order by requested_at, id`);
}

export function apiTokenRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select id, name, scopes, created_at, last_used_at, revoked_at from api_tokens
    where org_id = ${orgId} and created_by = ${personId} order by created_at, id`);
}

export function idempotencyKeyRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select key, status_code, response, created_at from idempotency_keys
    where org_id = ${orgId} and person_id = ${personId} order by created_at, key`);
}

/** Events sent to the organisation's webhooks that name the person (a booking of theirs). */
export function webhookEventRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select e.id, e.type, e.payload, e.created_at,
      (select count(*)::int from webhook_deliveries d where d.org_id = e.org_id and d.event_id = e.id) as deliveries
    from webhook_events e
    where e.org_id = ${orgId} and strpos(e.payload::text, ${personId}) > 0 order by e.created_at, e.id`);
}

export function webhookEndpointRows(tx: Tx, orgId: string, personId: string): Promise<Row[]> {
  return rows(tx, sql`
    select id, url, description, events, created_at from webhook_endpoints
    where org_id = ${orgId} and created_by = ${personId} order by created_at, id`);
}

/**
 * Other people named by id in free-form details (audit entries, mails, webhook events): their id,
 * address and name, so the presenters can put "another person" in their place.
 */
export function otherPeople(tx: Tx, orgId: string, personId: string, ids: string[]): Promise<Row[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return rows(tx, sql`
    select id, email, name from people where org_id = ${orgId} and id = any(${ids}::uuid[]) and id <> ${personId}`);
}

/** Rows of a table another part of the product declared with this person as its subject (the data
 * map), for tables this export does not present by name: the declared personal columns only. */
export function subjectRows(tx: Tx, orgId: string, table: string, subject: string, columns: string[], personId: string): Promise<Row[]> {
  if (columns.length === 0) return Promise.resolve([]);
  return rows(tx, sql`
    select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)}
    where org_id = ${orgId} and ${sql.ref(subject)} = ${personId}`);
}
