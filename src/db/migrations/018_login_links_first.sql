-- A log-in link goes ahead of other mail.
--
-- Someone waiting at the sign-in form waits for this one mail; confirmations, roster notices and
-- reminders can leave a few seconds later. Every message shares one first-come-first-served queue,
-- so on the morning a month's sessions open the links queued behind everyone's confirmations and
-- the wait for the link was 88 % of a person's sign-in-and-book (bench:rush). graphile-worker takes
-- jobs by priority first (lower is sooner), then by run_at.

create or replace function outgoing_messages_add_job() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  first_in_line constant smallint := case when new.kind = 'login_link' then -10 else 0 end;
begin
  insert into graphile_worker._private_jobs (task_id, payload, run_at, max_attempts, key, priority)
  select t.id, json_build_object('orgId', new.org_id, 'messageId', new.id), new.send_after, 10, 'message:' || new.id, first_in_line
  from graphile_worker._private_tasks t where t.identifier = 'send_message';
  if not found then -- the task row is gone (a reset queue schema): add_job registers it again
    perform graphile_worker.add_job('send_message', json_build_object('orgId', new.org_id, 'messageId', new.id),
      run_at := new.send_after, max_attempts := 10, job_key := 'message:' || new.id, priority := first_in_line);
  end if;
  return null;
end $$;
revoke all on function outgoing_messages_add_job() from public;

create or replace function queue_login_link_request(p_email text) returns void
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  if p_email is null or length(p_email) > 254 then
    raise exception 'queue_login_link_request needs an address of at most 254 characters' using errcode = '22023';
  end if;
  insert into graphile_worker._private_jobs (task_id, payload, max_attempts, priority)
  select t.id, json_build_object('email', p_email), 4, -10
  from graphile_worker._private_tasks t where t.identifier = 'request_login_links';
  if not found then
    perform graphile_worker.add_job('request_login_links', json_build_object('email', p_email), max_attempts := 4, priority := -10);
  end if;
end $$;
revoke all on function queue_login_link_request(text) from public;
grant execute on function queue_login_link_request(text) to quartet_app;
