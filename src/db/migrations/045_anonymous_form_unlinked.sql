-- The anonymous form (028) left ways back to the person; a privacy review found them.
--
-- Retention's anonymised bookings (anonymise_bookings_before): the person's waiting-list entry kept
-- pointing at the seat it gave them (waitlist_entries.promoted_booking_id), and a booking moved
-- before the cut-off kept pointing at the person's own later booking (bookings.moved_to_booking_id).
-- Both links now go as the booking becomes anonymous, and the links already left by earlier runs go
-- below.
--
-- Erasure (erase_person_rows): a coach's days away stayed under the stand-in; they are deleted, as
-- the map of personal data says.
--
-- Still open (not closed here): a published cohort's schedule names its members in each round's
-- group, whose session is known, so its anonymised bookings can be found again; and the audit log
-- keeps the person's id in entries about a booking (attendance marked by an admin) after the
-- booking was anonymised.

-- Finding the bookings that point at one being anonymised (a move's target), by index.
create index bookings_moved_to on bookings (org_id, moved_to_booking_id) where moved_to_booking_id is not null;

create or replace function anonymise_bookings_before(p_org uuid, p_before timestamptz, p_limit integer default 5000)
returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  moved integer;
  pair_as uuid[];
  pair_bs uuid[];
begin
  if p_org is distinct from current_org_id() then
    raise exception 'anonymise_bookings_before: not the current organisation' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('quartet.count_encounters', 0));
  create temporary table if not exists anonymising (booking_id uuid, session_id uuid, person_id uuid, stand_in uuid) on commit drop;
  truncate anonymising;
  insert into anonymising (booking_id, session_id, person_id)
  select b.id, b.session_id, b.person_id
  from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
  join people p on p.org_id = b.org_id and p.id = b.person_id and p.anonymised_at is null
  where b.org_id = p_org and s.org_id = p_org and s.starts_at < p_before
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

