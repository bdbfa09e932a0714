-- Outgoing mail. Every message is a row, written in the same transaction as the change that
-- causes it; a trigger adds the graphile-worker job that sends it. A rolled-back change leaves
-- neither row nor job, a committed one cannot lose its mail. The row is also what the admin sees:
-- pending, sent, moot (nothing left to say when it was due) or failed with the reason.

create table outgoing_messages (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  kind text not null check (kind in (
    'login_link', 'booking_confirmed', 'roster_changed', 'reminder', 'booking_cancelled',
    'booking_moved', 'session_changed', 'session_cancelled', 'coach_assigned', 'coach_removed')),
  recipient_id uuid not null,
  booking_id uuid,
  session_id uuid,
  -- The booking's calendar sequence this message carries; a later change raises the booking's,
  -- and the message that carries the newer state replaces this one.
  calendar_sequence int,
  detail jsonb not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'sent', 'moot', 'failed')),
  send_after timestamptz not null default now(),
  attempts int not null default 0,
  last_error text check (length(last_error) <= 2000),
  -- Messages with the same key are merged while pending (one roster notice for a burst of sign-ups).
  dedupe_key text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint outgoing_messages_org_id_key unique (org_id, id),
  constraint outgoing_messages_recipient_fk foreign key (org_id, recipient_id) references people (org_id, id),
  constraint outgoing_messages_booking_fk foreign key (org_id, booking_id) references bookings (org_id, id),
  constraint outgoing_messages_session_fk foreign key (org_id, session_id) references sessions (org_id, id),
  constraint outgoing_messages_sent_recorded check ((status = 'sent') = (sent_at is not null))
);
create unique index outgoing_messages_one_pending_per_key on outgoing_messages (org_id, dedupe_key) where status = 'pending';
create index outgoing_messages_newest on outgoing_messages (org_id, created_at desc);
create index outgoing_messages_failed on outgoing_messages (org_id, updated_at desc) where status = 'failed';
create index outgoing_messages_pending_by_booking on outgoing_messages (booking_id) where status = 'pending';
create index outgoing_messages_pending_by_session on outgoing_messages (session_id) where status = 'pending';
create index outgoing_messages_pending_due on outgoing_messages (send_after) where status = 'pending';
select protect_organisation_table('outgoing_messages');
grant select, insert, update on outgoing_messages to quartet_app;

-- SECURITY DEFINER: the app role may queue a message for its organisation but has no rights on
-- the job queue's own schema. The job names only the organisation and the message.
create function outgoing_messages_queue_job() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  perform graphile_worker.add_job(
    'send_message',
    json_build_object('orgId', new.org_id, 'messageId', new.id),
    run_at := new.send_after,
    max_attempts := 10,
    job_key := 'message:' || new.id);
  return null;
end $$;
revoke all on function outgoing_messages_queue_job() from public;

create trigger outgoing_messages_queued after insert on outgoing_messages
  for each row when (new.status = 'pending') execute function outgoing_messages_queue_job();
-- Retried by hand, or put off after a temporary SMTP failure.
create trigger outgoing_messages_requeued after update of status, send_after on outgoing_messages
  for each row when (new.status = 'pending' and (old.status <> 'pending' or old.send_after <> new.send_after))
  execute function outgoing_messages_queue_job();

-- Marks a message sent, in one statement the worker sends the moment the SMTP server has accepted
-- it: the shorter the time between the two, the fewer messages a worker killed in between sends
-- twice. Roster changes merged into the row while its mail was on its way stay pending, alone, and
-- go out again; a row withdrawn (moot) while on its way was sent all the same, and says so.
-- SECURITY DEFINER so that it needs no transaction of its own to set the organisation; it touches
-- only the one row of the organisation named.
-- The commit does not wait for the WAL flush: the row is visible to every worker at once, which is
-- what closes the gap; only a crash of the database itself could forget it, and then the message
-- goes out twice rather than never.
create function mark_message_sent(p_org uuid, p_id uuid, p_sent_changes int) returns text
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  perform set_config('synchronous_commit', 'off', true);
  if p_sent_changes is not null then
    update outgoing_messages
    set detail = jsonb_set(detail, '{changes}', coalesce(
          (select jsonb_agg(e order by i) from jsonb_array_elements(detail -> 'changes') with ordinality as t(e, i) where i > p_sent_changes),
          '[]'::jsonb)),
        send_after = now(), attempts = attempts + 1, updated_at = now()
    where org_id = p_org and id = p_id and status = 'pending' and jsonb_array_length(detail -> 'changes') > p_sent_changes;
    if found then return 'requeued'; end if;
  end if;
  update outgoing_messages
  set status = 'sent', sent_at = clock_timestamp(), attempts = attempts + 1, last_error = null, updated_at = now()
  where org_id = p_org and id = p_id and status in ('pending', 'moot');
  return 'sent';
end $$;
revoke all on function mark_message_sent(uuid, uuid, int) from public;
grant execute on function mark_message_sent(uuid, uuid, int) to quartet_app;

-- Calendar invitations: one UID per booking for its whole life, SEQUENCE raised on every change.
alter table bookings add column calendar_uid text not null default (gen_random_uuid()::text || '@quartet');
alter table bookings add column calendar_sequence int not null default 0;

-- The secret address of a person's calendar feed; only its hash is kept.
alter table people add column calendar_feed_hash bytea;
create unique index people_calendar_feed on people (calendar_feed_hash) where calendar_feed_hash is not null;

-- A calendar client fetches the feed without a session, so the owner is found across organisations.
create function calendar_feed_owner(p_hash bytea) returns table (org_id uuid, person_id uuid)
language sql stable security definer set search_path = pg_catalog, public as $$
  select p.org_id, p.id from people p join organisations o on o.id = p.org_id
  where p.calendar_feed_hash = p_hash and p.active and o.status = 'active'
$$;
revoke all on function calendar_feed_owner(bytea) from public;
grant execute on function calendar_feed_owner(bytea) to quartet_app;
