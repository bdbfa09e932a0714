-- The audit log named the person of an anonymised booking (045's second open path). Entries about a
-- booking (booking.placed, booking.attendance_recorded, booking.cancelled_for: {person, session};
-- booking.seats_traded: {bookings, movedTo, people}) are kept audit_retention_years (3), the booking
-- under its person only retention_bookings_months (24): a year after the booking was anonymised,
-- its entry still said whose it was, and so whose every booking under the same stand-in was.
--
-- anonymise_bookings_before now pseudonymises those entries as it anonymises the bookings: in every
-- entry naming an anonymised booking (its subject, or one of a trade's bookings), the person's id
-- becomes the booking's stand-in (wherever it stands: actor, detail; the address they acted from
-- goes with them as actor), and a booking of theirs the entry names that is NOT anonymised in the
-- same batch (a trade's movedTo, still under their id) is replaced by null: it would lead from the
-- stand-in to the person, as a move's link did (045). An entry whose subject is a booking still
-- theirs (a trade whose other side's session began first) keeps naming them and loses the
-- anonymised booking's id instead; it is pseudonymised when its own booking's turn comes. What the
-- admin did, to which booking and session, stays.
-- The guard of 027 is unchanged: the update runs with quartet.pseudonymising on, in a function of
-- its own (security definer, not the app role's to call), as pseudonymise_audit_entries does.

create function pseudonymise_booking_audit_entries(p_org uuid, p_bookings uuid[], p_people uuid[], p_stand_ins uuid[])
returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  changed integer := 0;
  entry record;
  d text;
  i integer;
  held uuid;
  gone uuid[];
  standing uuid[];
begin
  perform set_config('quartet.pseudonymising', 'on', true);
  for entry in
    with x as (select * from unnest(p_bookings, p_people, p_stand_ins) as x(booking_id, person_id, stand_in)),
    named as (
      select e.id as entry_id, x.booking_id, x.person_id, x.stand_in
      from x join audit_log e on e.org_id = p_org and e.subject_id = x.booking_id and e.subject_kind = 'booking'
      union
      -- A trade names its second booking, and the two it led to, only in the detail.
      select e.id, x.booking_id, x.person_id, x.stand_in
      from audit_log e join x on e.detail -> 'bookings' ? x.booking_id::text or e.detail -> 'movedTo' ? x.booking_id::text
      where e.org_id = p_org and e.action = 'booking.seats_traded'
        and (e.detail -> 'bookings' ?| p_bookings::text[] or e.detail -> 'movedTo' ?| p_bookings::text[])
    )
    select n.entry_id, e.subject_id, e.subject_kind, e.detail::text as detail,
      array_agg(n.booking_id) as bookings, array_agg(n.person_id) as people, array_agg(n.stand_in) as stand_ins
    from named n join audit_log e on e.org_id = p_org and e.id = n.entry_id
    group by n.entry_id, e.subject_id, e.subject_kind, e.detail::text
  loop
    d := entry.detail;
    gone := '{}';
    standing := '{}';
    for i in 1 .. cardinality(entry.people) loop
      if entry.subject_kind = 'booking' and exists (
          select 1 from bookings b where b.org_id = p_org and b.id = entry.subject_id and b.person_id = entry.people[i]) then
        -- The entry is about a booking still theirs (a trade whose other side was anonymised
        -- first): it keeps naming them and loses the anonymised booking instead.
        d := replace(d, '"' || entry.bookings[i]::text || '"', 'null');
        continue;
      end if;
      -- Their other bookings named here, still under their id: the way from the stand-in back to them.
      for held in
        select b.id from bookings b
        where b.org_id = p_org and b.person_id = entry.people[i]
          and b.id in (select m[1]::uuid from regexp_matches(d, '"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"', 'g') m)
      loop
        d := replace(d, '"' || held::text || '"', 'null');
      end loop;
      d := replace(d, entry.people[i]::text, entry.stand_ins[i]::text);
      gone := gone || entry.people[i];
      standing := standing || entry.stand_ins[i];
    end loop;
    update audit_log a set
      detail = d::jsonb,
      ip = case when a.actor_id = any (gone) then null else a.ip end,
      actor_id = coalesce((select u.s from unnest(gone, standing) u(p, s) where u.p = a.actor_id limit 1), a.actor_id),
      subject_id = coalesce((select u.s from unnest(gone, standing) u(p, s) where u.p = a.subject_id limit 1), a.subject_id)
    where a.org_id = p_org and a.id = entry.entry_id;
    changed := changed + 1;
  end loop;
  perform set_config('quartet.pseudonymising', 'off', true);
  return changed;
end $$;
revoke all on function pseudonymise_booking_audit_entries(uuid, uuid[], uuid[], uuid[]) from public;

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

  perform pseudonymise_booking_audit_entries(p_org,
    array(select booking_id from anonymising), array(select person_id from anonymising), array(select stand_in from anonymising));
  return moved;
end $$;

-- What earlier runs left: entries about a booking a stand-in now holds that still name its person
-- (detail.person; a trade's people, matched to its bookings by place). Erased people are not
-- among them: erasure pseudonymised their entries already.
do $$
declare
  org uuid;
begin
  for org in select id from organisations loop
    perform pseudonymise_booking_audit_entries(org, coalesce(array_agg(t.booking_id), '{}'), coalesce(array_agg(t.person_id), '{}'), coalesce(array_agg(t.stand_in), '{}'))
    from (
      select distinct b.id as booking_id, (e.detail ->> 'person')::uuid as person_id, b.person_id as stand_in
      from audit_log e join bookings b on b.org_id = e.org_id and b.id = e.subject_id
      join people s on s.org_id = b.org_id and s.id = b.person_id and s.anonymised_at is not null
      where e.org_id = org and e.subject_kind = 'booking' and e.action <> 'booking.seats_traded'
        and e.detail ->> 'person' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        and (e.detail ->> 'person')::uuid <> b.person_id
      union
      select distinct b.id, (p.value #>> '{}')::uuid, b.person_id
      from audit_log e, jsonb_array_elements(e.detail -> 'bookings') with ordinality k(value, n)
      join jsonb_array_elements(e.detail -> 'people') with ordinality p(value, n) on p.n = k.n
      join bookings b on b.id = (k.value #>> '{}')::uuid
      join people s on s.org_id = b.org_id and s.id = b.person_id and s.anonymised_at is not null
      where e.org_id = org and b.org_id = org and e.action = 'booking.seats_traded'
        and p.value #>> '{}' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        and (p.value #>> '{}')::uuid <> b.person_id
    ) t;
  end loop;
end $$;
