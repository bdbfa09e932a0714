-- Waiting lists that offer the seat (issue 16; pretix's waiting list holds a voucher for N hours).
-- An organisation chooses: a freed seat goes to the first in line at once (automatic, 035), or it is
-- held for them for some hours, and they accept or decline it (offer). Declined, lapsed or refused,
-- it is offered to the next in line.
--
-- The held seat is a taken seat: an open offer counts in sessions.seats_taken, by the trigger below,
-- so the capacity check of 001 refuses anyone else the seat (a sign-up meets SESSION_FULL, the
-- session shows full) and can never be overbooked by offers and bookings together. The count moves
-- with the entry's status, in the transaction that changes it, under the session's row lock.
--
-- Numbered before 039 and written after it: the runner applies every version not yet applied, in
-- order, so a database that has 039 gets this one next, and reads the mail kinds as they are then.

alter table organisations
  add column waitlist_mode text not null default 'automatic' check (waitlist_mode in ('automatic', 'offer')),
  add column waitlist_offer_hours int not null default 12 check (waitlist_offer_hours between 1 and 72);

-- offered: the seat is held for the person until offer_expires_at; declined and expired end an
-- offer without a seat; an offer that is accepted ends as promoted, like an automatic promotion.
alter table waitlist_entries drop constraint waitlist_entries_status_check;
alter table waitlist_entries add constraint waitlist_entries_status_check
  check (status in ('waiting', 'offered', 'promoted', 'declined', 'expired', 'left'));
alter table waitlist_entries add column offer_expires_at timestamptz;
-- An offer has an end; an entry that declined or lapsed was offered. A promoted entry keeps the end
-- of its offer if it had one (then it was accepted), and an entry is offered once: after an offer it
-- never waits again.
alter table waitlist_entries add constraint waitlist_entries_offer_has_expiry
  check (status not in ('offered', 'declined', 'expired') or offer_expires_at is not null);
alter table waitlist_entries drop constraint waitlist_entries_end_recorded;
alter table waitlist_entries add constraint waitlist_entries_end_recorded check ((status in ('waiting', 'offered')) = (ended_at is null));

-- One open place per person and session: waiting or holding an offer.
drop index waitlist_entries_one_waiting_per_person;
create unique index waitlist_entries_one_open_per_person on waitlist_entries (session_id, person_id) where status in ('waiting', 'offered');
-- The expiry job's search (and a session's open offers).
create index waitlist_entries_open_offers on waitlist_entries (offer_expires_at) where status = 'offered';

-- An open offer holds a seat. The same form as bookings_keep_seat_count (001, 028): a hold begins
-- only in a scheduled session, and the capacity check refuses one seat too many.
create function waitlist_entries_hold_seat() returns trigger
language plpgsql as $$
declare
  was_holding boolean := tg_op in ('UPDATE', 'DELETE') and old.status = 'offered';
  is_holding boolean := tg_op in ('INSERT', 'UPDATE') and new.status = 'offered';
begin
  if tg_op = 'UPDATE' and new.session_id <> old.session_id then
    raise exception 'a waiting-list entry keeps its session' using errcode = '23514', constraint = 'waitlist_entries_session_fixed';
  end if;
  if coalesce(is_holding, false) and not coalesce(was_holding, false) then
    update sessions set seats_taken = seats_taken + 1 where id = new.session_id and status = 'scheduled';
    if not found then
      raise exception 'session % is not open for booking', new.session_id
        using errcode = '23514', constraint = 'waitlist_offer_session_scheduled';
    end if;
  elsif coalesce(was_holding, false) and not coalesce(is_holding, false) then
    update sessions set seats_taken = seats_taken - 1 where id = old.session_id;
  end if;
  return null;
end $$;
create trigger waitlist_entries_hold_seat after insert or update of status or delete on waitlist_entries
  for each row execute function waitlist_entries_hold_seat();

-- The sessions whose line needs the expiry job, across organisations (the job then works in each
-- organisation's own transaction, under the session's lock, and decides again): an offer that ran
-- out, whose session was cancelled or reached its cut-off, or whose person was deactivated; and,
-- where offers are the rule, a free seat with people waiting (a seat freed by an erasure, or before
-- the organisation switched to offers).
create function waitlist_sessions_due(p_now timestamptz, p_limit int default 500)
returns table (org_id uuid, session_id uuid)
language sql stable security definer set search_path = pg_catalog, public, pg_temp as $$
  select d.org_id, d.session_id from (
    select e.org_id, e.session_id
    from waitlist_entries e
    join sessions s on s.org_id = e.org_id and s.id = e.session_id
    join organisations o on o.id = e.org_id
    join people p on p.org_id = e.org_id and p.id = e.person_id
    where e.status = 'offered'
      and (e.offer_expires_at <= p_now or s.status <> 'scheduled' or not p.active
        or s.starts_at - make_interval(mins => o.cancellation_cutoff_minutes) <= p_now)
    union
    select e.org_id, e.session_id
    from waitlist_entries e
    join sessions s on s.org_id = e.org_id and s.id = e.session_id
    join organisations o on o.id = e.org_id
    where e.status = 'waiting' and o.waitlist_mode = 'offer' and o.status = 'active'
      and s.status = 'scheduled' and s.seats_taken < s.capacity
      and s.starts_at - make_interval(mins => o.cancellation_cutoff_minutes) > p_now
  ) d
  order by d.org_id, d.session_id
  limit p_limit
$$;

-- The mail that offers the seat, a new kind added to whatever list the constraint holds (as 039 does).
do $$
declare
  kinds text[];
begin
  select array_agg(distinct k[1]) into kinds
  from pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '[''{,]([a-z_]+)(?=[''},])', 'g') k
  where c.conrelid = 'outgoing_messages'::regclass and c.conname = 'outgoing_messages_kind_check';
  if kinds is null then
    raise exception 'outgoing_messages_kind_check not found';
  end if;
  alter table outgoing_messages drop constraint outgoing_messages_kind_check;
  execute format('alter table outgoing_messages add constraint outgoing_messages_kind_check check (kind = any (%L::text[]))',
    array(select distinct unnest(kinds || array['waitlist_offer']) order by 1));
end $$;

-- One mail per offer, however often the offer is made known.
create unique index outgoing_messages_one_per_waitlist_offer on outgoing_messages (org_id, (detail ->> 'entryId'))
  where kind = 'waitlist_offer';
