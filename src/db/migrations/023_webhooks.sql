-- Webhooks (issue 13): admins register HTTPS endpoints; what happens in Quartet reaches them as
-- signed POSTs, delivered by the job queue with retries, every attempt logged.
--
-- An event is written in the transaction of the change (a rolled-back change sends nothing), with
-- one delivery per endpoint that wanted it; a trigger adds each delivery's job (task
-- deliver_webhook) without NOTIFY, as migration 011 does for mail: the workers poll.

create table webhook_endpoints (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  url text not null check (length(url) <= 2000),
  description text not null default '' check (length(description) <= 500),
  events text[] not null check (cardinality(events) between 1 and 5 and events <@ array[
    'suggestion.created', 'suggestion.status_changed', 'booking.created', 'booking.cancelled', 'session.cancelled']),
  enabled boolean not null default true,
  -- Shown to admins (a receiver needs it verbatim to check signatures), so kept, not hashed.
  secret text not null,
  -- Deliveries in a row that used up every attempt; five disable the endpoint (jobs.ts).
  failed_in_a_row integer not null default 0,
  disabled_reason text check (disabled_reason in ('admin', 'failing')),
  disabled_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  unique (id)
);
select protect_organisation_table('webhook_endpoints');
grant select, insert, update, delete on webhook_endpoints to quartet_app;

-- What happened, as the receivers get it: the payload is fixed when the event is written.
create table webhook_events (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  type text not null,
  payload jsonb not null,
  -- The moment itself, not the transaction's start: events of one change keep their order.
  created_at timestamptz not null default clock_timestamp(),
  primary key (org_id, id),
  unique (id)
);
create index webhook_events_by_time on webhook_events (org_id, created_at);
select protect_organisation_table('webhook_events');
grant select, insert on webhook_events to quartet_app;

create table webhook_deliveries (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  event_id uuid not null,
  endpoint_id uuid not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed', 'stopped')),
  attempts integer not null default 0,
  -- Attempts of the current round: a manual redelivery starts a new round of retries.
  round_attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status_code integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  unique (id),
  unique (org_id, event_id, endpoint_id),
  constraint webhook_deliveries_event_fk foreign key (org_id, event_id) references webhook_events (org_id, id),
  constraint webhook_deliveries_endpoint_fk foreign key (org_id, endpoint_id) references webhook_endpoints (org_id, id) on delete cascade
);
create index webhook_deliveries_of_endpoint on webhook_deliveries (org_id, endpoint_id, created_at desc);
select protect_organisation_table('webhook_deliveries');
grant select, insert, update on webhook_deliveries to quartet_app;

-- The delivery log admins read: every attempt, with the receiver's answer (first 1 KB, as text).
create table webhook_attempts (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  delivery_id uuid not null,
  started_at timestamptz not null,
  duration_ms integer not null,
  status_code integer,
  response text not null default '' check (length(response) <= 1024),
  error text check (length(error) <= 500),
  primary key (org_id, id),
  constraint webhook_attempts_delivery_fk foreign key (org_id, delivery_id) references webhook_deliveries (org_id, id) on delete cascade
);
create index webhook_attempts_of_delivery on webhook_attempts (org_id, delivery_id, started_at);
select protect_organisation_table('webhook_attempts');
grant select, insert on webhook_attempts to quartet_app;

insert into graphile_worker._private_tasks (identifier) values ('deliver_webhook') on conflict do nothing;

-- SECURITY DEFINER: the app role has no rights on the queue's schema. The first job of a delivery
-- is written as migration 011 writes a message's (no NOTIFY: no cluster-wide lock at commit);
-- a retry or a redelivery goes through add_job, which knows what to do with a job still running.
-- Our backoff, not graphile-worker's: a job's own retries (max_attempts) only cover a worker that
-- failed without recording its attempt.
create function webhook_deliveries_add_job() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  if tg_op = 'INSERT' then
    insert into graphile_worker._private_jobs (task_id, payload, run_at, max_attempts, key)
    select t.id, json_build_object('orgId', new.org_id, 'deliveryId', new.id), new.next_attempt_at, 5, 'webhook:' || new.id
    from graphile_worker._private_tasks t where t.identifier = 'deliver_webhook';
    if found then return null; end if;
  end if;
  perform graphile_worker.add_job('deliver_webhook', json_build_object('orgId', new.org_id, 'deliveryId', new.id),
    run_at := new.next_attempt_at, max_attempts := 5, job_key := 'webhook:' || new.id);
  return null;
end $$;
revoke all on function webhook_deliveries_add_job() from public;

create trigger webhook_deliveries_queued after insert on webhook_deliveries
  for each row when (new.status = 'pending') execute function webhook_deliveries_add_job();
create trigger webhook_deliveries_requeued after update of status, next_attempt_at on webhook_deliveries
  for each row when (new.status = 'pending' and (old.status <> 'pending' or old.next_attempt_at <> new.next_attempt_at))
  execute function webhook_deliveries_add_job();
