-- The board opened to employees (issue 13): where the organisation allows it, every active person
-- reads the board's suggestions and supports some, once each. Only a count is ever shown; who
-- supports what stays in this table and never leaves it through the API.

alter table organisations add column board_open_to_employees boolean not null default false;

create table suggestion_supports (
  org_id uuid not null references organisations (id),
  suggestion_id uuid not null,
  person_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (suggestion_id, person_id),
  constraint suggestion_supports_suggestion_fk foreign key (org_id, suggestion_id) references suggestions (org_id, id) on delete cascade,
  constraint suggestion_supports_person_fk foreign key (org_id, person_id) references people (org_id, id)
);
create index suggestion_supports_of_person on suggestion_supports (org_id, person_id);
select protect_organisation_table('suggestion_supports');
grant select, insert, delete on suggestion_supports to quartet_app;

-- The count kept on the suggestion, so "most supported" sorts and pages on an index at 100,000
-- suggestions. Raised and lowered by the statement's own rows (not recounted): two people
-- supporting at once each add theirs to the row as it is when their update gets it.
alter table suggestions add column support_count int not null default 0 check (support_count >= 0);
create index suggestions_by_support on suggestions (org_id, support_count desc, created_at desc, id desc) where merged_into is null;

create function suggestion_supports_counted() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update suggestions s set support_count = s.support_count + a.n
    from (select org_id, suggestion_id, count(*)::int as n from added group by 1, 2) a
    where s.org_id = a.org_id and s.id = a.suggestion_id;
  else
    update suggestions s set support_count = s.support_count - a.n
    from (select org_id, suggestion_id, count(*)::int as n from removed group by 1, 2) a
    where s.org_id = a.org_id and s.id = a.suggestion_id;
  end if;
  return null;
end $$;
create trigger suggestion_supports_added after insert on suggestion_supports
  referencing new table as added for each statement execute function suggestion_supports_counted();
create trigger suggestion_supports_removed after delete on suggestion_supports
  referencing old table as removed for each statement execute function suggestion_supports_counted();

-- A merged duplicate's supports move to its survivor (one per person: who supported both counts
-- once), so the survivor's count is everyone who backed the idea in either wording.
create function suggestions_move_supports() returns trigger
language plpgsql as $$
begin
  insert into suggestion_supports (org_id, suggestion_id, person_id, created_at)
    select org_id, new.merged_into, person_id, created_at from suggestion_supports where org_id = new.org_id and suggestion_id = new.id
    on conflict do nothing;
  delete from suggestion_supports where org_id = new.org_id and suggestion_id = new.id;
  return null;
end $$;
create trigger suggestions_move_supports after update of merged_into on suggestions
  for each row when (new.merged_into is not null and new.merged_into is distinct from old.merged_into)
  execute function suggestions_move_supports();
