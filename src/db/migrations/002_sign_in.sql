-- Sign-in: single-use log-in links and cookie sessions. Only SHA-256 hashes of the secrets are
-- stored, so a copy of the database does not let anyone sign in.

create table login_links (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  person_id uuid not null,
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  constraint login_links_person_fk foreign key (org_id, person_id) references people (org_id, id)
);
create index login_links_expiry on login_links (expires_at);

create table auth_sessions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  person_id uuid not null,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  idle_expires_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  revoked_at timestamptz,
  constraint auth_sessions_person_fk foreign key (org_id, person_id) references people (org_id, id)
);
create index auth_sessions_by_person on auth_sessions (person_id) where revoked_at is null;

-- Answers to booking requests sent with an Idempotency-Key, so a retry gets the first answer.
create table idempotency_keys (
  org_id uuid not null references organisations (id),
  person_id uuid not null,
  key text not null check (length(key) between 1 and 200),
  request_fingerprint text not null,
  status_code int not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (person_id, key),
  constraint idempotency_keys_person_fk foreign key (org_id, person_id) references people (org_id, id)
);
