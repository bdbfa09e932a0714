-- Rate-limit counters, shared by every app process (an in-memory counter would let each process
-- grant the limit again). Fixed windows: one row per bucket and window, counted up atomically.
-- Buckets are a rule name and a SHA-256 hash of the key (address, IP or person id), so the table
-- holds no personal data and no organisation's data, and carries no org_id.
-- Unlogged: a counter needs no crash safety (after a crash the windows simply start again), and
-- without WAL a request's count commits without waiting for the disk.
create unlogged table rate_limit_hits (
  bucket text not null check (length(bucket) <= 200),
  window_start timestamptz not null,
  count int not null check (count > 0),
  primary key (bucket, window_start)
);
-- For deleting ended windows.
create index rate_limit_hits_window_start on rate_limit_hits (window_start);
-- Requests count as the app role (migration 004); said here as well as by its default privileges,
-- in case a different role runs this migration.
grant select, insert, update, delete on rate_limit_hits to quartet_app;
