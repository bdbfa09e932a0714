-- Single sign-on: an organisation may sign its people in through its own OpenID Connect
-- provider (authorization code flow with PKCE), and may switch the log-in link off.

create table sso_settings (
  org_id uuid primary key references organisations (id),
  -- Null until an admin sets up single sign-on; both or neither.
  issuer text check (issuer ~ '^https?://' and length(issuer) <= 500),
  client_id text check (length(client_id) between 1 and 500),
  -- Never returned by the API ("set: true" only); readable by the app role only inside its
  -- organisation, like every other organisation row.
  client_secret text check (length(client_secret) between 1 and 2000),
  allowed_domains text[] not null default '{}'
    check (cardinality(allowed_domains) <= 50 and array_to_string(allowed_domains, ',') = lower(array_to_string(allowed_domains, ','))),
  create_people boolean not null default false,
  login_link_allowed boolean not null default true,
  updated_at timestamptz not null default now(),
  constraint sso_settings_issuer_with_client check ((issuer is null) = (client_id is null))
);

-- One sign-in through the provider, from the redirect to the callback. Kept in the database, not
-- in one process's memory, because the callback may reach another app process. Single use: the
-- callback deletes the row it uses, so a replayed state (or code) finds nothing.
create table sso_attempts (
  state_hash bytea primary key,
  org_id uuid not null references organisations (id),
  -- The hash of a secret in a short-lived cookie set with the redirect: the callback must come
  -- from the browser that started the attempt (no signing someone in to an attacker's account).
  browser_hash bytea not null,
  nonce text not null,
  code_verifier text not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index sso_attempts_expiry on sso_attempts (expires_at);

grant select, insert, update, delete on sso_settings, sso_attempts to quartet_app;

select protect_organisation_table('sso_settings'), protect_organisation_table('sso_attempts');

-- Lookups before anyone is known, across organisations, each answering one question.

-- The organisation a sign-in starts in: by slug, or by the domain of an address.
create function sso_organisations_for_start(p_slug text, p_domain text)
returns table (org_id uuid)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  return query
  select o.id from organisations o join sso_settings s on s.org_id = o.id
  where o.status = 'active' and s.issuer is not null
    and (o.slug = p_slug or p_domain = any (s.allowed_domains));
end $$;

-- Uses up an attempt: returns it once, and never again; expired attempts return nothing.
create function sso_consume_attempt(p_state_hash bytea, p_now timestamptz)
returns table (org_id uuid, browser_hash bytea, nonce text, code_verifier text)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  return query
  with used as (
    delete from sso_attempts a where a.state_hash = p_state_hash
    returning a.org_id, a.browser_hash, a.nonce, a.code_verifier, a.expires_at
  )
  select u.org_id, u.browser_hash, u.nonce, u.code_verifier from used u where u.expires_at > p_now;
end $$;

-- The log-in link can be switched off per organisation: its people then get no link (the answer
-- stays the same 202) and links mailed before stop working.
create or replace function auth_people_for_sign_in(p_email text)
returns table (person_id uuid, org_id uuid, org_name text, name text, locale text)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  return query
  select p.id, p.org_id, o.name, p.name, p.locale
  from people p join organisations o on o.id = p.org_id
  where p.email = p_email::citext and p.active and o.status = 'active'
    and not exists (select from sso_settings s where s.org_id = p.org_id and not s.login_link_allowed);
end $$;

create or replace function auth_consume_login_link(p_token_hash bytea, p_now timestamptz)
returns table (org_id uuid, person_id uuid)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  return query
  update login_links l set used_at = p_now
  where l.token_hash = p_token_hash and l.used_at is null and l.expires_at > p_now
    and not exists (select from sso_settings s where s.org_id = l.org_id and not s.login_link_allowed)
  returning l.org_id, l.person_id;
end $$;

revoke all on function sso_organisations_for_start(text, text), sso_consume_attempt(bytea, timestamptz) from public;
grant execute on function sso_organisations_for_start(text, text), sso_consume_attempt(bytea, timestamptz) to quartet_app;
