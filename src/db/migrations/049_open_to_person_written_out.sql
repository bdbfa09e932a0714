-- 044's rule (a cohort's session is open only to the people its group's schedule names) was a SQL
-- function, session_open_to, called by booking_facts and the open list. PostgreSQL does not inline a
-- function whose body holds a sub-select: the list ran it once per row (a list by site went from
-- about 1 ms to 20–34 ms on bench/listing-org.ts's organisation) and booking_facts planned it on every
-- call (3,000 sign-up checks 4–6 times slower), even in an organisation without cohorts (found by a
-- review). The rule is now written out where it is used: here in booking_facts, whose plan PL/pgSQL
-- caches, and in db/open-to-person.ts for every other query. The function goes.
--
-- Also: people outside a cohort's group who joined its session's waiting list before 044 would wait
-- for ever (no rule gives them the seat now); their entries end, and an offer held for one of them
-- lets its seat go (038's trigger), for the expiry job to offer to the group's members.

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
    ),
    -- db/open-to-person.ts, in the same words.
    not exists (
      select 1 from cohort_groups g join cohorts c on c.org_id = g.org_id and c.id = g.cohort_id
       where g.org_id = p_org and g.session_id = s.id
         and not coalesce((c.schedule -> g.round -> g.group_no) ? p_person::text, false))
  from sessions s join organisations o on o.id = s.org_id
  where s.org_id = p_org and s.id = p_session;
end $$;

drop function session_open_to(uuid, uuid, uuid);

update waitlist_entries e
   set status = case when e.status = 'offered' then 'expired' else 'left' end, ended_at = now()
 where e.status in ('waiting', 'offered')
   and exists (
     select 1 from cohort_groups g join cohorts c on c.org_id = g.org_id and c.id = g.cohort_id
      where g.org_id = e.org_id and g.session_id = e.session_id
        and not coalesce((c.schedule -> g.round -> g.group_no) ? e.person_id::text, false));
