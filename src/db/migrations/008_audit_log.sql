-- The audit log: who did what, when and from where, for reads of a person's details by admins and
-- operators, changes to people, roles, settings and tokens, and every sign-in. The app role may
-- add entries and read its organisation's, never change or remove one; a trigger refuses that
-- to everyone else too, so the log is append-only whatever connects.

create table audit_log (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  at timestamptz not null default clock_timestamp(),
  actor_kind text not null check (actor_kind in ('person', 'operator', 'token', 'system')),
  actor_id uuid,
  action text not null check (action ~ '^[a-z]+(\.[a-z_]+)+$'),
  subject_kind text,
  subject_id uuid,
  ip inet,
  detail jsonb not null default '{}'
);
create index audit_log_by_org_time on audit_log (org_id, at desc, id desc);

select protect_organisation_table('audit_log');

revoke update, delete, truncate on audit_log from quartet_app;

create function audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'the audit log is append-only' using errcode = '42501';
end $$;

create trigger audit_log_is_append_only
  before update or delete on audit_log
  for each statement execute function audit_log_is_append_only();
create trigger audit_log_no_truncate
  before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
