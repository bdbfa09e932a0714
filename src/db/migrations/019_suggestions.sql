-- The learning loop (issue 13): at the end of a session the group is asked what the organisation
-- could do better on the session's topic; its suggestions are kept, worked through on a board, and
-- their outcome goes back to the group.
--
-- A suggestion belongs to the group, not to a person: no column names who typed it (the audit log
-- keeps that). The module is copied from the session so the board filters without a join.

-- The question each module asks, in both languages (an empty one falls back to the other).
alter table modules add column reflection_question_en text not null default '' check (length(reflection_question_en) <= 300);
alter table modules add column reflection_question_de text not null default '' check (length(reflection_question_de) <= 300);

-- How long after its end a session's suggestions can still be recorded, and whether participants
-- may record them too (off: the coach does).
alter table organisations add column suggestion_window_days int not null default 7 check (suggestion_window_days between 0 and 60);
alter table organisations add column participants_add_suggestions boolean not null default false;

-- The coach said the group had nothing to suggest: the session counts as reflected all the same.
alter table sessions add column no_suggestions_at timestamptz;

-- What suggestions are about; admins keep the list. Both names are shown by the reader's language.
create table suggestion_categories (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  name_en text not null check (length(name_en) between 1 and 100),
  name_de text not null check (length(name_de) between 1 and 100),
  position int not null default 0,
  retired_at timestamptz,
  created_at timestamptz not null default now(),
  constraint suggestion_categories_org_id_key unique (org_id, id)
);
create unique index suggestion_categories_one_name on suggestion_categories (org_id, lower(name_en)) where retired_at is null;
select protect_organisation_table('suggestion_categories');
grant select, insert, update on suggestion_categories to quartet_app;

create table suggestions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  session_id uuid not null,
  module_id uuid not null,
  title text not null check (length(title) between 1 and 200),
  body text not null default '' check (length(body) <= 4000),
  category_id uuid,
  -- The department or area the suggestion concerns, as the group named it.
  area text check (length(area) between 1 and 200),
  status text not null default 'new' check (status in ('new', 'in_review', 'planned', 'done', 'declined')),
  -- Raised by every change: a change made against an older version is refused (409).
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint suggestions_org_id_key unique (org_id, id),
  constraint suggestions_session_fk foreign key (org_id, session_id) references sessions (org_id, id),
  constraint suggestions_module_fk foreign key (org_id, module_id) references modules (org_id, id),
  constraint suggestions_category_fk foreign key (org_id, category_id) references suggestion_categories (org_id, id)
);
create index suggestions_of_session on suggestions (org_id, session_id, created_at);
select protect_organisation_table('suggestions');
grant select, insert, update, delete on suggestions to quartet_app;

-- Every organisation starts with four categories, whichever path made it (the operator's API or
-- command, the demo loader, a test's insert); admins rename, retire and add to them.
create function add_default_suggestion_categories() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  insert into suggestion_categories (org_id, name_en, name_de, position)
  values (new.id, 'Manufacturing processes', 'Fertigungsprozesse', 1),
         (new.id, 'Management practices', 'Führungspraxis', 2),
         (new.id, 'Project management', 'Projektmanagement', 3),
         (new.id, 'Office efficiency', 'Effizienz im Büro', 4);
  return new;
end $$;
revoke all on function add_default_suggestion_categories() from public;
create trigger organisations_default_suggestion_categories after insert on organisations
  for each row execute function add_default_suggestion_categories();

insert into suggestion_categories (org_id, name_en, name_de, position)
select o.id, c.name_en, c.name_de, c.position from organisations o
cross join (values ('Manufacturing processes', 'Fertigungsprozesse', 1), ('Management practices', 'Führungspraxis', 2),
                   ('Project management', 'Projektmanagement', 3), ('Office efficiency', 'Effizienz im Büro', 4))
  as c (name_en, name_de, position);

-- The worker's read of a message (migration 013) gains the module's question: the reminder and the
-- coach's roster mails ask it. The same columns as SESSION_FACTS_COLUMNS (notifications/queries.ts).
create or replace function message_to_send(p_org uuid, p_id uuid) returns jsonb
language plpgsql stable security definer set search_path = pg_catalog, public as $$
declare
  found_message jsonb;
begin
  select to_jsonb(x) into found_message from (
    select m.id, m.kind, m.status, m.detail, m.calendar_sequence as message_sequence, m.created_at, m.send_after, m.attempts,
           m.booking_id, m.session_id, m.recipient_id,
           r.name as recipient_name, r.email::text as recipient_email, r.locale as recipient_locale,
           r.time_zone as recipient_zone, r.active as recipient_active,
           o.name as org_name, o.status = 'active' as org_active, o.cancellation_cutoff_minutes,
           b.status as booking_status, b.session_id as booking_session_id, b.calendar_uid, b.calendar_sequence as booking_sequence,
           s.id as s_id, s.status as s_status, s.starts_at as s_starts_at, s.ends_at as s_ends_at, s.time_zone as s_time_zone,
           s.format as s_format, s.online_url as s_online_url, s.location_note as s_location_note, s.cancel_reason as s_cancel_reason,
           s.language as s_language, s.capacity as s_capacity, s.seats_taken as s_seats_taken, s.module_id as s_module_id,
           mo.title as s_module_title, mo.summary as s_module_summary, s.coach_id as s_coach_id, c.name as s_coach_name,
           c.email::text as s_coach_email, ro.name as s_room_name, ro.site as s_room_site,
           mo.reflection_question_en as s_question_en, mo.reflection_question_de as s_question_de
    from outgoing_messages m
    join people r on r.org_id = m.org_id and r.id = m.recipient_id
    join organisations o on o.id = m.org_id
    left join bookings b on b.org_id = m.org_id and b.id = m.booking_id
    left join sessions s on s.org_id = m.org_id and s.id = m.session_id
    left join modules mo on mo.org_id = s.org_id and mo.id = s.module_id
    left join people c on c.org_id = s.org_id and c.id = s.coach_id
    left join rooms ro on ro.org_id = s.org_id and ro.id = s.room_id
    where m.org_id = p_org and m.id = p_id
  ) x;
  return found_message;
end $$;
