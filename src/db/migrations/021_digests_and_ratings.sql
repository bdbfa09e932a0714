-- Closing the loop (issue 13): the people of a session hear what became of their group's
-- suggestions in a weekly digest, owners hear weekly what waits for them, and participants rate
-- the session the day after.

-- The moment the group's view of a suggestion last changed (its status or the response they read),
-- whoever changed it: the board, a merge, a survivor's change its duplicates follow.
alter table suggestions add column outcome_changed_at timestamptz;
create function suggestions_outcome_changed() returns trigger
language plpgsql as $$
begin
  if new.status is distinct from old.status or new.response is distinct from old.response then
    new.outcome_changed_at := now();
  end if;
  return new;
end $$;
create trigger suggestions_outcome_changed before update of status, response on suggestions
  for each row execute function suggestions_outcome_changed();
create index suggestions_outcome_changed on suggestions (org_id, outcome_changed_at) where outcome_changed_at is not null;

-- Opt-out per person: on unless they turn it off.
alter table people add column suggestion_digest boolean not null default true;

alter table outgoing_messages drop constraint outgoing_messages_kind_check;
alter table outgoing_messages add constraint outgoing_messages_kind_check check (kind in (
  'login_link', 'booking_confirmed', 'roster_changed', 'reminder', 'booking_cancelled',
  'booking_moved', 'session_changed', 'session_cancelled', 'coach_assigned', 'coach_removed', 'coach_absent',
  'suggestion_assigned', 'suggestion_digest', 'owner_digest', 'feedback_request', 'webhook_disabled'));

-- At most one digest of each kind a week per person, whatever runs the weekly job how often; one
-- request to rate per booking.
create unique index outgoing_messages_one_digest_a_week on outgoing_messages (org_id, recipient_id, kind, (detail ->> 'week'))
  where kind in ('suggestion_digest', 'owner_digest');
create unique index outgoing_messages_one_rating_request on outgoing_messages (org_id, booking_id)
  where kind = 'feedback_request';

-- A participant's rating of a session they attended. Who rated is kept so that each person rates
-- once and can change it; no one is ever shown it: figures are averages of at least five.
create table session_ratings (
  org_id uuid not null references organisations (id),
  session_id uuid not null,
  person_id uuid not null,
  rating smallint not null check (rating between 1 and 5),
  comment text not null default '' check (length(comment) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, session_id, person_id),
  constraint session_ratings_session_fk foreign key (org_id, session_id) references sessions (org_id, id),
  constraint session_ratings_person_fk foreign key (org_id, person_id) references people (org_id, id)
);
create index session_ratings_by_person on session_ratings (org_id, person_id);
select protect_organisation_table('session_ratings');
grant select, insert, update on session_ratings to quartet_app;

-- The link in the "rate this session" mail, made when the mail is sent (only its hash is stored),
-- usable without signing in for 14 days. A mail sent twice (a worker that died after the server's
-- 250) carries a link of its own: each copy's link works.
create table rating_links (
  token_hash bytea primary key,
  org_id uuid not null references organisations (id),
  booking_id uuid not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  constraint rating_links_booking_fk foreign key (org_id, booking_id) references bookings (org_id, id)
);
create index rating_links_of_booking on rating_links (org_id, booking_id);
create index rating_links_expiry on rating_links (expires_at);
select protect_organisation_table('rating_links');
grant select, insert, update, delete on rating_links to quartet_app;

-- A rating link names its organisation and booking only through its hash: the one lookup across
-- organisations a link needs, answering nothing else.
create function rating_link_booking(p_token_hash bytea, p_now timestamptz)
returns table (org_id uuid, booking_id uuid)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  return query
    select l.org_id, l.booking_id from rating_links l join organisations o on o.id = l.org_id
    where l.token_hash = p_token_hash and l.expires_at > p_now and o.status = 'active';
end $$;
revoke all on function rating_link_booking(bytea, timestamptz) from public;
grant execute on function rating_link_booking(bytea, timestamptz) to quartet_app;

