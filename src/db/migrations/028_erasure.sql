-- Erasure (Art. 17 GDPR, issue 15, features/erasure) and the anonymous form of a person's rows.
--
-- THE ANONYMOUS FORM (what retention's "bookings older than N months" also produces):
-- Rows that statistics count keep existing, but belong to a STAND-IN: a fresh people row with a new
-- id that nothing outside Quartet has ever seen, marked `anonymised_at`, holding nothing about anyone
-- (name '(erased)', address '<its own id>@erased.invalid', no department, site, feed or notice; not
-- active, so nobody can sign in as it, book for it or find it by address). The person's own row is
-- then deleted, so their id is gone from every table. Why a stand-in rather than nullable columns:
-- every constraint keeps its meaning unchanged — seat counts, one active booking per person per
-- session (a stand-in takes over exactly the seats one person held), the primary keys of ratings,
-- supports and cohort memberships, the coach's no-overlap exclusion — and every figure stays right,
-- distinct counts included (a stand-in counts as the one participant it replaces).
--   booking             person_id -> stand-in; cancelled_by / attendance_marked_by naming the person
--                       -> stand-in. Status, times and attendance stay (seats, attendance, fill rates).
--   rating              person_id -> stand-in, rating kept (averages), comment removed (emptied).
--   support             person_id -> stand-in (the suggestion's count is unchanged).
--   cohort membership   person_id -> stand-in, department removed; the cohort's schedule names the stand-in.
--   session coached     coach_id (and created_by) -> stand-in: past sessions stay in every figure.
--   absence             coach_id -> stand-in, note removed.
--   suggestion comment  author_id -> stand-in (the text stays: it belongs to the board).
--   suggestion typed    (no author column) stays; only the audit log knew who, and it is pseudonymised.
--   suggestion owned    owner_id -> null (unassigned), the owner's appointment removed.
--   mail record         recipient -> stand-in, detail and last error emptied; pending mail to them moot.
--   api token they made revoked, creator -> stand-in (a token acts with its creator's rights).
--   encounters          every pair with the person removed (nobody "met" a stand-in: encounter_participants
--                       leaves stand-ins out, so no recount gives them back).
--   audit entries       pseudonymised under ANOTHER fresh id (pseudonymise_audit_entries, 027), so the
--                       audit trail and the anonymous bookings cannot be joined either.
-- One stand-in per erasure: an erased person's anonymous rows still belong together (a participant
-- who came six times counts once among "people reached"), to nobody. Retention makes one stand-in per
-- person per run for the bookings it anonymises (anonymise_bookings_before).

alter table people add column anonymised_at timestamptz;
comment on column people.anonymised_at is
  'Set on a stand-in: a row that holds the anonymous rows of an erased person (or of anonymised bookings), and nothing about anyone.';
alter table people add constraint people_stand_in_holds_nothing check (
  anonymised_at is null or (not active and name = '(erased)' and department is null and site is null and calendar_feed_hash is null));

-- A booking keeps its session and person — except that its person may become a stand-in.
create or replace function bookings_keep_seat_count() returns trigger
language plpgsql as $$
declare
  was_holding boolean := tg_op in ('UPDATE', 'DELETE') and old.status <> 'cancelled';
  is_holding boolean := tg_op in ('INSERT', 'UPDATE') and new.status <> 'cancelled';
begin
  if tg_op = 'UPDATE' and (new.session_id <> old.session_id or (new.person_id <> old.person_id
      and not exists (select 1 from people p where p.id = new.person_id and p.anonymised_at is not null))) then
    raise exception 'a booking keeps its session and person; cancel it and book anew'
      using errcode = '23514', constraint = 'bookings_session_fixed';
  end if;
  if is_holding and not coalesce(was_holding, false) then
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

-- Nobody met a stand-in: anonymous seats count for seats and attendance, never for the network.
create or replace view encounter_participants with (security_invoker = true) as
  select b.org_id, b.session_id, b.person_id, s.starts_at
  from bookings b
  join sessions s on s.org_id = b.org_id and s.id = b.session_id
  where b.status in ('attended', 'active') and s.status <> 'cancelled' and s.encounters_counted_at is not null
    and not exists (select 1 from people p where p.id = b.person_id and p.anonymised_at is not null);

-- Erasure finds a person's rows by index everywhere (bench/erasure.ts EXPLAINs them on an
-- organisation of 100,000): these are the lookups no earlier index served.
create index bookings_cancelled_by on bookings (cancelled_by) where cancelled_by is not null;
create index bookings_attendance_marked_by on bookings (attendance_marked_by) where attendance_marked_by is not null;
create index sessions_by_creator on sessions (created_by) where created_by is not null;
create index outgoing_messages_by_recipient on outgoing_messages (recipient_id);
create index outgoing_messages_roster_by_session on outgoing_messages (session_id) where kind = 'roster_changed';
create index login_links_by_person on login_links (person_id);
create index auth_sessions_of_person on auth_sessions (person_id);
create index cohort_members_by_person on cohort_members (org_id, person_id);
create index suggestion_comments_by_author on suggestion_comments (org_id, author_id);
create index api_tokens_by_creator on api_tokens (org_id, created_by);
create index coach_absences_by_coach on coach_absences (org_id, coach_id);
create index webhook_events_by_booking_person on webhook_events (org_id, (payload #>> '{booking,personId}'))
  where payload ? 'booking';

-- The confirmation an employee asks for by mail before erasing their own account. The token is made
-- by the mail's job as it sends (only its hash is kept), valid until expires_at, used once.
create table erasure_requests (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  token_hash bytea unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (org_id, id),
  unique (id),
  constraint erasure_requests_person_fk foreign key (org_id, person_id) references people (org_id, id) on delete cascade
);
create index erasure_requests_of_person on erasure_requests (org_id, person_id, created_at desc);
select protect_organisation_table('erasure_requests');
grant select, insert, update, delete on erasure_requests to quartet_app;

-- The confirmation mail's kind, added to whatever list the constraint holds (other parts add theirs
-- the same way and read the list back as quoted literals, so the new constraint keeps that form).
do $$
declare
  def text;
  kinds text[];
begin
  select pg_get_constraintdef(c.oid) into def from pg_constraint c
  where c.conrelid = 'outgoing_messages'::regclass and c.conname = 'outgoing_messages_kind_check';
  if def is null then
    raise exception 'outgoing_messages_kind_check not found';
  end if;
  if def like '%{%' then -- written as an array literal '{a,b}' by someone else
    kinds := string_to_array(substring(def from '\{([^}]*)\}'), ',');
  else
    select array_agg(k[1]) into kinds from regexp_matches(def, '''([a-z_]+)''', 'g') k;
  end if;
  alter table outgoing_messages drop constraint outgoing_messages_kind_check;
  execute format('alter table outgoing_messages add constraint outgoing_messages_kind_check check (kind in (%s))',
    (select string_agg(quote_literal(k), ', ' order by k) from (select distinct unnest(kinds || array['erasure_confirmation']) k) ks));
end $$;

-- A fresh stand-in in the caller's organisation; returns its id.
create function new_stand_in(p_org uuid) returns uuid
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  v_id uuid := gen_random_uuid();
begin
  insert into people (id, org_id, email, name, department, site, time_zone, locale, roles, active, anonymised_at)
  select v_id, o.id, v_id::text || '@erased.invalid', '(erased)', null, null, 'UTC', 'en', '{employee}', false, now()
  from organisations o where o.id = p_org;
  return v_id;
end $$;
revoke all on function new_stand_in(uuid) from public;

-- `t` with the person's id replaced by the stand-in's and each of `p_texts` (their name, address;
-- compared without case, also as written inside JSON) by "(erased)".
create function erasure_scrub(t text, p_person uuid, p_stand_in uuid, p_texts text[]) returns text
language plpgsql immutable as $$
declare
  needle text;
  form text;
begin
  if t is null then return null; end if;
  t := replace(t, p_person::text, p_stand_in::text);
  foreach needle in array p_texts loop
    continue when length(trim(needle)) < 3;
    foreach form in array array[needle, substr(to_json(needle)::text, 2, length(to_json(needle)::text) - 2)] loop
      t := regexp_replace(t, '***=' || form, '(erased)', 'gi');
    end loop;
  end loop;
  return t;
end $$;

-- Everything of one person in their organisation, after their future seats were given up by the
-- bookings feature (so the usual notices were queued): rows statistics count move to the stand-in,
-- the rest is removed, and the person's row goes last. The caller locked the person's row and runs
-- in the organisation (app.org_id); the audit log is pseudonymised by the caller (027's function).
-- SECURITY DEFINER: the job queue, the encounters ledger and the mail records' detail are not the
-- app role's to change. Returns what it did, as counts.
create function erase_person_rows(p_org uuid, p_person uuid, p_stand_in uuid, p_texts text[])
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
  update coach_absences set coach_id = p_stand_in, note = null where org_id = p_org and coach_id = p_person;

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
revoke all on function erase_person_rows(uuid, uuid, uuid, text[]) from public;
grant execute on function erase_person_rows(uuid, uuid, uuid, text[]) to quartet_app;
revoke all on function new_stand_in(uuid) from public;
grant execute on function new_stand_in(uuid) to quartet_app;

-- Retention's rule "bookings and attendance older than N months anonymised": bookings of sessions
-- that started before p_before (at most p_limit, oldest first), of people who are not stand-ins,
-- move to one fresh stand-in per person (with their ratings of those sessions); the encounters of
-- every person touched are computed again without them, so encounters derived only from these
-- bookings go. Returns the bookings anonymised.
create function anonymise_bookings_before(p_org uuid, p_before timestamptz, p_limit integer default 5000)
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
revoke all on function anonymise_bookings_before(uuid, timestamptz, integer) from public;
grant execute on function anonymise_bookings_before(uuid, timestamptz, integer) to quartet_app;

-- How many bookings anonymise_bookings_before would anonymise (retention's preview).
create function bookings_to_anonymise(p_org uuid, p_before timestamptz) returns bigint
language sql stable security invoker set search_path = pg_catalog, public, pg_temp as $$
  select count(*) from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
  join people p on p.org_id = b.org_id and p.id = b.person_id and p.anonymised_at is null
  where b.org_id = p_org and s.starts_at < p_before
$$;
grant execute on function bookings_to_anonymise(uuid, timestamptz) to quartet_app;
