-- Operators and integration tokens.
--
-- Operators host organisations on this deployment; they belong to none, so their tokens carry no
-- org_id and the app role cannot read them at all: an operator is recognised only through the
-- security-definer functions below, which take the hash of the token and answer one question.
--
-- Integration tokens are an organisation's API keys for HR systems and scripts. They are
-- organisation data (org_id, row-level security like 004); the lookup by hash before anyone is
-- known goes through auth_api_token. Only SHA-256 hashes of either kind of token are stored.

create table operator_tokens (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
-- 004's default privileges would give the app role this table; it must not even read it.
revoke all on operator_tokens from quartet_app;

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 200),
  scopes text[] not null
    check (cardinality(scopes) > 0 and scopes <@ array['read', 'people:import', 'sessions']::text[]),
  token_hash bytea not null unique,
  -- A token acts for the admin who made it, and stops working when they are no admin any more.
  created_by uuid not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint api_tokens_org_id_key unique (org_id, id),
  constraint api_tokens_creator_fk foreign key (org_id, created_by) references people (org_id, id)
);
create index api_tokens_by_org on api_tokens (org_id, created_at);
grant select, insert, update, delete on api_tokens to quartet_app;

select protect_organisation_table('api_tokens');

-- The integration token behind a bearer secret, with the rights of the admin it acts for; nothing
-- for a revoked token, a suspended organisation, or a creator who left or is no admin any more.
create function auth_api_token(p_token_hash bytea)
returns table (
  token_id uuid, org_id uuid, person_id uuid, scopes text[], roles text[], time_zone text, locale text,
  last_used_at timestamptz
)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  return query
  select t.id, t.org_id, t.created_by, t.scopes, p.roles, p.time_zone, p.locale, t.last_used_at
  from api_tokens t
  join people p on p.org_id = t.org_id and p.id = t.created_by
  join organisations o on o.id = t.org_id
  where t.token_hash = p_token_hash and t.revoked_at is null
    and p.active and 'admin' = any(p.roles) and o.status = 'active';
end $$;

-- The operator behind a bearer secret; records the use at most once a minute.
create function operator_authenticate(p_token_hash bytea, p_now timestamptz)
returns table (operator_token_id uuid, name text)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  update operator_tokens t set last_used_at = p_now
  where t.token_hash = p_token_hash and t.revoked_at is null
    and (t.last_used_at is null or t.last_used_at < p_now - interval '1 minute');
  return query
  select t.id, t.name from operator_tokens t where t.token_hash = p_token_hash and t.revoked_at is null;
end $$;

-- Every organisation, for an operator: the only read across organisations the operator API makes.
-- It asks for the operator's token again, so the app role cannot list organisations without one.
create function operator_list_organisations(p_token_hash bytea)
returns table (
  id uuid, name text, slug text, status text, default_time_zone text, created_at timestamptz,
  active_people bigint, admins bigint
)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  if not exists (select from operator_tokens t where t.token_hash = p_token_hash and t.revoked_at is null) then
    return;
  end if;
  return query
  select o.id, o.name, o.slug, o.status, o.default_time_zone, o.created_at,
    count(p.id) filter (where p.active), count(p.id) filter (where p.active and 'admin' = any(p.roles))
  from organisations o left join people p on p.org_id = o.id
  group by o.id
  order by o.name, o.id;
end $$;

revoke all on function auth_api_token(bytea), operator_authenticate(bytea, timestamptz),
  operator_list_organisations(bytea) from public;
grant execute on function auth_api_token(bytea), operator_authenticate(bytea, timestamptz),
  operator_list_organisations(bytea) to quartet_app;
