-- An erasure's pseudonymising of the audit log (migration 027) read every entry of the
-- organisation and searched each one's detail as text: at 100,000 people (half a million entries)
-- that scan alone took most of the erasure's second (bench:erasure, issue 15). The entries are now
-- found by index, with the same contract and the same guard:
--   actor_id, subject_id   b-tree indexes with org_id first (the function and RLS both filter on it);
--   detail                 a trigram index on lower(detail::text). The detail names a person in
--                          free text too ("asked by <name>"), and the function's rule is "contains
--                          the name, address or id, without case": a substring, which only
--                          trigrams answer by index. Ids inside the detail (a list of people read)
--                          are found the same way, as the 36 characters of their text.
-- pg_trgm is a trusted extension: the database owner may create it.

create extension if not exists pg_trgm;

create index audit_log_by_actor on audit_log (org_id, actor_id) where actor_id is not null;
create index audit_log_by_subject on audit_log (org_id, subject_id) where subject_id is not null;
create index audit_log_detail_text on audit_log using gin (lower(detail::text) gin_trgm_ops);

-- Same name, arguments, result and guard as 027's; only how the entries are found differs. The
-- needles become LIKE patterns with their wildcards escaped, so the match stays an exact
-- substring test; the statement is built with the patterns as literals (format %L) so the planner
-- sees them and combines one trigram scan per needle with the two id lookups.
create or replace function pseudonymise_audit_entries(p_org uuid, p_person uuid, p_pseudonym uuid, p_texts text[])
returns integer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  changed integer;
  needles text[] := array(select lower(t) from unnest(p_texts || p_person::text) t where length(trim(t)) >= 3);
  by_text text;
begin
  if p_org is distinct from current_org_id() then
    raise exception 'pseudonymise_audit_entries: not the current organisation' using errcode = '42501';
  end if;
  select coalesce(string_agg(format('select e.id from audit_log e where e.org_id = $1 and lower(e.detail::text) like %L', '%' ||
           replace(replace(replace(n, '\', '\\'), '%', '\%'), '_', '\_') || '%'), ' union '), 'select null::uuid where false')
    into by_text from unnest(needles) n;
  perform set_config('quartet.pseudonymising', 'on', true);
  execute format($sql$
    update audit_log a set
      actor_id = case when a.actor_id = $2 then $3 else a.actor_id end,
      subject_id = case when a.subject_id = $2 then $3 else a.subject_id end,
      ip = case when a.actor_id = $2 then null else a.ip end,
      detail = coalesce((
        select jsonb_object_agg(d.key, case
          when not exists (select 1 from unnest($4) n where position(n in lower(d.value::text)) > 0) then d.value
          -- A list (e.g. the people whose details an admin read) loses only the elements naming them.
          when jsonb_typeof(d.value) = 'array' then (
            select coalesce(jsonb_agg(case
              when exists (select 1 from unnest($4) n where position(n in lower(e.value::text)) > 0) then to_jsonb('(erased)'::text)
              else e.value end order by e.ordinality), '[]'::jsonb)
            from jsonb_array_elements(d.value) with ordinality e)
          else to_jsonb('(erased)'::text) end)
        from jsonb_each(a.detail) d), '{}'::jsonb)
    where a.org_id = $1 and a.id in (
      select e.id from audit_log e where e.org_id = $1 and e.actor_id = $2
      union select e.id from audit_log e where e.org_id = $1 and e.subject_id = $2
      union %s)$sql$, by_text)
  using p_org, p_person, p_pseudonym, needles;
  get diagnostics changed = row_count;
  perform set_config('quartet.pseudonymising', 'off', true);
  return changed;
end $$;
