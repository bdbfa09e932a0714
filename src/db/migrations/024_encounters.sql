-- Who met whom (issue 14): every pair of people who took part in the same session that has taken
-- place is an encounter, with when they first and last met and how often. A derived table: the
-- worker counts sessions as they end (count_encounters), and rebuild_encounters recomputes an
-- organisation's from the bookings; both compute a pair's row the same way, from every counted
-- session, so the incremental result equals a rebuild by construction.

-- When a session's participants were counted into encounters; null: not yet, or to be counted again.
alter table sessions add column encounters_counted_at timestamptz;

-- Who took part in a session that has been counted: a seat marked attended, or still active where
-- no attendance was recorded (a no-show or a given-up seat met nobody), in a session not cancelled.
-- security_invoker: the app role reads it under its own row-level security.

create view encounter_participants with (security_invoker = true) as
  select b.org_id, b.session_id, b.person_id, s.starts_at
  from bookings b
  join sessions s on s.org_id = b.org_id and s.id = b.session_id
  where b.status in ('attended', 'active') and s.status <> 'cancelled' and s.encounters_counted_at is not null;
grant select on encounter_participants to quartet_app;

-- Sessions that have ended but are not counted yet (the job's lookup; future ones are in it too,
-- small beside the history).
create index sessions_encounters_due on sessions (ends_at) where encounters_counted_at is null;
-- Everyone with any booking in a session is a pair's possible member when it is counted again,
-- cancelled bookings included; the unique index covers the other bookings.
create index bookings_cancelled_by_session on bookings (session_id) where status = 'cancelled';

-- One row per pair, the smaller id first. Erasing a person removes their encounters (cascade).
create table encounters (
  org_id uuid not null references organisations (id),
  person_a uuid not null,
  person_b uuid not null,
  first_met timestamptz not null,
  last_met timestamptz not null,
  times integer not null,
  primary key (org_id, person_a, person_b),
  constraint encounters_pair_ordered check (person_a < person_b),
  constraint encounters_met_in_order check (first_met <= last_met),
  constraint encounters_times_positive check (times >= 1),
  constraint encounters_person_a_fk foreign key (org_id, person_a) references people (org_id, id) on delete cascade,
  constraint encounters_person_b_fk foreign key (org_id, person_b) references people (org_id, id) on delete cascade
);
create index encounters_by_person_b on encounters (org_id, person_b);
select protect_organisation_table('encounters');
-- Derived: requests only read them, the count writes them (security definer), and a person's
-- erasure removes theirs by the cascade, which runs as the table's owner.
revoke insert, update, delete on encounters from quartet_app;

-- A change to the bookings of a counted session (the coach records a no-show after the count, a
-- seat given up, a booking removed) takes the session's mark away: the next count recounts it.
-- The session's row is locked first where a count may be marking it at this moment (the session has
-- ended or is about to), so this waits for that count's commit and then sees its mark; the count in
-- turn holds the rows it marked until it commits, so a change never slips between its two reads.
create function bookings_uncount_session() returns trigger
language plpgsql as $$
declare
  v_session uuid := coalesce(new.session_id, old.session_id);
begin
  perform 1 from sessions s
  where s.id = v_session and (s.encounters_counted_at is not null or s.ends_at <= now() + interval '1 hour')
  for no key update;
  if found then
    update sessions s set encounters_counted_at = null where s.id = v_session and s.encounters_counted_at is not null;
  end if;
  return null;
end $$;
create trigger bookings_uncount_session_on_change after update of status on bookings
  for each row when (old.status is distinct from new.status) execute function bookings_uncount_session();
create trigger bookings_uncount_session_on_insert_or_delete after insert or delete on bookings
  for each row execute function bookings_uncount_session();

-- A counted session cancelled or moved (only raw SQL can: the product changes no session that has
-- begun) is counted again once it has ended.
create function sessions_uncount() returns trigger
language plpgsql as $$
begin
  new.encounters_counted_at := null;
  return new;
end $$;
create trigger sessions_uncount before update of status, starts_at, ends_at on sessions
  for each row when (old.encounters_counted_at is not null
    and (old.status is distinct from new.status or old.starts_at <> new.starts_at or old.ends_at <> new.ends_at))
  execute function sessions_uncount();

