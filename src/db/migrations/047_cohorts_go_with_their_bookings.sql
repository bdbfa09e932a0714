-- Retention re-identified anonymised bookings through a published cohort (045's first open path).
-- Retention moves a person's old bookings to one stand-in per run, but a cohort's schedule names its
-- members in each round's group, and cohort_groups says which session each group was (and
-- cohort_rounds.starts_at with coach_id would say it again without session_id): the one stand-in
-- present in all of a member's group sessions was that member, with their attendance, no-shows
-- and ratings.
--
-- The choice: the cohort goes, not its people's ids. A published cohort is deleted by the run that
-- anonymises its bookings, once its first round started before the bookings cut-off and its last
-- round has begun; its sessions, their anonymised bookings and ratings stay for the figures. Its
-- purpose (placing people in groups, letting members back into their own group's seats, swaps) is
-- served by then. Until then its sessions' bookings wait: a cohort still running keeps its
-- members' bookings under their ids, so the cut-off for a cohort's sessions is, at the latest, its
-- last round's start (only a cohort longer than the bookings period is affected).
-- Rejected: replacing the members by per-cohort stand-ins and unlinking the sessions. The round's
-- start and the coach point at the session without session_id, so the groups would have to go as
-- well, leaving a cohort that cannot be shown; and a running cohort's later rounds need the real
-- ids (its sessions are open only to the people its schedule names, migration 044). Drafts are
-- left alone: they made no sessions, so nothing of theirs is anonymised.
--
-- Still open (not closed here): the audit log keeps the person's id in entries about a booking
-- after the booking was anonymised.

create or replace function anonymise_bookings_before(p_org uuid, p_before timestamptz, p_limit integer default 5000)
returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  moved integer;
  pair_as uuid[];
  pair_bs uuid[];
  -- The run's clock (retention sets it for its transaction, as for the audit log's guard; tests fix it).
  v_now timestamptz := coalesce(nullif(current_setting('quartet.retention_now', true), '')::timestamptz, now());
