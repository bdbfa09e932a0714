-- Employees' own calendars (issue 16): an employee may give the ICS address of a calendar they
-- already publish; Quartet marks open sessions that clash with their busy times. The address is a
-- secret of its own (whoever has it reads the calendar), so only its AES-256-GCM sealing is kept
-- (lib/sealed-text.ts; the key is a setting, never in the database). Of the calendar itself only
-- busy intervals are kept, and only until the cache expires: no titles, places or attendees.

create table calendar_connections (
  org_id uuid not null references organisations (id),
  person_id uuid not null,
  -- iv (12 bytes) | tag (16 bytes) | ciphertext of the address.
  address_sealed bytea not null check (octet_length(address_sealed) between 29 and 4096),
  -- The host alone, to show the owner which calendar this is without revealing its secret path.
  address_host text not null check (length(address_host) between 1 and 255),
  -- The last fetch: when it was tried, and why it failed (null: it worked).
  fetched_at timestamptz,
  fetch_error text check (length(fetch_error) <= 500),
  -- The busy intervals below are used until then; a later read fetches again.
  busy_expires_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, person_id),
  constraint calendar_connections_person_fk foreign key (org_id, person_id) references people (org_id, id) on delete cascade
);
select protect_organisation_table('calendar_connections');

-- The cache: busy intervals of the next weeks from the last fetch that worked, replaced whole.
create table calendar_busy_intervals (
  org_id uuid not null references organisations (id),
  person_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  constraint calendar_busy_intervals_in_order check (ends_at > starts_at),
  constraint calendar_busy_intervals_connection_fk foreign key (org_id, person_id)
    references calendar_connections (org_id, person_id) on delete cascade
);
create index calendar_busy_intervals_of_person on calendar_busy_intervals (org_id, person_id, starts_at);
select protect_organisation_table('calendar_busy_intervals');