-- The worker's count, across organisations: marks sessions that have ended and are not counted
-- (at most p_limit, the earliest first: the first count after this migration works through the
-- history in bounded transactions), then, for every pair of people who both have a booking in one
-- of them, deletes the pair's row and computes it again from all counted sessions. Separate
-- statements: the recount reads the bookings after the marks are taken, in a snapshot of its own.
-- Counts take turns under an advisory lock.
create function count_encounters(p_now timestamptz default now(), p_limit integer default 2000,
  out sessions_counted integer, out pairs_written integer)
language plpgsql volatile security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  due uuid[];
  pair_orgs uuid[];
  pair_as uuid[];
  pair_bs uuid[];
begin
  perform pg_advisory_xact_lock(hashtextextended('quartet.count_encounters', 0));
  with marked as (
    update sessions s set encounters_counted_at = p_now
    where s.id in (
      select d.id from sessions d where d.encounters_counted_at is null and d.ends_at <= p_now order by d.ends_at, d.id limit p_limit)
    returning s.id
  )
  select coalesce(array_agg(id), '{}'), count(*)::int into due, sessions_counted from marked;
  pairs_written := 0;
  if sessions_counted = 0 then return; end if;

  with booked as (
    select b.org_id, b.session_id, b.person_id from bookings b where b.session_id = any (due) and b.status <> 'cancelled'
    union
    select b.org_id, b.session_id, b.person_id from bookings b where b.session_id = any (due) and b.status = 'cancelled'
  ), pairs as (
    select distinct x.org_id, x.person_id as person_a, y.person_id as person_b
    from booked x join booked y on y.session_id = x.session_id and x.person_id < y.person_id
  )
  select coalesce(array_agg(org_id), '{}'), coalesce(array_agg(person_a), '{}'), coalesce(array_agg(person_b), '{}')
  into pair_orgs, pair_as, pair_bs from pairs;

  delete from encounters e using unnest(pair_orgs, pair_as, pair_bs) as f(org_id, person_a, person_b)
  where e.org_id = f.org_id and e.person_a = f.person_a and e.person_b = f.person_b;

  insert into encounters (org_id, person_a, person_b, first_met, last_met, times)
  select f.org_id, f.person_a, f.person_b, min(pa.starts_at), max(pa.starts_at), count(*)::int
  from unnest(pair_orgs, pair_as, pair_bs) as f(org_id, person_a, person_b)
  join encounter_participants pa on pa.org_id = f.org_id and pa.person_id = f.person_a
  join encounter_participants pb on pb.org_id = f.org_id and pb.session_id = pa.session_id and pb.person_id = f.person_b
  group by f.org_id, f.person_a, f.person_b;
  get diagnostics pairs_written = row_count;
end $$;
revoke all on function count_encounters(timestamptz, integer) from public;
grant execute on function count_encounters(timestamptz, integer) to quartet_app;

-- One organisation's encounters from scratch (`quartet encounters rebuild`, the demo loader): its
-- sessions that have ended are marked counted, and every pair is computed from all of them in one
-- statement. Run as the owner; under the count's lock, so the two never interleave.
create function rebuild_encounters(p_org_id uuid, p_now timestamptz default now(), out sessions_counted integer, out pairs_written integer)
language plpgsql volatile set search_path = pg_catalog, public, pg_temp as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('quartet.count_encounters', 0));
  update sessions s set encounters_counted_at = p_now
  where s.org_id = p_org_id and s.encounters_counted_at is null and s.ends_at <= p_now;
  get diagnostics sessions_counted = row_count;
  delete from encounters where org_id = p_org_id;
  insert into encounters (org_id, person_a, person_b, first_met, last_met, times)
  select pa.org_id, pa.person_id, pb.person_id, min(pa.starts_at), max(pa.starts_at), count(*)::int
  from encounter_participants pa
  join encounter_participants pb on pb.org_id = pa.org_id and pb.session_id = pa.session_id and pa.person_id < pb.person_id
  where pa.org_id = p_org_id
  group by pa.org_id, pa.person_id, pb.person_id;
  get diagnostics pairs_written = row_count;
end $$;
revoke all on function rebuild_encounters(uuid, timestamptz) from public;
