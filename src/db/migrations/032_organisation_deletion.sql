-- An organisation leaving (issue 15): the operator deletes it completely, every row of it in every
-- table, its jobs in graphile-worker's queue and the organisation row, in one transaction.
--
-- The tables are found in the catalog (every table of the public schema with an org_id column),
-- not listed by hand, so a table added later is deleted without anyone remembering it. They are
-- deleted children first, in the order their foreign keys ask for. The audit log's guard
-- (migration 027) lets its entries go only while quartet.deleting_organisation names the
-- organisation, which this function sets for its own transaction.
--
-- What stays is one row of deleted_organisations: that an organisation with this id and slug was
-- deleted, when, by which operator token (or the command line), and how many rows of each table
-- went. No personal data: the slug is the organisation's, the counts are counts.

-- Its key is organisation_id, not org_id: this is no organisation's data (no row-level security),
-- and the catalog's tables of organisation data, which the deletion empties, are those with org_id.
create table deleted_organisations (
  organisation_id uuid primary key,
  slug text not null,
  deleted_at timestamptz not null default now(),
  deleted_by text not null check (deleted_by in ('operator', 'system')),
  -- No foreign key: the record must outlive a token being cleaned away.
  operator_token_id uuid,
  rows_deleted jsonb not null,
  jobs_deleted integer not null,
  check ((deleted_by = 'operator') = (operator_token_id is not null))
);
create index deleted_organisations_by_slug on deleted_organisations (slug, deleted_at desc);
-- Deployment-level, like operator_tokens: 004's default privileges would give it to the app role.
revoke all on deleted_organisations from quartet_app;

-- Deletes the organisation. The owner's (the command line); the operator API reaches it through
-- operator_delete_organisation below. Refuses an organisation that is not suspended: suspension
-- first stops its people and tokens, so nothing writes into it while it goes. Answers the record of
-- the deletion, and the e-mail addresses its people had that no other organisation's people have
-- (for the caller to remove the caught mail sent to them; they are not stored).
create function delete_organisation(p_org uuid, p_deleted_by text, p_operator_token_id uuid)
returns table (org_id uuid, slug text, deleted_at timestamptz, deleted_by text, rows_deleted jsonb, jobs_deleted integer, addresses text[])
language plpgsql volatile set search_path = public, pg_temp as $$
declare
  v_slug text;
  v_status text;
  v_addresses text[];
  v_remaining oid[];
  v_ready oid[];
  v_table oid;
  v_count bigint;
  v_counts jsonb := '{}';
  v_jobs integer := 0;
begin
  select o.slug, o.status into v_slug, v_status from organisations o where o.id = p_org for update;
  if not found then
    raise exception 'organisation % not found', p_org using errcode = 'P0002';
  end if;
  if v_status <> 'suspended' then
    raise exception 'organisation % is %, not suspended', v_slug, v_status using errcode = '55000';
  end if;

  v_addresses := array(
    select distinct lower(p.email) from people p where p.org_id = p_org
    except select lower(p.email) from people p where p.org_id <> p_org);

  perform set_config('quartet.deleting_organisation', p_org::text, true);
  v_remaining := array(
    select c.oid from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and a.attname = 'org_id' and a.attnum > 0 and not a.attisdropped);
  while cardinality(v_remaining) > 0 loop
    -- The tables no other remaining table points at (a table pointing at itself is deleted in one
    -- statement, which its own foreign key allows).
    v_ready := array(
      select t from unnest(v_remaining) t
      where not exists (
        select from pg_constraint k
        where k.contype = 'f' and k.confrelid = t and k.conrelid <> t and k.conrelid = any(v_remaining)));
    if cardinality(v_ready) = 0 then
      raise exception 'delete_organisation: the foreign keys among % form a cycle',
        array(select t::regclass::text from unnest(v_remaining) t);
    end if;
    foreach v_table in array v_ready loop
      execute format('delete from %s where org_id = $1', v_table::regclass) using p_org;
      get diagnostics v_count = row_count;
      v_counts := v_counts || jsonb_build_object((select c.relname from pg_class c where c.oid = v_table), v_count);
    end loop;
    v_remaining := array(select t from unnest(v_remaining) t where t <> all(v_ready));
  end loop;

  -- Its jobs: every job of an organisation carries its orgId (send_message, deliver_webhook, …);
  -- a log-in link request carries only an address, and is its if the address was only its.
  if to_regclass('graphile_worker._private_jobs') is not null then
    execute $q$delete from graphile_worker._private_jobs j
      where j.payload ->> 'orgId' = $1::text or lower(j.payload ->> 'email') = any($2)$q$
      using p_org, v_addresses;
    get diagnostics v_jobs = row_count;
  end if;

  delete from organisations o where o.id = p_org;
  v_counts := v_counts || jsonb_build_object('organisations', 1);

  return query
  insert into deleted_organisations as d (organisation_id, slug, deleted_by, operator_token_id, rows_deleted, jobs_deleted)
  values (p_org, v_slug, p_deleted_by, p_operator_token_id, v_counts, v_jobs)
  returning d.organisation_id, d.slug, d.deleted_at, d.deleted_by, d.rows_deleted, d.jobs_deleted, v_addresses;
end $$;
revoke all on function delete_organisation(uuid, text, uuid) from public;

-- The operator API's way in: asks for the operator's token again, as the other operator functions
-- do, so the app role can delete nothing without one.
create function operator_delete_organisation(p_token_hash bytea, p_org uuid)
returns table (org_id uuid, slug text, deleted_at timestamptz, deleted_by text, rows_deleted jsonb, jobs_deleted integer, addresses text[])
language plpgsql volatile security definer set search_path = public, pg_temp as $$
declare
  v_token uuid;
begin
  select t.id into v_token from operator_tokens t where t.token_hash = p_token_hash and t.revoked_at is null;
  if v_token is null then
    raise exception 'not an operator' using errcode = '42501';
  end if;
  return query select * from delete_organisation(p_org, 'operator', v_token);
end $$;

-- An earlier deletion, for the operator (by id or slug, the latest first): deleting twice answers
-- with the first deletion's record.
create function operator_deleted_organisations(p_token_hash bytea, p_org uuid, p_slug text)
returns table (org_id uuid, slug text, deleted_at timestamptz, deleted_by text, rows_deleted jsonb, jobs_deleted integer)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  if not exists (select from operator_tokens t where t.token_hash = p_token_hash and t.revoked_at is null) then
    return;
  end if;
  return query
  select d.organisation_id, d.slug, d.deleted_at, d.deleted_by, d.rows_deleted, d.jobs_deleted
  from deleted_organisations d
  where (p_org is null or d.organisation_id = p_org) and (p_slug is null or d.slug = p_slug)
  order by d.deleted_at desc;
end $$;

revoke all on function operator_delete_organisation(bytea, uuid), operator_deleted_organisations(bytea, uuid, text) from public;
grant execute on function operator_delete_organisation(bytea, uuid), operator_deleted_organisations(bytea, uuid, text) to quartet_app;
