-- The audit log stays append-only for the app, but privacy law asks two things of it (issue 15):
-- entries older than the organisation's retention are removed, and an erased person's entries
-- keep what happened and by whom only under a pseudonym. Migration 008's statement trigger refused
-- every update and delete to everyone; it becomes a row trigger that lets through exactly these:
--   delete  an entry past its organisation's audit retention (organisations.audit_retention_years),
--           or every entry of an organisation being deleted (quartet.deleting_organisation = its id);
--   update  only the person-identifying fields (actor_id, subject_id, ip, detail), and only inside
--           pseudonymise_audit_entries (quartet.pseudonymising = on).
-- The app role still has neither right (revoked in 008): these run as the owner, through the
-- security-definer functions below or the operator's deletion of an organisation.

alter table organisations
  add column audit_retention_years integer not null default 3
    check (audit_retention_years between 1 and 10);
comment on column organisations.audit_retention_years is
  'Years an audit entry is kept; the retention job removes older ones (expire_audit_entries).';

drop trigger audit_log_is_append_only on audit_log;
drop trigger audit_log_no_truncate on audit_log;
drop function audit_log_is_append_only();

create function audit_log_guard() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if current_setting('quartet.deleting_organisation', true) = old.org_id::text then
      return old;
    end if;
    -- The retention job's clock (expire_audit_entries sets it for its transaction; tests fix it).
    if old.at < coalesce(nullif(current_setting('quartet.retention_now', true), '')::timestamptz, now())
        - make_interval(years => (select o.audit_retention_years from organisations o where o.id = old.org_id)) then
      return old;
    end if;
    raise exception 'the audit log is append-only: entry % is within its retention', old.id using errcode = '42501';
  end if;
  if current_setting('quartet.pseudonymising', true) = 'on'
     and (new.id, new.org_id, new.at, new.actor_kind, new.action, new.subject_kind)
       is not distinct from (old.id, old.org_id, old.at, old.actor_kind, old.action, old.subject_kind) then
    return new;
  end if;
  raise exception 'the audit log is append-only' using errcode = '42501';
end $$;

create trigger audit_log_guard
  before update or delete on audit_log
  for each row execute function audit_log_guard();

create function audit_log_no_truncate() returns trigger
language plpgsql as $$
begin
  raise exception 'the audit log is append-only' using errcode = '42501';
end $$;
create trigger audit_log_no_truncate
  before truncate on audit_log
  for each statement execute function audit_log_no_truncate();

-- An erased person's entries: their id becomes `p_pseudonym` (a fresh id the caller keeps nowhere,
-- so the entries of one erasure still belong together but to nobody), the address they acted from
-- is dropped, and every value of the detail that names them (their id, or one of `p_texts`: their
-- name, address, … compared without case) becomes "(erased)" — in a list, only the elements that
-- name them; the keys stay, so what happened stays readable. Only in the caller's organisation (app.org_id). Returns the entries changed.
create function pseudonymise_audit_entries(p_org uuid, p_person uuid, p_pseudonym uuid, p_texts text[])
returns integer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  changed integer;
  needles text[] := array(select lower(t) from unnest(p_texts || p_person::text) t where length(trim(t)) >= 3);
begin
  if p_org is distinct from current_org_id() then
    raise exception 'pseudonymise_audit_entries: not the current organisation' using errcode = '42501';
  end if;
  perform set_config('quartet.pseudonymising', 'on', true);
  update audit_log a set
    actor_id = case when a.actor_id = p_person then p_pseudonym else a.actor_id end,
    subject_id = case when a.subject_id = p_person then p_pseudonym else a.subject_id end,
    ip = case when a.actor_id = p_person then null else a.ip end,
    detail = coalesce((
      select jsonb_object_agg(d.key, case
        when not exists (select 1 from unnest(needles) n where position(n in lower(d.value::text)) > 0) then d.value
        -- A list (e.g. the people whose details an admin read) loses only the elements naming them.
        when jsonb_typeof(d.value) = 'array' then (
          select coalesce(jsonb_agg(case
            when exists (select 1 from unnest(needles) n where position(n in lower(e.value::text)) > 0) then to_jsonb('(erased)'::text)
            else e.value end order by e.ordinality), '[]'::jsonb)
          from jsonb_array_elements(d.value) with ordinality e)
        else to_jsonb('(erased)'::text) end)
      from jsonb_each(a.detail) d), '{}'::jsonb)
  where a.org_id = p_org
    and (a.actor_id = p_person or a.subject_id = p_person
      or exists (select 1 from unnest(needles) n where position(n in lower(a.detail::text)) > 0));
  get diagnostics changed = row_count;
  perform set_config('quartet.pseudonymising', 'off', true);
  return changed;
end $$;
revoke all on function pseudonymise_audit_entries(uuid, uuid, uuid, text[]) from public;
grant execute on function pseudonymise_audit_entries(uuid, uuid, uuid, text[]) to quartet_app;

-- Entries past their organisation's retention, removed in batches (the retention job calls it
-- until it returns 0). Across organisations, so it is the owner's: the job runs as the owner.
create function expire_audit_entries(p_now timestamptz, p_batch integer default 5000)
returns integer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  removed integer;
begin
  perform set_config('quartet.retention_now', p_now::text, true);
  delete from audit_log a where a.id in (
    select e.id from audit_log e join organisations o on o.id = e.org_id
    where e.at < p_now - make_interval(years => o.audit_retention_years)
    limit p_batch);
  get diagnostics removed = row_count;
  return removed;
end $$;
revoke all on function expire_audit_entries(timestamptz, integer) from public;
