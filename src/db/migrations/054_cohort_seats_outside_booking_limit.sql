-- The limit of upcoming bookings a person may hold (max_future_bookings, 2 by default) is for seats
-- people choose themselves. It also counted the seats a cohort placed for its members at publishing,
-- so a member of a cohort with two rounds or more ahead could book no ordinary session for months
-- (found by a review). booking_facts now counts only bookings in sessions no cohort group holds; a
-- member taking back their own group's seat is not held to the limit either (bookings/service.ts).
-- Only future_bookings changes (as 049 left it, plus the cohort condition).

create or replace function booking_facts(p_org uuid, p_session uuid, p_person uuid, p_now timestamptz, p_ignore_booking uuid)
returns table (
  id uuid, status text, starts_at timestamptz, ends_at timestamptz, coach_id uuid, module_id uuid,
  capacity int, seats_taken int, max_future_bookings int,
  already_booked boolean, overlapping boolean, future_bookings int, open_to_person boolean
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
        and not exists (select 1 from cohort_groups g where g.org_id = p_org and g.session_id = other.id)
    ),
    -- db/open-to-person.ts, in the same words.
    not exists (
      select 1 from cohort_groups g join cohorts c on c.org_id = g.org_id and c.id = g.cohort_id
       where g.org_id = p_org and g.session_id = s.id
         and not coalesce((c.schedule -> g.round -> g.group_no) ? p_person::text, false))
  from sessions s join organisations o on o.id = s.org_id
  where s.org_id = p_org and s.id = p_session;
end $$;
