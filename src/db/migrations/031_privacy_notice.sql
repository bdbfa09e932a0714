-- The privacy notice (issue 15; Art. 13 GDPR). Each organisation is the controller of its people's
-- data in Quartet: it says who it is, whom to ask about data protection and which authority hears
-- complaints. People are shown a short notice at their first sign-in, and again once the notice
-- has changed materially; the version they last acknowledged is kept on their row.

create table privacy_notice_details (
  org_id uuid primary key references organisations (id),
  controller_name text not null check (length(controller_name) between 1 and 200),
  controller_address text not null check (length(controller_address) between 1 and 500),
  -- The data-protection officer's name, or empty where the address is a team's.
  contact_name text not null default '' check (length(contact_name) <= 200),
  contact_email citext not null check (length(contact_email) between 3 and 254 and contact_email ~ '^[^@\s]+@[^@\s]+$'),
  authority_name text not null check (length(authority_name) between 1 and 200),
  authority_url text not null default '' check (length(authority_url) <= 500),
  -- What the organisation adds (a works council agreement, a local contact), in both languages.
  extra_text_en text not null default '' check (length(extra_text_en) <= 2000),
  extra_text_de text not null default '' check (length(extra_text_de) <= 2000),
  -- Raised by each material change; with the wording's version (features/privacy-notice/notice-facts.ts)
  -- it makes the version a person acknowledges, so a material change shows the notice again.
  revision integer not null default 1 check (revision >= 1),
  updated_at timestamptz not null default now()
);
select protect_organisation_table('privacy_notice_details');
grant select, insert, update on privacy_notice_details to quartet_app;

alter table people
  add column privacy_notice_seen_version text check (privacy_notice_seen_version ~ '^[0-9]{1,6}\.[0-9]{1,9}$'),
  add column privacy_notice_seen_at timestamptz,
  add constraint people_privacy_notice_seen_together check ((privacy_notice_seen_version is null) = (privacy_notice_seen_at is null));
