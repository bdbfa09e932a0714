-- Every booking is reminded, whatever made it (issue 12, item 9).
--
-- A reminder used to exist only if the code path that made the booking queued one; the demo
-- loader's bookings, and any raw insert, had none. The worker now sweeps every few minutes
-- (graphile-worker's crontab, which fires once per slot however many processes run; task
-- queue_missing_reminders, features/notifications/jobs/reminder-sweep.ts) and queues, for every
-- active booking and every coach of a scheduled session whose reminder falls due within the window
-- given, the reminder that has neither a pending nor a sent row for the session's current start.
-- It is queued at the time the queueing at booking time would use (lead time in force, the same
-- spread per recipient as features/notifications/outbox/queries.ts). A reminder whose time has
-- passed is not queued: as at booking time, the confirmation or change notice was the last word.
-- A withdrawn (moot) reminder names an earlier start, a cancelled booking or session, so the sweep
-- never brings one back.
--
-- Sessions in the window are first locked FOR SHARE, in id order as bookings lock them: the sweep
-- waits for bookings and session changes in flight, and the insert, a statement of its own, sees
-- the reminders they queued. Sweeps take turns (an advisory lock), so one run late (the cron's
-- slot is five minutes) and the next never queue a reminder twice.
-- SECURITY DEFINER: the sweep crosses organisations, and it writes nothing but due reminders.

create index outgoing_messages_reminders on outgoing_messages (session_id, recipient_id) where kind = 'reminder';

create function queue_missing_reminders(p_within interval) returns integer
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  queued integer;
begin
  if p_within is null or p_within < interval '0' or p_within > interval '1 day' then
    raise exception 'queue_missing_reminders needs a window between 0 and 1 day' using errcode = '22023';
  end if;

  perform pg_advisory_xact_lock(hashtextextended('quartet.queue_missing_reminders', 0));

  perform 1
  from organisations o
  join sessions s on s.org_id = o.id and s.status = 'scheduled'
    and s.starts_at > now() + make_interval(hours => o.reminder_hours_before)
    and s.starts_at <= now() + make_interval(hours => o.reminder_hours_before) + p_within
  where o.status = 'active'
  order by s.id
  for share of s;

  with due as (
    select s.org_id, s.id, s.coach_id, s.starts_at, s.starts_at - make_interval(hours => o.reminder_hours_before) as remind_at
    from organisations o
    join sessions s on s.org_id = o.id and s.status = 'scheduled'
      and s.starts_at > now() + make_interval(hours => o.reminder_hours_before)
      and s.starts_at <= now() + make_interval(hours => o.reminder_hours_before) + p_within
    where o.status = 'active'
  ), wanted as (
    select d.org_id, d.id as session_id, b.person_id as recipient_id, b.id as booking_id, d.starts_at, d.remind_at
    from due d join bookings b on b.org_id = d.org_id and b.session_id = d.id and b.status = 'active'
    union all
    select d.org_id, d.id, d.coach_id, null, d.starts_at, d.remind_at from due d
  )
  insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, send_after, detail)
  select w.org_id, 'reminder', w.recipient_id, w.booking_id, w.session_id,
         w.remind_at + make_interval(secs => (hashtext(w.recipient_id::text) & 2047) / 1000.0),
         jsonb_build_object('startsAt', w.starts_at)
  from wanted w
  where not exists (
    select 1 from outgoing_messages m
    where m.session_id = w.session_id and m.recipient_id = w.recipient_id and m.kind = 'reminder'
      and m.org_id = w.org_id and m.booking_id is not distinct from w.booking_id
      and m.status in ('pending', 'sent') and (m.detail ->> 'startsAt')::timestamptz = w.starts_at);
  get diagnostics queued = row_count;
  return queued;
end $$;
revoke all on function queue_missing_reminders(interval) from public;
grant execute on function queue_missing_reminders(interval) to quartet_app;
