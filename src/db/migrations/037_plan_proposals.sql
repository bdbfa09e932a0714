-- The programme planner's proposals (issue 16): a plan for the next N weeks computed from the
-- admin's demand and the coaches' availability, kept as a draft the admin reads, edits and
-- publishes whole. The input the solver was given is kept beside the plan, so the figures of an
-- edited plan are counted again from the same facts (not from what the database holds by then).

create table plan_proposals (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  status text not null default 'draft' check (status in ('draft', 'published')),
  -- The admin's demand as sent (who, how often, modules, virtual share, weeks).
  demand jsonb not null,
  horizon_start timestamptz not null,
  weeks integer not null check (weeks between 1 and 26),
  -- The solver's input (places, coaches' free time, demand per place and week) and its result:
  -- the proposed sessions (each with a key the edits name), the gaps and the most any plan could place.
  input jsonb not null,
  sessions jsonb not null,
  gaps jsonb not null,
  achievable_per_week integer[] not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_by uuid,
  published_at timestamptz,
  -- The sessions publishing made, for the admin to follow.
  published_session_ids uuid[] not null default '{}',
  primary key (org_id, id),
  -- An erased admin's row goes; the proposal stays, made by nobody known.
  constraint plan_proposals_created_by_fk foreign key (org_id, created_by) references people (org_id, id) on delete set null (created_by),
  constraint plan_proposals_published_by_fk foreign key (org_id, published_by) references people (org_id, id) on delete set null (published_by),
  constraint plan_proposals_published_whole check ((status = 'published') = (published_at is not null))
);
create index plan_proposals_recent on plan_proposals (org_id, created_at desc);
select protect_organisation_table('plan_proposals');
