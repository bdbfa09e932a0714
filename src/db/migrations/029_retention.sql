-- Retention that runs by itself (issue 15, features/retention): how long each kind of record is
-- kept, per organisation, and what the nightly run did. The rules themselves live in one place,
-- features/retention/rules.ts, used for both the admin's preview and the run.

alter table organisations
  add column retention_bookings_months integer not null default 24
    check (retention_bookings_months between 6 and 120),
  add column retention_mail_days integer not null default 90
    check (retention_mail_days between 7 and 730),
  add column retention_webhook_days integer not null default 30
    check (retention_webhook_days between 7 and 365),
  add column retention_ratings_months integer not null default 24
    check (retention_ratings_months between 6 and 120),
  add column retention_departed_months integer not null default 12
    check (retention_departed_months between 1 and 120);
comment on column organisations.retention_bookings_months is
  'Months after a session that its bookings and attendance are kept tied to people; then anonymised.';
comment on column organisations.retention_mail_days is
  'Days a mail record (sent, moot or failed) is kept after its last change; then deleted with its detail and error.';
comment on column organisations.retention_webhook_days is
  'Days a webhook event is kept with its deliveries and the receivers'' answers once none is pending.';
comment on column organisations.retention_ratings_months is
  'Months a rating keeps its comment and its rater; then the comment is removed and the rating anonymised.';
comment on column organisations.retention_departed_months is
  'Months after a person was deactivated that they are erased.';

-- What each run did in an organisation: the run's clock and, per rule, the rows it touched.
-- Written by the job (as the owner); admins read it.
create table retention_runs (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  ran_at timestamptz not null,
  finished_at timestamptz not null default clock_timestamp(),
  counts jsonb not null check (jsonb_typeof(counts) = 'object'),
  primary key (org_id, id)
);
create index retention_runs_newest on retention_runs (org_id, ran_at desc);
select protect_organisation_table('retention_runs');
revoke insert, update, delete, truncate on retention_runs from quartet_app;

-- So each rule's batch finds its rows by index, however long the history: the first run after an
-- upgrade meets years of records that nothing deleted before.
create index login_links_spent on login_links (org_id, (least(expires_at, used_at)));
create index auth_sessions_ended on auth_sessions (org_id, (least(idle_expires_at, absolute_expires_at, revoked_at)));
create index idempotency_keys_by_age on idempotency_keys (org_id, created_at);
create index outgoing_messages_settled on outgoing_messages (org_id, updated_at) where status <> 'pending';
create index session_ratings_commented on session_ratings (org_id, created_at) where comment <> '';
create index sso_attempts_by_org_expiry on sso_attempts (org_id, expires_at);
create index rating_links_by_org_expiry on rating_links (org_id, expires_at);
create index webhook_deliveries_pending_of_event on webhook_deliveries (org_id, event_id) where status = 'pending';

-- "Departed people erased after N months" needs to know since when someone is gone. Set by the
-- database whatever deactivates them (the directory, the people import, raw SQL), cleared when they
-- come back. People inactive before this migration count from their row's last change.
alter table people add column deactivated_at timestamptz;
comment on column people.deactivated_at is
  'When the person was deactivated (null while active); the retention run erases them retention_departed_months later.';
update people set deactivated_at = updated_at where not active;
alter table people add constraint people_deactivated_when_inactive check ((deactivated_at is null) = active);

create function people_track_deactivation() returns trigger
language plpgsql as $$
begin
  if new.active then
    new.deactivated_at := null;
  elsif tg_op = 'INSERT' or old.active then
    new.deactivated_at := coalesce(new.deactivated_at, now());
  else
    new.deactivated_at := coalesce(new.deactivated_at, old.deactivated_at);
  end if;
  return new;
end $$;
create trigger people_track_deactivation before insert or update of active, deactivated_at on people
  for each row execute function people_track_deactivation();
create index people_departed on people (org_id, deactivated_at) where not active;
