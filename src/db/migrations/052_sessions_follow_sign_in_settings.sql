-- A cookie session follows its organisation's sign-in settings as they are now, not as they were at
-- sign-in. Until now a session's idle and absolute expiries were written once (at sign-in, and the
-- idle one at each touch) from the settings of that moment, so an admin who shortened
-- session_idle_minutes or session_absolute_hours (after a lost laptop, or an auditor's finding)
-- left every session already signed in on the old, longer terms: one left idle for longer than the
-- new limit still worked, and so did one older than the new lifetime. Now each expiry is the
-- earlier of the stored one and the one the current setting gives (from the last use, and from the
-- sign-in). A longer setting does not lengthen a session already signed in beyond what it was given
-- (its cookie's Max-Age was set from the old lifetime); the idle one grows at its next use.

create or replace function auth_live_session(p_token_hash bytea, p_now timestamptz)
returns table (
  session_id uuid, org_id uuid, person_id uuid, roles text[], time_zone text, locale text,
  last_seen_at timestamptz, session_idle_minutes int, absolute_expires_at timestamptz
)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  return query
  select a.id, a.org_id, a.person_id, p.roles, p.time_zone, p.locale, a.last_seen_at,
    o.session_idle_minutes, least(a.absolute_expires_at, a.created_at + make_interval(hours => o.session_absolute_hours))
  from auth_sessions a
  join people p on p.id = a.person_id
  join organisations o on o.id = a.org_id
  where a.token_hash = p_token_hash and a.revoked_at is null
    and least(a.idle_expires_at, a.last_seen_at + make_interval(mins => o.session_idle_minutes)) > p_now
    and least(a.absolute_expires_at, a.created_at + make_interval(hours => o.session_absolute_hours)) > p_now
    and p.active and o.status = 'active';
end $$;
