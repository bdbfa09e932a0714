-- The planner's weekly top-up (issue 16): a job compares the seats offered in the coming weeks with
-- the organisation's standing demand and, when a week runs short, keeps a draft proposal and tells
-- the admins with a mail of a new kind. The kind is added to whatever list the constraint holds
-- rather than restating the list, so a migration adding another kind beside it cannot drop this one
-- (030 meant the same; its form of the list, one array literal, is read here too).
do $$
declare
  kinds text[];
begin
  select array_agg(distinct k[1]) into kinds
  -- The list reads either as quoted words (`in (...)`) or as one array literal (`= any ('{...}')`).
  from pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '[''{,]([a-z_]+)(?=[''},])', 'g') k
  where c.conrelid = 'outgoing_messages'::regclass and c.conname = 'outgoing_messages_kind_check';
  if kinds is null then
    raise exception 'outgoing_messages_kind_check not found';
  end if;
  alter table outgoing_messages drop constraint outgoing_messages_kind_check;
  execute format('alter table outgoing_messages add constraint outgoing_messages_kind_check check (kind = any (%L::text[]))',
    array(select distinct unnest(kinds || array['plan_top_up']) order by 1));
end $$;

-- One top-up mail per admin and planned week, however often the job runs for it.
create unique index outgoing_messages_one_top_up_a_week on outgoing_messages (org_id, recipient_id, (detail ->> 'week'))
  where kind = 'plan_top_up';