-- The weekly digests and the requests to rate are queued by the worker's schedule across
-- organisations; each function takes a lock so two workers firing at once queue once.

-- Everyone who took part in a session (a participant not marked absent, and its coach) hears of the
-- suggestions of that session whose outcome changed since their last digest (at most 5 weeks back).
create function queue_suggestion_digests(p_week text) returns integer
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  queued integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('quartet.queue_suggestion_digests', 0));
  with took_part as (
    select b.org_id, b.person_id, b.session_id from bookings b
    join sessions s on s.org_id = b.org_id and s.id = b.session_id and s.status <> 'cancelled' and s.ends_at < now()
    where b.status in ('active', 'attended')
    union
    select s.org_id, s.coach_id, s.id from sessions s where s.status <> 'cancelled' and s.ends_at < now()
  ), last_digest as (
    select m.org_id, m.recipient_id, max(m.created_at) as at from outgoing_messages m
    where m.kind = 'suggestion_digest' and m.status in ('pending', 'sent') group by m.org_id, m.recipient_id
  ), due as (
    select distinct t.org_id, t.person_id, coalesce(l.at, now() - interval '7 days') as since
    from took_part t
    join suggestions sg on sg.org_id = t.org_id and sg.session_id = t.session_id
    join people p on p.org_id = t.org_id and p.id = t.person_id and p.active and p.suggestion_digest
    join organisations o on o.id = t.org_id and o.status = 'active'
    left join last_digest l on l.org_id = t.org_id and l.recipient_id = t.person_id
    where sg.outcome_changed_at > greatest(coalesce(l.at, now() - interval '7 days'), now() - interval '35 days')
  )
  insert into outgoing_messages (org_id, kind, recipient_id, detail)
  select d.org_id, 'suggestion_digest', d.person_id,
         jsonb_build_object('week', p_week, 'since', greatest(d.since, now() - interval '35 days'), 'until', now())
  from due d
  on conflict do nothing;
  get diagnostics queued = row_count;
  return queued;
end $$;
revoke all on function queue_suggestion_digests(text) from public;
grant execute on function queue_suggestion_digests(text) to quartet_app;

-- Every suggestion owner with something waiting: open suggestions assigned to them, or new ones in
-- their categories and areas that nobody has taken yet.
create function queue_owner_digests(p_week text) returns integer
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  queued integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('quartet.queue_owner_digests', 0));
  insert into outgoing_messages (org_id, kind, recipient_id, detail)
  select w.org_id, 'owner_digest', w.person_id, jsonb_build_object('week', p_week)
  from suggestion_owners w
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
revoke all on function queue_owner_digests(text) from public;
grant execute on function queue_owner_digests(text) to quartet_app;

-- The day after a session, at nine in the participant's own time zone, the participants who were
-- there are asked to rate it (sessions ended within the last three days, so a sweep that was down
-- catches up, and an old session is never asked about).
create function queue_rating_requests() returns integer
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  queued integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('quartet.queue_rating_requests', 0));
  insert into outgoing_messages (org_id, kind, recipient_id, booking_id, session_id, send_after)
  select b.org_id, 'feedback_request', b.person_id, b.id, s.id,
         greatest(now(), (((s.ends_at at time zone p.time_zone)::date + 1) + time '09:00') at time zone p.time_zone)
  from sessions s
  join organisations o on o.id = s.org_id and o.status = 'active'
  join bookings b on b.org_id = s.org_id and b.session_id = s.id and b.status in ('active', 'attended')
  join people p on p.org_id = b.org_id and p.id = b.person_id and p.active
  where s.status <> 'cancelled' and s.ends_at <= now() and s.ends_at > now() - interval '3 days'
  on conflict do nothing;
  get diagnostics queued = row_count;
  return queued;
end $$;
revoke all on function queue_rating_requests() from public;
grant execute on function queue_rating_requests() to quartet_app;
