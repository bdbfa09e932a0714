-- A seat is counted only while its session is still scheduled, checked on the session row itself.
-- The check trigger of 001 reads the session without a lock: a sign-up that began while a
-- session's cancellation was not yet committed saw it scheduled, then waited on the session row
-- for its seat count and committed after the cancellation, leaving an active booking that the
-- cancellation had never seen. The seat count's UPDATE waits for that lock and then sees the
-- committed status, so this is where the rule holds under any concurrency.
create or replace function bookings_keep_seat_count() returns trigger
language plpgsql as $$
declare
  was_holding boolean := tg_op in ('UPDATE', 'DELETE') and old.status <> 'cancelled';
  is_holding boolean := tg_op in ('INSERT', 'UPDATE') and new.status <> 'cancelled';
begin
  if tg_op = 'UPDATE' and (new.session_id <> old.session_id or new.person_id <> old.person_id) then
    raise exception 'a booking keeps its session and person; cancel it and book anew'
      using errcode = '23514', constraint = 'bookings_session_fixed';
  end if;
  if is_holding and not coalesce(was_holding, false) then
    -- An attendance record (attended, no-show) may be written for a session that is over; a
    -- seat to come ('active') only in a scheduled one.
    update sessions set seats_taken = seats_taken + 1
    where id = new.session_id and (new.status <> 'active' or status = 'scheduled');
    if not found then
      raise exception 'session % is not open for booking', new.session_id
        using errcode = '23514', constraint = 'bookings_session_scheduled';
    end if;
  elsif coalesce(was_holding, false) and not coalesce(is_holding, false) then
    update sessions set seats_taken = seats_taken - 1 where id = old.session_id;
  end if;
  return null;
end $$;