begin
  if p_org is distinct from current_org_id() then
    raise exception 'anonymise_bookings_before: not the current organisation' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('quartet.count_encounters', 0));
  -- A published cohort goes once its first round is past the cut-off and its last round has begun:
  -- its schedule and groups would say whose anonymous seat is whose. Its sessions, bookings and
  -- ratings stay (the figures count them); members, rounds and groups go with it (cascade).
  delete from cohorts c
  where c.org_id = p_org and c.status = 'published'
    and exists (select 1 from cohort_rounds r where r.org_id = p_org and r.cohort_id = c.id and r.starts_at < p_before)
    and not exists (select 1 from cohort_rounds r where r.org_id = p_org and r.cohort_id = c.id and r.starts_at >= v_now);
  create temporary table if not exists anonymising (booking_id uuid, session_id uuid, person_id uuid, stand_in uuid) on commit drop;
  truncate anonymising;
  insert into anonymising (booking_id, session_id, person_id)
  select b.id, b.session_id, b.person_id
  from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
  join people p on p.org_id = b.org_id and p.id = b.person_id and p.anonymised_at is null
  where b.org_id = p_org and s.org_id = p_org and s.starts_at < p_before
    -- A session a cohort still holds waits for the cohort to end (above): anonymised while its
    -- schedule exists, its seats would be found again.
    and not exists (select 1 from cohort_groups g where g.org_id = p_org and g.session_id = b.session_id)
  order by s.starts_at, b.id
  limit p_limit;
  get diagnostics moved = row_count;
  if moved = 0 then return 0; end if;

  with people_of as (select distinct person_id from anonymising), made as (
    select person_id, gen_random_uuid() as stand_in from people_of
  ), inserted as (
    insert into people (id, org_id, email, name, department, site, time_zone, locale, roles, active, anonymised_at)
    select stand_in, p_org, stand_in::text || '@erased.invalid', '(erased)', null, null, 'UTC', 'en', '{employee}', false, now() from made
    returning id
  )
  update anonymising a set stand_in = m.stand_in from made m where m.person_id = a.person_id;

  update bookings b set person_id = a.stand_in,
    cancelled_by = case when b.cancelled_by = a.person_id then a.stand_in else b.cancelled_by end
  from anonymising a where b.org_id = p_org and b.id = a.booking_id;
  -- A move joins two bookings of one person: where only one of them is anonymised in this run, the
  -- link would name the person beside the stand-in, so it goes, whichever way it points (a move may
  -- go to an earlier session). Bookings anonymised together keep it: they share one stand-in.
  update bookings b set moved_to_booking_id = null
  from anonymising a
  where b.org_id = p_org and b.id = a.booking_id and b.moved_to_booking_id is not null
    and not exists (select 1 from anonymising o where o.booking_id = b.moved_to_booking_id);
  update bookings b set moved_to_booking_id = null
  from anonymising a
  where b.org_id = p_org and b.moved_to_booking_id = a.booking_id
    and not exists (select 1 from anonymising o where o.booking_id = b.id);
  -- The person's waiting-list entries for these sessions go: one that gave them the seat names the
  -- booking, and any of them says, under the person's own id, that they wanted that session (with
  -- the moment of a promotion, the booking's created_at). Deleted, not unlinked: an entry is
  -- nothing but the person waiting, nothing counts old entries, and without its seat a promoted
  -- entry would break its own rule (a promotion names its seat).
  delete from waitlist_entries w using anonymising a
  where w.org_id = p_org and w.session_id = a.session_id and w.person_id = a.person_id;
  update session_ratings r set person_id = a.stand_in
  from anonymising a where r.org_id = p_org and r.session_id = a.session_id and r.person_id = a.person_id;
  delete from rating_links r using anonymising a where r.org_id = p_org and r.booking_id = a.booking_id;
  -- Mail records and idempotent answers would tie the booking to its person again.
  update outgoing_messages m set booking_id = null
  from anonymising a where m.booking_id = a.booking_id and m.org_id = p_org and m.status <> 'pending';

  -- Each touched person's pairs, computed again from what is left (the count's own computation):
  -- a pair that met only in the anonymised sessions goes.
  with gone as (
    delete from encounters e using (select distinct person_id from anonymising) t
    where e.org_id = p_org and (e.person_a = t.person_id or e.person_b = t.person_id)
    returning e.person_a, e.person_b
  ) select coalesce(array_agg(person_a), '{}'), coalesce(array_agg(person_b), '{}') into pair_as, pair_bs from gone;
  insert into encounters (org_id, person_a, person_b, first_met, last_met, times)
  select p_org, f.person_a, f.person_b, min(pa.starts_at), max(pa.starts_at), count(*)::int
  from unnest(pair_as, pair_bs) as f(person_a, person_b)
  join encounter_participants pa on pa.org_id = p_org and pa.person_id = f.person_a
  join encounter_participants pb on pb.org_id = p_org and pb.session_id = pa.session_id and pb.person_id = f.person_b
  group by f.person_a, f.person_b;
  return moved;
end $$;


-- The preview counts what the run then anonymises: not the seats of a cohort that stays.
create or replace function bookings_to_anonymise(p_org uuid, p_before timestamptz) returns bigint
language sql stable security invoker set search_path = pg_catalog, public, pg_temp as $$
  select count(*) from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
  join people p on p.org_id = b.org_id and p.id = b.person_id and p.anonymised_at is null
  where b.org_id = p_org and s.starts_at < p_before
    and not exists (
      select 1 from cohort_groups g join cohorts c on c.org_id = g.org_id and c.id = g.cohort_id
      where g.org_id = p_org and g.session_id = b.session_id
        and not (c.status = 'published'
          and exists (select 1 from cohort_rounds r where r.org_id = p_org and r.cohort_id = c.id and r.starts_at < p_before)
          and not exists (select 1 from cohort_rounds r where r.org_id = p_org and r.cohort_id = c.id
            and r.starts_at >= coalesce(nullif(current_setting('quartet.retention_now', true), '')::timestamptz, now()))))
$$;
