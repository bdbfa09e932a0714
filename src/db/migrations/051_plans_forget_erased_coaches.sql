-- An erased coach in the planner's proposals, for good. Erasure has put the stand-in in the coach's
-- place in a proposal's input, sessions and gaps and emptied their weekly windows, date exceptions
-- and booked times (erasure/queries.ts) — but left `away` (the instants of their days away, which
-- may say they were ill) and `attending` (when they held a seat as a participant), both added to the
-- planner's input later, beside the stand-in. And proposals stored before erasure rewrote them at all
-- still name coaches erased before then by their own id (their row gone), with every one of those
-- times.
--
-- plan_proposals_forget_coach is the one rewrite: erasure calls it (as the app role, under row-level
-- security: invoker), and the block below runs it once over what is stored. A coach whose row is
-- gone gets a fresh stand-in per organisation and id, as erasure would have given; one already a
-- stand-in loses the times still beside it. Publishing such a plan names that coach's sessions
-- COACH_INACTIVE, as before.

create or replace function plan_proposals_forget_coach(p_org uuid, p_person uuid, p_stand_in uuid) returns integer
language plpgsql security invoker set search_path = pg_catalog, public, pg_temp as $$
declare
  changed integer;
  needle text := '%' || p_person::text || '%';
begin
  update plan_proposals p set
    input = replace(jsonb_set(p.input, '{coaches}', coalesce((
      select jsonb_agg(case when c ->> 'id' = p_person::text
        then c || jsonb_build_object('windows', '[]'::jsonb, 'exceptions', '[]'::jsonb, 'booked', '[]'::jsonb, 'away', '[]'::jsonb, 'attending', '[]'::jsonb)
        else c end order by n)
      from jsonb_array_elements(p.input -> 'coaches') with ordinality e(c, n)), '[]'::jsonb))::text, p_person::text, p_stand_in::text)::jsonb,
    sessions = replace(p.sessions::text, p_person::text, p_stand_in::text)::jsonb,
    gaps = replace(p.gaps::text, p_person::text, p_stand_in::text)::jsonb
  where p.org_id = p_org and (p.input::text like needle or p.sessions::text like needle or p.gaps::text like needle);
  get diagnostics changed = row_count;
  return changed;
end $$;

do $$
declare
  r record;
begin
  for r in
    select distinct p.org_id, c ->> 'id' as coach_id
    from plan_proposals p, jsonb_array_elements(p.input -> 'coaches') c
    where c ->> 'id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      and not exists (select 1 from people x where x.org_id = p.org_id and x.id = (c ->> 'id')::uuid)
  loop
    perform plan_proposals_forget_coach(r.org_id, r.coach_id::uuid, new_stand_in(r.org_id));
  end loop;
  for r in
    select distinct p.org_id, x.id as coach_id
    from plan_proposals p cross join lateral jsonb_array_elements(p.input -> 'coaches') c
    join people x on x.org_id = p.org_id and x.id::text = c ->> 'id' and x.anonymised_at is not null
  loop
    perform plan_proposals_forget_coach(r.org_id, r.coach_id, r.coach_id);
  end loop;
end $$;
