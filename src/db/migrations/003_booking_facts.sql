-- The facts every booking rule needs, gathered in one statement. Kept as a PL/pgSQL function
-- because PL/pgSQL caches the plan per connection: planning this query cost three times as much
-- as running it (measured by bench/booking.ts), on the hottest path Quartet has.
create function booking_facts(p_org uuid, p_session uuid, p_person uuid, p_now timestamptz, p_ignore_booking uuid)
returns table (
  id uuid, status text, starts_at timestamptz, ends_at timestamptz, coach_id uuid, module_id uuid,
  capacity int, seats_taken int, max_future_bookings int,
  already_booked boolean, overlapping boolean, future_bookings int
)
language plpgsql stable as $$
begin
  return query
  select s.id, s.status, s.starts_at, s.ends_at, s.coach_id, s.module_id, s.capacity, s.seats_taken,
    o.max_future_bookings,
    exists (
      select 1 from bookings b
      where b.session_id = s.id and b.person_id = p_person and b.status <> 'cancelled'
    ),
    exists (
      select 1 from bookings b join sessions other on other.id = b.session_id
      where b.org_id = p_org and b.person_id = p_person and b.status <> 'cancelled'
        and b.id is distinct from p_ignore_booking
        and other.id <> s.id and other.status <> 'cancelled'
        and tstzrange(other.starts_at, other.ends_at) && tstzrange(s.starts_at, s.ends_at)
    ) or exists (
      select 1 from sessions coached
      where coached.org_id = p_org and coached.coach_id = p_person and coached.id <> s.id
        and coached.status <> 'cancelled'
        and tstzrange(coached.starts_at, coached.ends_at) && tstzrange(s.starts_at, s.ends_at)
    ),
    (
      select count(*)::int from bookings b join sessions other on other.id = b.session_id
      where b.org_id = p_org and b.person_id = p_person and b.status = 'active'
        and b.id is distinct from p_ignore_booking
        and other.status = 'scheduled' and other.starts_at > p_now
    )
  from sessions s join organisations o on o.id = s.org_id
  where s.org_id = p_org and s.id = p_session;
end $$;