create or replace function erase_person_rows(p_org uuid, p_person uuid, p_stand_in uuid, p_texts text[])
returns jsonb
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  n jsonb := '{}';
  c integer;
  v_messages uuid[];
  v_sessions uuid[];
  needles text[] := array(select t from unnest(p_texts) t where length(trim(t)) >= 3);
  -- LIKE patterns of the texts, their own % and _ taken literally.
  likes text[] := array(select '%' || replace(replace(replace(lower(t), '\', '\\'), '%', '\%'), '_', '\_') || '%'
    from unnest(p_texts) t where length(trim(t)) >= 3);
begin
  if p_org is distinct from current_org_id() then
    raise exception 'erase_person_rows: not the current organisation' using errcode = '42501';
  end if;
  if not exists (select 1 from people p where p.org_id = p_org and p.id = p_stand_in and p.anonymised_at is not null) then
    raise exception 'erase_person_rows: % is not a stand-in', p_stand_in using errcode = '23514';
  end if;

  update bookings set person_id = p_stand_in where person_id = p_person and org_id = p_org;
  get diagnostics c = row_count; n := n || jsonb_build_object('bookings', c);
  update bookings set cancelled_by = p_stand_in where cancelled_by = p_person and org_id = p_org;
  update bookings set attendance_marked_by = p_stand_in where attendance_marked_by = p_person and org_id = p_org;
  delete from rating_links r using bookings b
  where b.person_id = p_stand_in and b.org_id = p_org and r.org_id = p_org and r.booking_id = b.id;

  update session_ratings set person_id = p_stand_in, comment = '' where org_id = p_org and person_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('ratings', c);
  update suggestion_supports set person_id = p_stand_in where org_id = p_org and person_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('supports', c);
  update suggestion_comments set author_id = p_stand_in where org_id = p_org and author_id = p_person;
  delete from suggestion_owners where org_id = p_org and person_id = p_person;
  update suggestions set owner_id = null where org_id = p_org and owner_id = p_person;

  update cohorts set schedule = replace(schedule::text, p_person::text, p_stand_in::text)::jsonb
  where org_id = p_org and id in (select m.cohort_id from cohort_members m where m.org_id = p_org and m.person_id = p_person)
    and schedule is not null;
  update cohort_members set person_id = p_stand_in, department = null where org_id = p_org and person_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('cohortMemberships', c);
  update cohort_groups set coach_id = p_stand_in where org_id = p_org and coach_id = p_person;
  update cohorts set created_by = p_stand_in where org_id = p_org and created_by = p_person;
  update cohorts set published_by = p_stand_in where org_id = p_org and published_by = p_person;

  update sessions set coach_id = p_stand_in where org_id = p_org and coach_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('sessionsCoached', c);
  update sessions set created_by = p_stand_in where created_by = p_person and org_id = p_org;
  -- Days away are about the coach alone and nothing counts them: they go (erasure refuses a coach
  -- with sessions still ahead, so no session still waits for a new coach because of them).
  delete from coach_absences where org_id = p_org and coach_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('absences', c);

  update api_tokens set created_by = p_stand_in, revoked_at = coalesce(revoked_at, now()) where org_id = p_org and created_by = p_person;
  update webhook_endpoints set created_by = p_stand_in where org_id = p_org and created_by = p_person;
  delete from login_links where person_id = p_person and org_id = p_org;
  delete from auth_sessions where person_id = p_person and org_id = p_org;
  delete from idempotency_keys where person_id = p_person and org_id = p_org;
  if to_regclass('public.data_exports') is not null then
    execute 'delete from data_exports where org_id = $1 and person_id = $2' using p_org, p_person;
  end if;

  -- Mail: what waited for them is dropped (with its job); every record of mail to them keeps only
  -- that a message of its kind went to someone; a coach's roster notice names the stand-in.
  with m as (
    update outgoing_messages set
      status = case when status = 'pending' then 'moot' else status end,
      last_error = case when status = 'pending' then 'the recipient was erased' else null end,
      recipient_id = p_stand_in, detail = '{}', updated_at = now()
    where recipient_id = p_person and org_id = p_org
    returning id
  ) select coalesce(array_agg(id), '{}') into v_messages from m;
  n := n || jsonb_build_object('messages', cardinality(v_messages));
  delete from graphile_worker._private_jobs j
  where j.key = any (array(select 'message:' || x from unnest(v_messages) x)) and j.locked_at is null;
  select coalesce(array_agg(distinct b.session_id), '{}') into v_sessions from bookings b
  where b.person_id = p_stand_in and b.org_id = p_org;
  update outgoing_messages set detail = replace(detail::text, p_person::text, p_stand_in::text)::jsonb
  where session_id = any (v_sessions) and kind = 'roster_changed' and org_id = p_org and detail::text like '%' || p_person || '%';

  -- Jobs that name them (a log-in link asked for by address, anything carrying their id).
  delete from graphile_worker._private_jobs j
  where j.payload::text like '%' || p_person || '%' or lower(j.payload::text) like any (likes);
  get diagnostics c = row_count; n := n || jsonb_build_object('jobs', c);

  -- Webhook events about their bookings: the receivers get (or got) the booking, no longer the person.
  update webhook_events set payload = erasure_scrub(payload::text, p_person, p_stand_in, needles)::jsonb
  where org_id = p_org and payload ? 'booking' and payload #>> '{booking,personId}' = p_person::text;
  get diagnostics c = row_count; n := n || jsonb_build_object('webhookEvents', c);
  update webhook_attempts a set response = '', error = null
  from webhook_deliveries d, webhook_events e
  where d.org_id = p_org and d.id = a.delivery_id and e.org_id = p_org and e.id = d.event_id
    and e.payload #>> '{booking,personId}' = p_stand_in::text and a.org_id = p_org and (a.response <> '' or a.error is not null);

  -- Free texts of others that name them (the board's comments, the group's suggestions).
  update suggestion_comments set body = erasure_scrub(body, p_person, p_stand_in, needles)
  where org_id = p_org and lower(body) like any (likes);
  update suggestions set
    title = erasure_scrub(title, p_person, p_stand_in, needles), body = erasure_scrub(body, p_person, p_stand_in, needles),
    response = erasure_scrub(response, p_person, p_stand_in, needles)
  where org_id = p_org
    and search @@ (select coalesce(string_agg('(' || q::text || ')', ' | '), '')::tsquery from (
      select plainto_tsquery('simple', t) q from unnest(needles) t
      union all select plainto_tsquery('english', t) from unnest(needles) t
      union all select plainto_tsquery('german', t) from unnest(needles) t) qs where q::text <> '')
    and (lower(title) like any (likes) or lower(body) like any (likes) or lower(coalesce(response, '')) like any (likes));

  -- Encounters (cascade), sign-in tokens and erasure requests (cascade) go with the row.
  delete from people where org_id = p_org and id = p_person;
  return n;
end $$;

-- What earlier runs left. A move is one person's: a link between bookings of two different people
-- (the person and a stand-in, or two stand-ins of separate runs) exists only because one side was
-- anonymised. A promoted entry whose seat a stand-in holds names that seat's person.
update bookings b set moved_to_booking_id = null
from bookings m
where m.org_id = b.org_id and m.id = b.moved_to_booking_id and m.person_id <> b.person_id;
delete from waitlist_entries w using bookings b, people p
where b.org_id = w.org_id and b.id = w.promoted_booking_id
  and p.org_id = b.org_id and p.id = b.person_id and p.anonymised_at is not null;
