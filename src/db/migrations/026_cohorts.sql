-- Cohorts assigned for the best mix (issue 14): a fixed group of people, a module, R rounds on given
-- dates; the group solver (features/mixing/solver, run in a worker thread) puts them into groups of
-- four for every round. A cohort is a draft (its preview: the schedule and its figures, kept as
-- jsonb, changed by hand-made moves) until it is published, which writes every round's sessions and
-- bookings in one transaction (features/cohorts).

-- The solver's search budget per cohort, in seconds.
alter table organisations
  add column cohort_search_seconds integer not null default 10 check (cohort_search_seconds between 1 and 60);

create table cohorts (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  module_id uuid not null,
  status text not null default 'draft' check (status in ('draft', 'published')),
  group_size integer not null default 4 check (group_size between 2 and 8),
  rounds integer not null check (rounds between 1 and 52),
  time_zone text not null,
  duration_minutes integer not null check (duration_minutes between 15 and 480),
  format text not null check (format in ('in_person', 'virtual')),
  language text check (language in ('en', 'de')),
  seed integer not null,
  -- The solver's state as the process running it last wrote it; solver_updated_at tells a solve
  -- whose process died (no news for long) from one still running.
  solver_status text not null default 'queued' check (solver_status in ('queued', 'solving', 'done', 'failed')),
  solver_phase text,
  solver_repeats integer,
  solver_elapsed_ms integer,
  solver_error text check (length(solver_error) <= 2000),
  solver_method text,
  solver_updated_at timestamptz not null default now(),
  -- rounds[r][g] = person ids; null until the first solve is done.
  schedule jsonb,
  -- The solver's department bounds ([{ department, people, bound }]), kept beside the schedule.
  department_bounds jsonb,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  published_by uuid,
  primary key (org_id, id),
  unique (id),
  constraint cohorts_module_fk foreign key (org_id, module_id) references modules (org_id, id),
  constraint cohorts_created_by_fk foreign key (org_id, created_by) references people (org_id, id),
  constraint cohorts_published_by_fk foreign key (org_id, published_by) references people (org_id, id),
  constraint cohorts_published_when check ((status = 'published') = (published_at is not null))
);
select protect_organisation_table('cohorts');
grant select, insert, update, delete on cohorts to quartet_app;

-- Who is in the cohort, with their department as it was when the cohort was made (the mix is
-- judged by that); position is the person's number for the solver (0…N−1).
create table cohort_members (
  org_id uuid not null references organisations (id),
  cohort_id uuid not null,
  person_id uuid not null,
  position integer not null check (position >= 0),
  department text,
  primary key (org_id, cohort_id, person_id),
  constraint cohort_members_one_position unique (org_id, cohort_id, position),
  constraint cohort_members_cohort_fk foreign key (org_id, cohort_id) references cohorts (org_id, id) on delete cascade,
  constraint cohort_members_person_fk foreign key (org_id, person_id) references people (org_id, id) on delete cascade
);
select protect_organisation_table('cohort_members');
grant select, insert, update, delete on cohort_members to quartet_app;

create table cohort_rounds (
  org_id uuid not null references organisations (id),
  cohort_id uuid not null,
  round integer not null check (round >= 0),
  starts_at timestamptz not null,
  primary key (org_id, cohort_id, round),
  constraint cohort_rounds_cohort_fk foreign key (org_id, cohort_id) references cohorts (org_id, id) on delete cascade
);
select protect_organisation_table('cohort_rounds');
grant select, insert, update, delete on cohort_rounds to quartet_app;

-- Each round's groups: their coach, and their room or meeting link; the session once published.
create table cohort_groups (
  org_id uuid not null references organisations (id),
  cohort_id uuid not null,
  round integer not null,
  group_no integer not null check (group_no >= 0),
  coach_id uuid not null,
  room_id uuid,
  online_url text check (length(online_url) <= 2000),
  session_id uuid,
  primary key (org_id, cohort_id, round, group_no),
  -- A coach runs one group of a round (the groups of a round meet at the same time).
  constraint cohort_groups_coach_once_a_round unique (org_id, cohort_id, round, coach_id),
  constraint cohort_groups_place check ((room_id is null) <> (online_url is null)),
  constraint cohort_groups_round_fk foreign key (org_id, cohort_id, round) references cohort_rounds (org_id, cohort_id, round) on delete cascade,
  constraint cohort_groups_coach_fk foreign key (org_id, coach_id) references people (org_id, id),
  constraint cohort_groups_room_fk foreign key (org_id, room_id) references rooms (org_id, id),
  constraint cohort_groups_session_fk foreign key (org_id, session_id) references sessions (org_id, id)
);
select protect_organisation_table('cohort_groups');
grant select, insert, update, delete on cohort_groups to quartet_app;
