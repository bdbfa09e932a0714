-- The owners' weekly digest also goes to whoever open suggestions are assigned to. An admin may
-- assign a suggestion to any active person, appointed owner or not (or to an owner since
-- dismissed), who then works on it on the board; but the digest was queued only for appointed
-- owners, so such a person heard of it once, by the assignment's mail, and never again.

create or replace function queue_owner_digests(p_week text) returns integer
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  queued integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('quartet.queue_owner_digests', 0));
  with candidates as (
    select w.org_id, w.person_id, w.category_ids, w.areas from suggestion_owners w
    union
    select sg.org_id, sg.owner_id, '{}'::uuid[], '{}'::text[] from suggestions sg
    where sg.owner_id is not null and sg.merged_into is null and sg.status in ('new', 'in_review', 'planned')
      and not exists (select 1 from suggestion_owners w where w.org_id = sg.org_id and w.person_id = sg.owner_id)
  )
  insert into outgoing_messages (org_id, kind, recipient_id, detail)
  select w.org_id, 'owner_digest', w.person_id, jsonb_build_object('week', p_week)
  from candidates w
  join people p on p.org_id = w.org_id and p.id = w.person_id and p.active
  join organisations o on o.id = w.org_id and o.status = 'active'
  where exists (
    select 1 from suggestions sg
    where sg.org_id = w.org_id and sg.merged_into is null
      and ((sg.owner_id = w.person_id and sg.status in ('new', 'in_review', 'planned'))
        or (sg.owner_id is null and sg.status = 'new'
            and (sg.category_id = any (w.category_ids) or lower(sg.area) = any (select lower(a) from unnest(w.areas) a))))
  )
  on conflict do nothing;
  get diagnostics queued = row_count;
  return queued;
end $$;
