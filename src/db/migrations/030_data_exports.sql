-- A person's copy of their data (issue 15, Art. 15 and 20 GDPR): asked for on the profile, gathered
-- by a job (task prepare_data_export, features/data-export/jobs.ts) in one snapshot, kept here as a
-- ZIP until it is downloaded once or its seven days are over, whichever comes first.
--
-- The archive is a bytea column rather than a file under DATA_DIR: app processes and workers may run
-- on different machines sharing only the database (server mode), the archive then sits under the
-- same row-level security, backups and organisation deletion as everything else about the person,
-- and one statement hands it out and forgets it. An archive is small (a few hundred kB for years of
-- history) and lives a week at most.

create table data_exports (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  status text not null default 'preparing'
    check (status in ('preparing', 'ready', 'downloaded', 'expired', 'failed')),
  requested_at timestamptz not null default now(),
  ready_at timestamptz,
  expires_at timestamptz,
  downloaded_at timestamptz,
  -- The ZIP: held only while it can be downloaded, dropped by the download itself or by expiry.
  archive bytea,
  archive_bytes integer,
  failure text check (length(failure) <= 500),
  primary key (org_id, id),
  unique (id),
  constraint data_exports_person_fk foreign key (org_id, person_id) references people (org_id, id),
  constraint data_exports_archive_only_while_ready check ((archive is not null) = (status = 'ready')),
  constraint data_exports_ready_has_expiry check (status in ('preparing', 'failed') or (ready_at is not null and expires_at is not null)),
  constraint data_exports_downloaded_recorded check ((status = 'downloaded') = (downloaded_at is not null))
);
-- One archive in the making per person: a second request waits for the first.
create unique index data_exports_one_preparing on data_exports (org_id, person_id) where status = 'preparing';
create index data_exports_by_person on data_exports (org_id, person_id, requested_at desc);
create index data_exports_due_to_expire on data_exports (expires_at) where status = 'ready';
select protect_organisation_table('data_exports');
grant select, insert, update on data_exports to quartet_app;

-- The jobs of an export, written in the transaction of the change that needs them. SECURITY DEFINER:
-- the app role has no rights on the queue's schema. The job carries ids only. add_job (with its
-- NOTIFY) is fine here: exports are rare, unlike the sign-ups migration 011 kept it away from.
create function data_exports_queue_jobs() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  if tg_op = 'INSERT' and new.status = 'preparing' then
    perform graphile_worker.add_job('prepare_data_export',
      json_build_object('orgId', new.org_id, 'exportId', new.id),
      max_attempts := 5, job_key := 'data_export:' || new.id);
  elsif tg_op = 'UPDATE' and new.status = 'ready' and old.status is distinct from 'ready' then
    -- Deleted at its expiry by its own job, whatever else runs (retention may also call
    -- expire_data_exports; both are idempotent).
    perform graphile_worker.add_job('expire_data_export',
      json_build_object('orgId', new.org_id, 'exportId', new.id),
      run_at := new.expires_at, max_attempts := 10, job_key := 'data_export_expiry:' || new.id);
  end if;
  return null;
end $$;
revoke all on function data_exports_queue_jobs() from public;
create trigger data_exports_queued after insert or update of status on data_exports
  for each row execute function data_exports_queue_jobs();

-- The mail "your data is ready". Other parts of issue 15 add kinds in migrations of their own at the
-- same time, so this adds one kind to whatever list the constraint holds instead of restating it.
do $$
declare
  kinds text[];
begin
  select array_agg(distinct k[1]) into kinds
  from pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') k
  where c.conrelid = 'outgoing_messages'::regclass and c.conname = 'outgoing_messages_kind_check';
  if kinds is null then
    raise exception 'outgoing_messages_kind_check not found';
  end if;
  alter table outgoing_messages drop constraint outgoing_messages_kind_check;
  execute format('alter table outgoing_messages add constraint outgoing_messages_kind_check check (kind = any (%L::text[]))',
    array(select distinct unnest(kinds || array['data_export_ready']) order by 1));
end $$;
