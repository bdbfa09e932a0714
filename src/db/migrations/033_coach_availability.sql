-- Coaches' availability (issue 16): when a coach can coach, as weekly windows of wall-clock time in
-- their own zone, what and where — the modules they coach, the sites they can be at, whether they
-- coach online — and at most how many sessions a week. Days away stay in coach_absences (migration
-- 010): they are the date exceptions of these windows. The planner places sessions inside the
-- windows; the reassign page suggests the coaches who are available, qualified and free.

create table coach_availability (
  org_id uuid not null references organisations (id),
  person_id uuid not null,
  -- The windows' zone: the coach's own when they last saved (a later change of their profile's zone
  -- does not move their windows).
  time_zone text not null check (length(time_zone) between 1 and 64),
  -- Null: no weekly limit.
  max_sessions_per_week integer check (max_sessions_per_week between 1 and 40),
  coaches_online boolean not null default true,
  -- Empty: any site. Sites are the rooms' site names.
  sites text[] not null default '{}' check (cardinality(sites) <= 50),
  -- Empty: every module of the library.
  module_ids uuid[] not null default '{}' check (cardinality(module_ids) <= 500),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (org_id, person_id),
  constraint coach_availability_person_fk foreign key (org_id, person_id) references people (org_id, id) on delete cascade
);
select protect_organisation_table('coach_availability');

create table coach_windows (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  -- ISO weekday: 1 Monday … 7 Sunday.
  weekday smallint not null check (weekday between 1 and 7),
  -- Minutes after local midnight; a window ends the same day (one across midnight is two windows).
  starts_minute smallint not null check (starts_minute between 0 and 1425),
  ends_minute smallint not null check (ends_minute between 15 and 1440),
  primary key (org_id, id),
  constraint coach_windows_in_order check (ends_minute > starts_minute),
  constraint coach_windows_availability_fk foreign key (org_id, person_id) references coach_availability (org_id, person_id) on delete cascade
);
create index coach_windows_of_person on coach_windows (org_id, person_id, weekday, starts_minute);
select protect_organisation_table('coach_windows');

-- Two windows of one coach on one day never overlap (the service refuses it with a clear message;
-- this keeps it so whatever writes).
create function coach_windows_disjoint() returns trigger
language plpgsql as $$
begin
  if exists (
    select 1 from coach_windows w
    where w.org_id = new.org_id and w.person_id = new.person_id and w.weekday = new.weekday and w.id <> new.id
      and w.starts_minute < new.ends_minute and new.starts_minute < w.ends_minute
  ) then
    raise exception 'coach windows overlap' using errcode = '23P01', constraint = 'coach_windows_disjoint';
  end if;
  return new;
end $$;
create constraint trigger coach_windows_disjoint
  after insert or update on coach_windows
  deferrable initially deferred
  for each row execute function coach_windows_disjoint();
