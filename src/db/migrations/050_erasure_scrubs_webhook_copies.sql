-- Erasure left the person's name and address in the organisation's webhooks (found by a review):
-- erase_person_rows scrubbed the events of the person's own bookings (which name them by id), but a
-- suggestion's event carries the group's title, text and the board's response, and a session's
-- cancellation its reason, as they were when sent. The suggestion itself lost the person's name;
-- its copy in webhook_events did not, nor the receivers' answers in webhook_attempts (which may
-- echo the event). Now every event naming them by name, address or id is scrubbed as the
-- suggestion is, and every answer naming them is emptied, as the answers to their bookings' events
-- already were.
--
-- It also left the person's name and address in other people's comments on sessions (found by a
-- review): erase_person_rows emptied the person's own comments and scrubbed the board's notes and
-- the group's suggestions that name them, but not the ratings' comments of the others, which name
-- their coach most of all. An erased coach (on request, or by retention once they left) stayed
-- named beside the averages of their sessions. Now a comment naming them by name, address or id is
-- scrubbed while its rating can change; a released one (migration 041: only its comment may be
-- removed) is emptied.
-- Only erase_person_rows changes (below, as 045 left it, plus those two blocks).

create or replace function erase_person_rows(p_org uuid, p_person uuid, p_stand_in uuid, p_texts text[])
returns jsonb
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  n jsonb := '{}';
  c integer;
  v_messages uuid[];
  v_sessions uuid[];
  needles text[] := array(select t from unnest(p_texts) t where length(trim(t)) >= 3);
  -- LIKE patterns of the texts, their own % and _ taken literally.
  likes text[] := array(select '%' || replace(replace(replace(lower(t), '\', '\\'), '%', '\%'), '_', '\_') || '%'
    from unnest(p_texts) t where length(trim(t)) >= 3);
begin
  if p_org is distinct from current_org_id() then
    raise exception 'erase_person_rows: not the current organisation' using errcode = '42501';
  end if;
  if not exists (select 1 from people p where p.org_id = p_org and p.id = p_stand_in and p.anonymised_at is not null) then
    raise exception 'erase_person_rows: % is not a stand-in', p_stand_in using errcode = '23514';
  end if;

  update bookings set person_id = p_stand_in where person_id = p_person and org_id = p_org;
  get diagnostics c = row_count; n := n || jsonb_build_object('bookings', c);
  update bookings set cancelled_by = p_stand_in where cancelled_by = p_person and org_id = p_org;
  update bookings set attendance_marked_by = p_stand_in where attendance_marked_by = p_person and org_id = p_org;
  delete from rating_links r using bookings b
  where b.person_id = p_stand_in and b.org_id = p_org and r.org_id = p_org and r.booking_id = b.id;

  update session_ratings set person_id = p_stand_in, comment = '' where org_id = p_org and person_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('ratings', c);
  update suggestion_supports set person_id = p_stand_in where org_id = p_org and person_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('supports', c);
  update suggestion_comments set author_id = p_stand_in where org_id = p_org and author_id = p_person;
  delete from suggestion_owners where org_id = p_org and person_id = p_person;
  update suggestions set owner_id = null where org_id = p_org and owner_id = p_person;

  update cohorts set schedule = replace(schedule::text, p_person::text, p_stand_in::text)::jsonb
  where org_id = p_org and id in (select m.cohort_id from cohort_members m where m.org_id = p_org and m.person_id = p_person)
    and schedule is not null;
  update cohort_members set person_id = p_stand_in, department = null where org_id = p_org and person_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('cohortMemberships', c);
  update cohort_groups set coach_id = p_stand_in where org_id = p_org and coach_id = p_person;
  update cohorts set created_by = p_stand_in where org_id = p_org and created_by = p_person;
  update cohorts set published_by = p_stand_in where org_id = p_org and published_by = p_person;

  update sessions set coach_id = p_stand_in where org_id = p_org and coach_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('sessionsCoached', c);
  update sessions set created_by = p_stand_in where created_by = p_person and org_id = p_org;
  -- Days away are about the coach alone and nothing counts them: they go (erasure refuses a coach
  -- with sessions still ahead, so no session still waits for a new coach because of them).
  delete from coach_absences where org_id = p_org and coach_id = p_person;
  get diagnostics c = row_count; n := n || jsonb_build_object('absences', c);

  update api_tokens set created_by = p_stand_in, revoked_at = coalesce(revoked_at, now()) where org_id = p_org and created_by = p_person;
  update webhook_endpoints set created_by = p_stand_in where org_id = p_org and created_by = p_person;
  delete from login_links where person_id = p_person and org_id = p_org;
  delete from auth_sessions where person_id = p_person and org_id = p_org;
  delete from idempotency_keys where person_id = p_person and org_id = p_org;
  if to_regclass('public.data_exports') is not null then
    execute 'delete from data_exports where org_id = $1 and person_id = $2' using p_org, p_person;
  end if;

  -- Mail: what waited for them is dropped (with its job); every record of mail to them keeps only
  -- that a message of its kind went to someone; a coach's roster notice names the stand-in.
  with m as (
    update outgoing_messages set
      status = case when status = 'pending' then 'moot' else status end,
      last_error = case when status = 'pending' then 'the recipient was erased' else null end,
      recipient_id = p_stand_in, detail = '{}', updated_at = now()
    where recipient_id = p_person and org_id = p_org
    returning id
  ) select coalesce(array_agg(id), '{}') into v_messages from m;
  n := n || jsonb_build_object('messages', cardinality(v_messages));
  delete from graphile_worker._private_jobs j
  where j.key = any (array(select 'message:' || x from unnest(v_messages) x)) and j.locked_at is null;
  select coalesce(array_agg(distinct b.session_id), '{}') into v_sessions from bookings b
  where b.person_id = p_stand_in and b.org_id = p_org;
  update outgoing_messages set detail = replace(detail::text, p_person::text, p_stand_in::text)::jsonb
  where session_id = any (v_sessions) and kind = 'roster_changed' and org_id = p_org and detail::text like '%' || p_person || '%';

  -- Jobs that name them (a log-in link asked for by address, anything carrying their id).
  delete from graphile_worker._private_jobs j
  where j.payload::text like '%' || p_person || '%' or lower(j.payload::text) like any (likes);
  get diagnostics c = row_count; n := n || jsonb_build_object('jobs', c);

  -- Webhook events about their bookings: the receivers get (or got) the booking, no longer the person.
  update webhook_events set payload = erasure_scrub(payload::text, p_person, p_stand_in, needles)::jsonb
  where org_id = p_org and payload ? 'booking' and payload #>> '{booking,personId}' = p_person::text;
  get diagnostics c = row_count; n := n || jsonb_build_object('webhookEvents', c);
  update webhook_attempts a set response = '', error = null
  from webhook_deliveries d, webhook_events e
  where d.org_id = p_org and d.id = a.delivery_id and e.org_id = p_org and e.id = d.event_id
    and e.payload #>> '{booking,personId}' = p_stand_in::text and a.org_id = p_org and (a.response <> '' or a.error is not null);

  -- Copies of free texts that name them in what the organisation's systems were sent (a suggestion's
  -- title, text and response; a session's reason for cancelling), by address, name or id: the event
  -- loses them as the suggestion does, and each receiver's answer to it (it may echo the event), as
  -- does an answer that names them by itself.
  update webhook_events set payload = erasure_scrub(payload::text, p_person, p_stand_in, needles)::jsonb
  where org_id = p_org and (lower(payload::text) like any (likes) or payload::text like '%' || p_person || '%');
  get diagnostics c = row_count; n := n || jsonb_build_object('webhookEvents', (n ->> 'webhookEvents')::int + c);
  update webhook_attempts a set response = '', error = null
  where a.org_id = p_org and (lower(a.response) like any (likes) or lower(coalesce(a.error, '')) like any (likes)
    or a.response like '%' || p_person || '%' or coalesce(a.error, '') like '%' || p_person || '%');

  -- Free texts of others that name them (the board's comments, the group's suggestions).
  update suggestion_comments set body = erasure_scrub(body, p_person, p_stand_in, needles)
  where org_id = p_org and lower(body) like any (likes);
  update suggestions set
    title = erasure_scrub(title, p_person, p_stand_in, needles), body = erasure_scrub(body, p_person, p_stand_in, needles),
    response = erasure_scrub(response, p_person, p_stand_in, needles)
  where org_id = p_org
    and search @@ (select coalesce(string_agg('(' || q::text || ')', ' | '), '')::tsquery from (
      select plainto_tsquery('simple', t) q from unnest(needles) t
      union all select plainto_tsquery('english', t) from unnest(needles) t
      union all select plainto_tsquery('german', t) from unnest(needles) t) qs where q::text <> '')
    and (lower(title) like any (likes) or lower(body) like any (likes) or lower(coalesce(response, '')) like any (likes));

  -- Other participants' comments on sessions that name them (their coach, most often): scrubbed as
  -- the board's texts are while the rating may still change; a released rating's comment may only
  -- be removed (041), so it goes, its score staying in the figures.
  update session_ratings set comment = case when released_at is null then erasure_scrub(comment, p_person, p_stand_in, needles) else '' end
  where org_id = p_org and comment <> '' and (lower(comment) like any (likes) or comment like '%' || p_person || '%');
  get diagnostics c = row_count; n := n || jsonb_build_object('ratingCommentsNamingThem', c);

  -- Encounters (cascade), sign-in tokens and erasure requests (cascade) go with the row.
  delete from people where org_id = p_org and id = p_person;
  return n;
end $$;
