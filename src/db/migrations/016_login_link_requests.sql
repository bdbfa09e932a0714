-- A request for log-in links is one job, whatever the address (security review finding M2).
--
-- POST /api/auth/login-link used to look the address up and, for a known one only, open a
-- transaction per organisation and queue the mail: a known address took measurably longer to
-- answer (bench:login-timing). Now every request adds this one job and nothing else; the job
-- (task request_login_links, features/auth/jobs.ts) looks the address up and queues the mail.
-- The app role has no rights on the queue's schema, hence security definer; the row is written
-- without NOTIFY as migration 011 does (no cluster-wide lock at commit; the workers poll).
-- The payload holds the address until the job has run: graphile-worker deletes a job that
-- succeeded, and the task ends its last attempt without an error, so a failed job is deleted too.

insert into graphile_worker._private_tasks (identifier) values ('request_login_links') on conflict do nothing;

create function queue_login_link_request(p_email text) returns void
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  -- The one door the app role has into the queue's table: it carries an address and nothing larger.
  if p_email is null or length(p_email) > 254 then
    raise exception 'queue_login_link_request needs an address of at most 254 characters' using errcode = '22023';
  end if;
  -- A few attempts: a failure here is the database's, and an asker waits minutes at most.
  insert into graphile_worker._private_jobs (task_id, payload, max_attempts)
  select t.id, json_build_object('email', p_email), 4
  from graphile_worker._private_tasks t where t.identifier = 'request_login_links';
  if not found then -- the task row is gone (a reset queue schema): add_job registers it again
    perform graphile_worker.add_job('request_login_links', json_build_object('email', p_email), max_attempts := 4);
  end if;
end $$;
revoke all on function queue_login_link_request(text) from public;
grant execute on function queue_login_link_request(text) to quartet_app;
