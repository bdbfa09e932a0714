-- Ratings reach the figures in releases of at least five people, not one by one. A figure of
-- twelve ratings averaging 4.2 that reads thirteen at 4.3 the next day gives the new rating away
-- (it must be 5) to a coach who knows who came to yesterday's session: the floor of five held for
-- each figure, not for the difference between two looks at it.
--
-- A rating is released only when final: its session ended more than 15 days ago (the 14 days in
-- which it can be given or changed, RATING_DAYS in features/feedback/queries.ts, and one more). It
-- is then never released again, and a trigger keeps it as released (its score, its session; a
-- comment may only be removed). Within each module and coach — the finest part that the figures by
-- organisation, module and coach are each a sum of — the final ratings not yet released are taken
-- in the order their sessions ended and released all at once when they come from at least five
-- people. A session rated by five or more is released on its own, so that its own figure (shown
-- from five) and the change it makes to its module's and coach's are the same. Stand-ins
-- (anonymised rows, migration 028) do not count towards the five: retention gives one person's old
-- rows a new stand-in per run, which would count one person twice. Ratings of fewer than five that
-- no later session completes are never shown.
alter table session_ratings add column released_at timestamptz;
comment on column session_ratings.released_at is
  'When the rating entered the figures, together with those of at least four other people (release_final_ratings); null: not (yet) shown in any figure.';

create index session_ratings_unreleased on session_ratings (org_id, session_id) where released_at is null;

-- Ratings shown before this migration stay shown: hiding them now would give the recent ones away
-- by the drop of each figure. They entered the figures one by one, when given; their sessions take
-- no new or changed rating from now on (the trigger below, and features/feedback/queries.ts), as if
-- final. (Retention removes a release's comments together: these, one by one as before.)
update session_ratings set released_at = created_at;

create function session_ratings_keep_released() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    if exists (select from session_ratings r where r.org_id = new.org_id and r.session_id = new.session_id and r.released_at is not null) then
      raise exception 'session_ratings: the session''s ratings are released, so final' using errcode = '23514';
    end if;
  elsif old.released_at is not null and (new.released_at is distinct from old.released_at or new.rating <> old.rating
      or new.session_id <> old.session_id or new.org_id <> old.org_id or (new.comment <> old.comment and new.comment <> '')) then
    raise exception 'session_ratings: a released rating is final (only its comment may be removed)' using errcode = '23514';
  end if;
  return new;
end $$;
create trigger session_ratings_keep_released before insert or update on session_ratings
  for each row execute function session_ratings_keep_released();

-- Across organisations, by the worker every hour; returns how many sessions' ratings it released.
create function release_final_ratings() returns integer
language plpgsql volatile security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  s record;
  cell text := null;
  pending uuid[] := '{}';
  raters uuid[] := '{}';
  released integer := 0;
begin
  perform pg_advisory_xact_lock(hashtextextended('quartet.release_final_ratings', 0));
  for s in
    select r.org_id, se.module_id, se.coach_id, se.id as session_id,
      coalesce(array_agg(r.person_id) filter (where p.anonymised_at is null), '{}') as people
    from session_ratings r
    join sessions se on se.org_id = r.org_id and se.id = r.session_id
    join people p on p.org_id = r.org_id and p.id = r.person_id
    where r.released_at is null and se.ends_at <= now() - interval '15 days'
    group by r.org_id, se.module_id, se.coach_id, se.id, se.ends_at
    order by r.org_id, se.module_id, se.coach_id, se.ends_at, se.id
  loop
    if cell is distinct from concat_ws('/', s.org_id, s.module_id, s.coach_id) then
      cell := concat_ws('/', s.org_id, s.module_id, s.coach_id);
      pending := '{}';
      raters := '{}';
    end if;
    -- One rating per person and session (the primary key): people = distinct raters, stand-ins aside.
    if cardinality(s.people) >= 5 then
      update session_ratings set released_at = now() where org_id = s.org_id and session_id = s.session_id and released_at is null;
      released := released + 1;
      continue;
    end if;
    pending := pending || s.session_id;
    raters := array(select distinct unnest(raters || s.people));
    if cardinality(raters) >= 5 then
      update session_ratings set released_at = now() where org_id = s.org_id and session_id = any (pending) and released_at is null;
      released := released + cardinality(pending);
      pending := '{}';
      raters := '{}';
    end if;
  end loop;
  return released;
end $$;
revoke all on function release_final_ratings() from public;
grant execute on function release_final_ratings() to quartet_app;
