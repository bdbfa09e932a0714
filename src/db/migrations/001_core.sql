-- The core model: organisations, people, the module library, rooms, sessions and bookings.
-- Every row of organisation data carries org_id, and child rows reference their parents through
-- (org_id, id) so a row can never point into another organisation.

create extension if not exists btree_gist;
create extension if not exists citext;

create table organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  status text not null default 'active' check (status in ('active', 'suspended')),
  -- Program settings, changed by the organisation's admins.
  default_capacity int not null default 4 check (default_capacity between 1 and 50),
  participants_visible boolean not null default false,
  max_future_bookings int not null default 2 check (max_future_bookings between 1 and 100),
  cancellation_cutoff_minutes int not null default 120 check (cancellation_cutoff_minutes between 0 and 20160),
  reminder_hours_before int not null default 24 check (reminder_hours_before between 1 and 168),
  default_time_zone text not null default 'Europe/Berlin',
  session_idle_minutes int not null default 4320 check (session_idle_minutes between 5 and 43200),
  session_absolute_hours int not null default 720 check (session_absolute_hours between 1 and 8760),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table people (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  email citext not null check (length(email) between 3 and 254 and email ~ '^[^@\s]+@[^@\s]+$'),
  name text not null check (length(name) between 1 and 200),
  department text check (length(department) <= 200),
  site text check (length(site) <= 200),
  time_zone text not null,
  locale text not null default 'en' check (locale in ('en', 'de')),
  roles text[] not null default '{employee}'
    check (cardinality(roles) > 0 and roles <@ array['employee', 'coach', 'admin']::text[]),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint people_org_id_key unique (org_id, id),
  constraint people_one_email_per_org unique (org_id, email)
);
-- Log-in links are asked for by address alone, across organisations.
create index people_email_idx on people (email) where active;

create table modules (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
  title text not null check (length(title) between 1 and 200),
  summary text not null default '' check (length(summary) <= 4000),
  language text not null default 'en' check (language in ('en', 'de')),
  duration_minutes int not null default 90 check (duration_minutes between 15 and 480),
  retired_at timestamptz,
  created_at timestamptz not null default now(),
  constraint modules_org_id_key unique (org_id, id),
  constraint modules_one_code_per_org unique (org_id, code)
);

create table rooms (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 200),
  site text not null check (length(site) between 1 and 200),
  capacity int not null check (capacity between 1 and 500),
  time_zone text not null,
  retired_at timestamptz,
  created_at timestamptz not null default now(),
  constraint rooms_org_id_key unique (org_id, id),
  constraint rooms_one_name_per_site unique (org_id, site, name)
);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  module_id uuid not null,
  coach_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  time_zone text not null,
  format text not null check (format in ('in_person', 'virtual')),
  room_id uuid,
  online_url text check (length(online_url) <= 2000),
  location_note text check (length(location_note) <= 2000),
  language text not null check (language in ('en', 'de')),
  capacity int not null default 4 check (capacity between 1 and 50),
  -- Seats held by bookings that are not cancelled; kept by a trigger on bookings. The check
  -- below is what makes overbooking impossible: concurrent sign-ups queue on this row's lock
  -- and the one that would exceed capacity fails, whatever the application did before.
  seats_taken int not null default 0,
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled', 'completed')),
  cancel_reason text check (length(cancel_reason) <= 2000),
  cancelled_at timestamptz,
  series_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint sessions_org_id_key unique (org_id, id),
  constraint sessions_module_fk foreign key (org_id, module_id) references modules (org_id, id),
  constraint sessions_coach_fk foreign key (org_id, coach_id) references people (org_id, id),
  constraint sessions_room_fk foreign key (org_id, room_id) references rooms (org_id, id),
  constraint sessions_ends_after_start check (ends_at > starts_at),
  constraint sessions_seats_within_capacity check (seats_taken between 0 and capacity),
  constraint sessions_place_matches_format check (
    (format = 'in_person' and room_id is not null and online_url is null)
    or (format = 'virtual' and room_id is null and online_url is not null)
  ),
  -- Ranges are half-open, so back-to-back sessions do not overlap.
  constraint sessions_coach_no_overlap exclude using gist
    (coach_id with =, tstzrange(starts_at, ends_at) with &&) where (status <> 'cancelled'),
  constraint sessions_room_no_overlap exclude using gist
    (room_id with =, tstzrange(starts_at, ends_at) with &&) where (status <> 'cancelled' and room_id is not null)
);
create index sessions_open_by_start on sessions (org_id, starts_at) where status = 'scheduled';
create index sessions_by_coach on sessions (coach_id, starts_at);
create index sessions_by_module on sessions (module_id, starts_at) where status = 'scheduled';

create table bookings (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  session_id uuid not null,
  person_id uuid not null,
  status text not null default 'active' check (status in ('active', 'cancelled', 'attended', 'no_show')),
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancelled_by uuid,
  cancel_reason text check (cancel_reason in ('employee', 'moved', 'session_cancelled', 'admin', 'deactivated')),
  moved_to_booking_id uuid,
  attendance_marked_by uuid,
  attendance_marked_at timestamptz,
  constraint bookings_org_id_key unique (org_id, id),
  constraint bookings_session_fk foreign key (org_id, session_id) references sessions (org_id, id),
  constraint bookings_person_fk foreign key (org_id, person_id) references people (org_id, id),
  constraint bookings_moved_to_fk foreign key (org_id, moved_to_booking_id) references bookings (org_id, id),
  constraint bookings_cancel_recorded check ((status = 'cancelled') = (cancelled_at is not null))
);
-- A cancelled booking is history and may repeat; a seat-holding one may not.
create unique index bookings_one_active_per_person on bookings (session_id, person_id) where status <> 'cancelled';
create index bookings_by_person on bookings (person_id, created_at);

create function bookings_keep_seat_count() returns trigger
language plpgsql as $$
declare
  was_holding boolean := tg_op in ('UPDATE', 'DELETE') and old.status <> 'cancelled';
  is_holding boolean := tg_op in ('INSERT', 'UPDATE') and new.status <> 'cancelled';
begin
  if tg_op = 'UPDATE' and (new.session_id <> old.session_id or new.person_id <> old.person_id) then
    raise exception 'a booking keeps its session and person; cancel it and book anew'
      using errcode = '23514', constraint = 'bookings_session_fixed';
  end if;
  if is_holding and not coalesce(was_holding, false) then
    update sessions set seats_taken = seats_taken + 1 where id = new.session_id;
  elsif coalesce(was_holding, false) and not coalesce(is_holding, false) then
    update sessions set seats_taken = seats_taken - 1 where id = old.session_id;
  end if;
  return null;
end $$;

create trigger bookings_keep_seat_count
  after insert or update of status, session_id, person_id or delete on bookings
  for each row execute function bookings_keep_seat_count();

-- A booking may only be placed in a scheduled session, however it is inserted.
create function bookings_only_in_scheduled_sessions() returns trigger
language plpgsql as $$
begin
  if new.status = 'active' and (tg_op = 'INSERT' or old.status = 'cancelled') and
     not exists (select 1 from sessions s where s.id = new.session_id and s.status = 'scheduled') then
    raise exception 'session % is not open for booking', new.session_id
      using errcode = '23514', constraint = 'bookings_session_scheduled';
  end if;
  return new;
end $$;

create trigger bookings_only_in_scheduled_sessions
  before insert or update of status on bookings
  for each row execute function bookings_only_in_scheduled_sessions();
