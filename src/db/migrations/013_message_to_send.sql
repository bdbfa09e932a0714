-- The worker's read of a message it is about to send, in one statement with no transaction of its
-- own: the message, its recipient and organisation, its booking, and its session with module,
-- coach and room as s_*. Most messages (confirmations, cancellations, reminders) need nothing else,
-- so the worker sends them after this one round trip instead of BEGIN, the read and COMMIT
-- (bench:mail). SECURITY DEFINER so that it needs no transaction to set the organisation, like
-- mark_message_sent; it reads only the one message of the organisation named, and what it names.
-- PL/pgSQL, not SQL: its plan is kept for the connection (a SQL function's seven joins were planned
-- again on every call, tripling the database's time per message).
create function message_to_send(p_org uuid, p_id uuid) returns jsonb
language plpgsql stable security definer set search_path = pg_catalog, public as $$
declare
  found_message jsonb;
begin
  select to_jsonb(x) into found_message from (
    select m.id, m.kind, m.status, m.detail, m.calendar_sequence as message_sequence, m.created_at, m.send_after, m.attempts,
           m.booking_id, m.session_id, m.recipient_id,
           r.name as recipient_name, r.email::text as recipient_email, r.locale as recipient_locale,
           r.time_zone as recipient_zone, r.active as recipient_active,
           o.name as org_name, o.status = 'active' as org_active, o.cancellation_cutoff_minutes,
           b.status as booking_status, b.session_id as booking_session_id, b.calendar_uid, b.calendar_sequence as booking_sequence,
           s.id as s_id, s.status as s_status, s.starts_at as s_starts_at, s.ends_at as s_ends_at, s.time_zone as s_time_zone,
           s.format as s_format, s.online_url as s_online_url, s.location_note as s_location_note, s.cancel_reason as s_cancel_reason,
           s.language as s_language, s.capacity as s_capacity, s.seats_taken as s_seats_taken, s.module_id as s_module_id,
           mo.title as s_module_title, mo.summary as s_module_summary, s.coach_id as s_coach_id, c.name as s_coach_name,
           c.email::text as s_coach_email, ro.name as s_room_name, ro.site as s_room_site
    from outgoing_messages m
    join people r on r.org_id = m.org_id and r.id = m.recipient_id
    join organisations o on o.id = m.org_id
    left join bookings b on b.org_id = m.org_id and b.id = m.booking_id
    left join sessions s on s.org_id = m.org_id and s.id = m.session_id
    left join modules mo on mo.org_id = s.org_id and mo.id = s.module_id
    left join people c on c.org_id = s.org_id and c.id = s.coach_id
    left join rooms ro on ro.org_id = s.org_id and ro.id = s.room_id
    where m.org_id = p_org and m.id = p_id
  ) x;
  return found_message;
end $$;
revoke all on function message_to_send(uuid, uuid) from public;
grant execute on function message_to_send(uuid, uuid) to quartet_app;
