-- Ratings reach the figures in releases of at least five people, not one by one. A figure of
-- twelve ratings averaging 4.2 that reads thirteen at 4.3 the next day gives the new rating away
-- (it must be 5) to a coach who knows who came to yesterday's session: the floor of five held for
-- each figure, not for the difference between two looks at it.
--
-- A released rating is final: its session ended more than the 14 rating days (RATING_DAYS,
-- features/feedback/queries.ts) and a day ago, so it can no longer be given or changed, and it is
-- never released again. Within each module and coach — the finest part every figure is a sum of
-- (organisation, module, coach) — the final ratings not yet released are taken in the order their
-- sessions ended and released once they come from at least five people, all at once. A session
-- rated by five or more is released on its own, so that its own figure and the change it makes to
-- its module's and its coach's are the same. So any two looks at any figure differ by whole
-- releases, each about five people or more. Ratings of fewer than five that no later session
-- completes are never shown.
alter table session_ratings add column released_at timestamptz;
comment on column session_ratings.released_at is
  'When the rating entered the figures, together with those of at least four other people (release_final_ratings); null: not (yet) shown in any figure.';

create index session_ratings_unreleased on session_ratings (org_id, session_id) where released_at is null;

-- Ratings shown before this migration stay shown: hiding them now would give the recent ones away
-- by the drop of each figure.
update session_ratings set released_at = now();

-- Across organisations, by the worker every hour; returns how many sessions' ratings it released.
create function release_final_ratings() returns integer
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  s record;
  cell text := null;
  pending uuid[] := '{}';
  raters uuid[] := '{}';
  released integer := 0;
begin
  perform pg_advisory_xact_lock(hashtextextended('quartet.release_final_ratings', 0));
  for s in
    select r.org_id, se.module_id, se.coach_id, se.id as session_id, array_agg(r.person_id) as people
    from session_ratings r
    join sessions se on se.org_id = r.org_id and se.id = r.session_id
    where r.released_at is null and se.ends_at <= now() - interval '15 days'
    group by r.org_id, se.module_id, se.coach_id, se.id, se.ends_at
    order by r.org_id, se.module_id, se.coach_id, se.ends_at, se.id
  loop
    if cell is distinct from concat_ws('/', s.org_id, s.module_id, s.coach_id) then
      cell := concat_ws('/', s.org_id, s.module_id, s.coach_id);
      pending := '{}';
      raters := '{}';
    end if;
    -- One rating per person and session (the primary key): people = distinct raters.
    if cardinality(s.people) >= 5 then
      update session_ratings set released_at = now() where org_id = s.org_id and session_id = s.session_id;
      released := released + 1;
      continue;
    end if;
    pending := pending || s.session_id;
    raters := array(select distinct unnest(raters || s.people));
    if cardinality(raters) >= 5 then
      update session_ratings set released_at = now() where org_id = s.org_id and session_id = any (pending);
      released := released + cardinality(pending);
      pending := '{}';
      raters := '{}';
    end if;
  end loop;
  return released;
end $$;
revoke all on function release_final_ratings() from public;
grant execute on function release_final_ratings() to quartet_app;
