-- A new message's job goes into graphile-worker's table without NOTIFY.
--
-- graphile_worker.add_job ends with pg_notify, and a transaction that has notified takes one lock
-- for the whole cluster at commit and keeps it through its WAL flush, so that notifications keep
-- commit order. Every sign-up queues messages, so every sign-up committed after the one before it,
-- flush by flush: the raw-SQL booking transaction fell from about 1,300 to 550 per second and its
-- p99 rose fourfold at a third of that load (bench:booking). The job row is written here as add_job
-- writes one for a new key; the workers find it when they next look (pollInterval, worker.ts)
-- instead of being woken. Re-queueing (a retry, a postponement, roster changes merged while on the
-- way) still calls add_job: it also knows what to do when the job is running, and it is rare.
-- graphile-worker's own migrations have run before ours (db/migrate.ts); its table layout is
-- pinned with the package, and the notification tests send every kind of message through it.

insert into graphile_worker._private_tasks (identifier) values ('send_message') on conflict do nothing;

create function outgoing_messages_add_job() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  insert into graphile_worker._private_jobs (task_id, payload, run_at, max_attempts, key)
  select t.id, json_build_object('orgId', new.org_id, 'messageId', new.id), new.send_after, 10, 'message:' || new.id
  from graphile_worker._private_tasks t where t.identifier = 'send_message';
  if not found then -- the task row is gone (a reset queue schema): add_job registers it again
    perform graphile_worker.add_job('send_message', json_build_object('orgId', new.org_id, 'messageId', new.id),
      run_at := new.send_after, max_attempts := 10, job_key := 'message:' || new.id);
  end if;
  return null;
end $$;
revoke all on function outgoing_messages_add_job() from public;

drop trigger outgoing_messages_queued on outgoing_messages;
create trigger outgoing_messages_queued after insert on outgoing_messages
  for each row when (new.status = 'pending') execute function outgoing_messages_add_job();
