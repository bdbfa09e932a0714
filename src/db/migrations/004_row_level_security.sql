-- The wall between organisations, held by the database. Quartet's requests run as the role
-- quartet_app, which owns no table and cannot bypass row-level security; every table of
-- organisation data lets it see only the rows of the organisation set for the transaction
-- (app.org_id, set by inOrg). A query that forgets its "where org_id" therefore returns nothing.
-- The few lookups that must cross organisations before anyone is known (sign-in by address, by
-- link, by cookie) are the security-definer functions at the end, each answering one question.

do $$
begin
  if not exists (select from pg_roles where rolname = 'quartet_app') then
    create role quartet_app login nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
  -- The migrating role may need to act as the app role (server mode without APP_DATABASE_URL).
  begin
    execute format('grant quartet_app to %I', current_user);
  exception when others then null; -- a superuser needs no grant; a role without admin option cannot give it
  end;
end $$;

grant usage on schema public to quartet_app;
grant select, insert, update, delete on
  organisations, people, modules, rooms, sessions, bookings, login_links, auth_sessions, idempotency_keys
  to quartet_app;
-- Tables of later migrations are granted too; each must still get its policies below.
alter default privileges in schema public grant select, insert, update, delete on tables to quartet_app;

create function current_org_id() returns uuid
language sql stable as $$ select nullif(current_setting('app.org_id', true), '')::uuid $$;

-- Puts a table of organisation data behind the wall: row-level security enabled and forced, one
-- policy for the app role (its organisation's rows only, for reads and writes), one for the
-- migrating owner. Every later migration that adds such a table calls it.
create function protect_organisation_table(t text) returns void
language plpgsql as $$
begin
  execute format('alter table %I enable row level security', t);
  execute format('alter table %I force row level security', t);
  execute format('create policy %I on %I to quartet_app using (org_id = current_org_id()) with check (org_id = current_org_id())', t || '_of_current_org', t);
  execute format('create policy %I on %I to %I using (true) with check (true)', t || '_owner', t, current_user);
end $$;
revoke all on function protect_organisation_table(text) from public;

select protect_organisation_table(t)
from unnest(array['people', 'modules', 'rooms', 'sessions', 'bookings', 'login_links', 'auth_sessions', 'idempotency_keys']) as t;

alter table organisations enable row level security;
alter table organisations force row level security;
create policy organisations_current on organisations to quartet_app
  using (id = current_org_id()) with check (id = current_org_id());
do $$ begin
  execute format('create policy organisations_owner on organisations to %I using (true) with check (true)', current_user);
end $$;

-- Sign-in lookups across organisations. Each returns only what sign-in needs. PL/pgSQL, because
-- it keeps each statement's plan per connection (a SQL function is planned at every call), and
-- auth_live_session runs before every signed-in request.

create function auth_people_for_sign_in(p_email text)
returns table (person_id uuid, org_id uuid, org_name text, name text, locale text)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  return query
  select p.id, p.org_id, o.name, p.name, p.locale
  from people p join organisations o on o.id = p.org_id
  where p.email = p_email::citext and p.active and o.status = 'active';
end $$;

create function auth_consume_login_link(p_token_hash bytea, p_now timestamptz)
returns table (org_id uuid, person_id uuid)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  return query
  update login_links l set used_at = p_now
  where l.token_hash = p_token_hash and l.used_at is null and l.expires_at > p_now
  returning l.org_id, l.person_id;
end $$;

create function auth_live_session(p_token_hash bytea, p_now timestamptz)
returns table (
  session_id uuid, org_id uuid, person_id uuid, roles text[], time_zone text, locale text,
  last_seen_at timestamptz, session_idle_minutes int, absolute_expires_at timestamptz
)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  return query
  select a.id, a.org_id, a.person_id, p.roles, p.time_zone, p.locale, a.last_seen_at,
    o.session_idle_minutes, a.absolute_expires_at
  from auth_sessions a
  join people p on p.id = a.person_id
  join organisations o on o.id = a.org_id
  where a.token_hash = p_token_hash and a.revoked_at is null
    and a.idle_expires_at > p_now and a.absolute_expires_at > p_now
    and p.active and o.status = 'active';
end $$;

create function auth_revoke_session(p_token_hash bytea)
returns void
language sql volatile security definer set search_path = public, pg_temp as $$
  update auth_sessions set revoked_at = now() where token_hash = p_token_hash and revoked_at is null
$$;

revoke all on function auth_people_for_sign_in(text), auth_consume_login_link(bytea, timestamptz),
  auth_live_session(bytea, timestamptz), auth_revoke_session(bytea) from public;
grant execute on function auth_people_for_sign_in(text), auth_consume_login_link(bytea, timestamptz),
  auth_live_session(bytea, timestamptz), auth_revoke_session(bytea) to quartet_app;
