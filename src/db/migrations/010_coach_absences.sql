-- A coach reports being away (ill, on leave) for a range of days. Their scheduled sessions in that
-- range then need a new coach: the admin sees them and reassigns or cancels each. The list is
-- derived, not flagged, so a reassignment or a withdrawn report settles it without bookkeeping.

create table coach_absences (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  coach_id uuid not null,
  first_day date not null,
  last_day date not null,
  -- The days as instants, in the coach's time zone when reported.
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  note text check (length(note) <= 500),
  created_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  constraint coach_absences_org_id_key unique (org_id, id),
  constraint coach_absences_coach_fk foreign key (org_id, coach_id) references people (org_id, id),
  constraint coach_absences_days_in_order check (last_day >= first_day and last_day - first_day <= 366),
  constraint coach_absences_ends_after_start check (ends_at > starts_at)
);
create index coach_absences_current on coach_absences (org_id, coach_id, ends_at) where withdrawn_at is null;
select protect_organisation_table('coach_absences');
grant select, insert, update on coach_absences to quartet_app;
