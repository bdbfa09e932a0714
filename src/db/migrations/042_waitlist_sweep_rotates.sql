-- The expiry job asks for at most 500 sessions a minute. In 038 they came in the order of
-- organisation and session ids, so where more than 500 sessions had a free seat whose line the rules
-- refuse (everyone at their limit, or beside a recent partner: they keep their place, the session
-- stays due), the same first 500 came every minute and the rest never: their lapsed offers kept
-- holding seats. Now lapsed offers come first, and within each kind the order changes every minute
-- (a hash of the session and the minute), so every due session is reached within a few minutes.
create or replace function waitlist_sessions_due(p_now timestamptz, p_limit int default 500)
returns table (org_id uuid, session_id uuid)
language sql stable security definer set search_path = pg_catalog, public, pg_temp as $$
  select d.org_id, d.session_id from (
    select e.org_id, e.session_id, 0 as urgency
    from waitlist_entries e
    join sessions s on s.org_id = e.org_id and s.id = e.session_id
    join organisations o on o.id = e.org_id
    join people p on p.org_id = e.org_id and p.id = e.person_id
    where e.status = 'offered'
      and (e.offer_expires_at <= p_now or s.status <> 'scheduled' or not p.active
        or s.starts_at - make_interval(mins => o.cancellation_cutoff_minutes) <= p_now)
    union
    select e.org_id, e.session_id, 1 as urgency
    from waitlist_entries e
    join sessions s on s.org_id = e.org_id and s.id = e.session_id
    join organisations o on o.id = e.org_id
    where e.status = 'waiting' and o.waitlist_mode = 'offer' and o.status = 'active'
      and s.status = 'scheduled' and s.seats_taken < s.capacity
      and s.starts_at - make_interval(mins => o.cancellation_cutoff_minutes) > p_now
  ) d
  group by d.org_id, d.session_id
  order by min(d.urgency), hashtext(d.session_id::text || floor(extract(epoch from p_now) / 60)::text), d.session_id
  limit p_limit
$$;
