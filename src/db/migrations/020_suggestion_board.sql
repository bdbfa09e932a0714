-- The suggestion board (issue 13): admins and the suggestion owners they appoint work through the
-- groups' suggestions. A status and a response the group reads, an owner, internal comments,
-- duplicates merged into one survivor that they follow, full-text search in English and German.

alter table suggestions add column response text not null default '' check (length(response) <= 4000);
alter table suggestions add column owner_id uuid;
alter table suggestions add constraint suggestions_owner_fk foreign key (org_id, owner_id) references people (org_id, id);
-- A duplicate points at the suggestion it was merged into and shows that one's status.
alter table suggestions add column merged_into uuid;
alter table suggestions add constraint suggestions_merged_fk foreign key (org_id, merged_into) references suggestions (org_id, id);
alter table suggestions add constraint suggestions_not_merged_into_itself check (merged_into is distinct from id);
-- When the board first answered (a status past new, or a response): the campaign's time to first response.
alter table suggestions add column first_response_at timestamptz;
-- A decline says why: the group reads the reason as the response.
alter table suggestions add constraint suggestions_declined_with_reason check (status <> 'declined' or length(btrim(response)) > 0);
alter table suggestions add column search tsvector generated always as (
  to_tsvector('english', title || ' ' || body || ' ' || coalesce(area, '')) || to_tsvector('german', title || ' ' || body || ' ' || coalesce(area, ''))
) stored;

-- The board lists newest first within one organisation, filtered; paging runs on (created_at, id).
create index suggestions_board on suggestions (org_id, created_at desc, id desc);
create index suggestions_by_status on suggestions (org_id, status, created_at desc, id desc);
create index suggestions_by_module on suggestions (org_id, module_id, created_at desc, id desc);
create index suggestions_by_category on suggestions (org_id, category_id, created_at desc, id desc);
create index suggestions_by_area on suggestions (org_id, lower(area), created_at desc, id desc);
create index suggestions_recently_changed on suggestions (org_id, updated_at desc, id desc);
create index suggestions_by_owner on suggestions (org_id, owner_id, created_at desc, id desc) where owner_id is not null;
create index suggestions_merged on suggestions (org_id, merged_into) where merged_into is not null;
create index suggestions_search on suggestions using gin (search);

-- A merged suggestion follows its survivor: the survivor's status and response are copied on every change.
create function suggestions_follow_survivor() returns trigger
language plpgsql as $$
begin
  if new.status is distinct from old.status or new.response is distinct from old.response then
    update suggestions set status = new.status, response = new.response, version = version + 1, updated_at = now()
    where org_id = new.org_id and merged_into = new.id;
  end if;
  return new;
end $$;
create trigger suggestions_follow_survivor after update of status, response on suggestions
  for each row when (new.merged_into is null) execute function suggestions_follow_survivor();

-- Internal notes of the board: never shown to the group.
create table suggestion_comments (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  suggestion_id uuid not null,
  author_id uuid not null,
  body text not null check (length(body) between 1 and 4000),
  created_at timestamptz not null default now(),
  constraint suggestion_comments_suggestion_fk foreign key (org_id, suggestion_id) references suggestions (org_id, id) on delete cascade,
  constraint suggestion_comments_author_fk foreign key (org_id, author_id) references people (org_id, id)
);
create index suggestion_comments_of on suggestion_comments (org_id, suggestion_id, created_at);
select protect_organisation_table('suggestion_comments');
grant select, insert on suggestion_comments to quartet_app;

-- Suggestion owners: the people an admin appoints to work on the suggestions of some categories
-- or departments (areas). An owner sees those, and the ones assigned to them by name.
create table suggestion_owners (
  org_id uuid not null references organisations (id),
  person_id uuid not null,
  category_ids uuid[] not null default '{}',
  areas text[] not null default '{}' check (cardinality(areas) <= 50),
  created_at timestamptz not null default now(),
  primary key (org_id, person_id),
  constraint suggestion_owners_person_fk foreign key (org_id, person_id) references people (org_id, id)
);
select protect_organisation_table('suggestion_owners');
grant select, insert, update, delete on suggestion_owners to quartet_app;

-- An owner hears when a suggestion is assigned to them.
alter table outgoing_messages drop constraint outgoing_messages_kind_check;
alter table outgoing_messages add constraint outgoing_messages_kind_check check (kind in (
  'login_link', 'booking_confirmed', 'roster_changed', 'reminder', 'booking_cancelled',
  'booking_moved', 'session_changed', 'session_cancelled', 'coach_assigned', 'coach_removed', 'coach_absent',
  'suggestion_assigned'));
