-- A cohort's sessions are for its members (issue 14). A published cohort's session was an ordinary
-- one: a seat its member gave up showed in everyone's open list, anyone could take it or queue for
-- it, the avoid-repeats rule counted it as somewhere else to go, the "book another date" mail named
-- it, and the planner counted its seats as supply for everyone's demand. Now a session some cohort
-- group holds is open only to the people that group's schedule names (a member who gave up their
-- seat may take it back); the cohort's publish and swaps seat its members as before.
create index cohort_groups_session on cohort_groups (org_id, session_id) where session_id is not null;

-- One definition of the rule for every path that offers a seat: the sign-up's facts below, the open
-- list, the waiting list, the avoid-repeats rule's alternatives, the mail's other dates. A SQL
-- function of one statement, so the planner inlines it as a subquery on the index above.
create function session_open_to(p_org uuid, p_session uuid, p_person uuid) returns boolean
language sql stable as $$
  select not exists (
    select 1 from cohort_groups g join cohorts c on c.org_id = g.org_id and c.id = g.cohort_id
     where g.org_id = p_org and g.session_id = p_session
       and not coalesce((c.schedule -> g.round -> g.group_no) ? p_person::text, false))
$$;

-- booking_facts (003) gains whether the session is open to the person; its row type changes, so it
-- is made anew.
drop function booking_facts(uuid, uuid, uuid, timestamptz, uuid);
create function booking_facts(p_org uuid, p_session uuid, p_person uuid, p_now timestamptz, p_ignore_booking uuid)
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
    session_open_to(p_org, s.id, p_person)
  from sessions s join organisations o on o.id = s.org_id
  where s.org_id = p_org and s.id = p_session;
end $$;
