// An organisation with rows in every table that holds organisation data, and jobs of its own in
// the queue: what an organisation leaving (export, deletion) must carry away. The tests assert
// against the catalog that every table with org_id got rows, so a new table fails them until it
// gets a line here.
import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { authenticateAs, buildBooking, buildOrganisation, buildPerson, buildRoom, buildSession, type OrgRow } from './factories.ts';

let made = 0;

/** A new organisation filled through the API where that is how rows come (a booking, a log-in link request), else by SQL. */
export async function buildFilledOrganisation(t: TestApp): Promise<{ org: OrgRow; emails: string[] }> {
  const db = t.database.db;
  const q = (text: string, values: unknown[]) => t.database.pool.query(text, values);
  const n = ++made;
  const org = await buildOrganisation(db);
  const room = await buildRoom(db, { org });
  const session = await buildSession(db, { org, room });
  const person = await buildPerson(db, { org, name: `Leaver ${n}`, email: `leaver-${n}-${org.id.slice(0, 8)}@example.test` });
  const partner = await buildPerson(db, { org });
  await authenticateAs(db, person);

  // Webhooks first, so the booking below writes an event and a delivery (with its job).
  await q(`with w as (insert into webhook_endpoints (org_id, url, events, secret) values ($1, 'https://hooks.example.test', '{booking.created}', 'whsec_x') returning id),
      e as (insert into webhook_events (org_id, type, payload) values ($1, 'booking.created', '{}') returning id),
      d as (insert into webhook_deliveries (org_id, event_id, endpoint_id, status) select $1, e.id, w.id, 'failed' from e, w returning id)
      insert into webhook_attempts (org_id, delivery_id, started_at, duration_ms, status_code) select $1, d.id, now(), 3, 500 from d`, [org.id]);
  // A seat taken as people take one: its confirmation and reminder are queued (outgoing_messages,
  // send_message jobs), its webhook delivery too.
  const taken = await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(person) });
  expect(taken.status, await taken.clone().text()).toBe(201);
  // A log-in link request: a job carrying only the address.
  expect((await t.request('POST', '/api/auth/login-link', { body: { email: person.email } })).status).toBe(202);
  const booking = await buildBooking(db, { session, person: partner });

  await q(`insert into encounters (org_id, person_a, person_b, first_met, last_met, times) values ($1, least($2::uuid, $3::uuid), greatest($2::uuid, $3::uuid), now(), now(), 1)`,
    [org.id, person.id, partner.id]);
  await q(`with c as (insert into cohorts (org_id, name, module_id, rounds, time_zone, duration_minutes, format, seed, created_by)
        values ($1, 'Cohort', $2, 1, 'Europe/Berlin', 90, 'virtual', 1, $3) returning id),
      m as (insert into cohort_members (org_id, cohort_id, person_id, position) select $1, c.id, $3, 0 from c),
      r as (insert into cohort_rounds (org_id, cohort_id, round, starts_at) select $1, c.id, 0, now() from c returning cohort_id)
      insert into cohort_groups (org_id, cohort_id, round, group_no, coach_id, online_url) select $1, r.cohort_id, 0, 0, $4, 'https://meet.example.test/c' from r`,
  [org.id, session.module_id, person.id, session.coach_id]);
  await q(`insert into session_ratings (org_id, session_id, person_id, rating, comment) values ($1, $2, $3, 4, 'Good, with "quotes", commas
and a line break')`, [org.id, session.id, person.id]);
  await q(`insert into rating_links (org_id, booking_id, token_hash, expires_at) values ($1, $2, $3, now())`, [org.id, booking.id, Buffer.from(`${org.id}-rating`)]);
  await q(`insert into login_links (org_id, person_id, token_hash, expires_at) values ($1, $2, $3, now())`, [org.id, person.id, Buffer.from(org.id)]);
  await q(`insert into idempotency_keys (org_id, person_id, key, request_fingerprint, status_code, response) values ($1, $2, 'k', 'f', 201, '{}')`, [org.id, person.id]);
  await q(`insert into coach_absences (org_id, coach_id, first_day, last_day, starts_at, ends_at) values ($1, $2, '2030-01-01', '2030-01-02', '2030-01-01', '2030-01-03')`, [org.id, session.coach_id]);
  await q(`insert into audit_log (org_id, actor_kind, actor_id, action) values ($1, 'person', $2, 'settings.changed')`, [org.id, person.id]);
  await q(`insert into api_tokens (org_id, name, scopes, token_hash, created_by) values ($1, 'sync', '{read}', $2, $3)`, [org.id, Buffer.from(`${org.id}-token`), person.id]);
  await q(`insert into sso_settings (org_id, issuer, client_id, client_secret) values ($1, 'https://idp.example.test', 'q', 's')`, [org.id]);
  await q(`insert into sso_domain_claims (org_id, domain) values ($1, $2)`, [org.id, `org-${org.id.slice(0, 8)}.example.test`]);
  await q(`insert into sso_attempts (state_hash, org_id, browser_hash, nonce, code_verifier, expires_at) values ($2, $1, $2, 'n', 'v', now())`, [org.id, Buffer.from(`${org.id}-state`)]);
  const { rows: [suggestion] } = await q(`insert into suggestions (org_id, session_id, module_id, title, body) values ($1, $2, $3, '=Fewer meetings', '') returning id`,
    [org.id, session.id, session.module_id]);
  await q(`insert into suggestion_comments (org_id, suggestion_id, author_id, body) values ($1, $2, $3, 'Asked the plant')`, [org.id, suggestion.id, person.id]);
  await q(`insert into suggestion_owners (org_id, person_id, areas) values ($1, $2, '{Production}')`, [org.id, person.id]);
  await q(`insert into suggestion_supports (org_id, suggestion_id, person_id) values ($1, $2, $3)`, [org.id, suggestion.id, person.id]);
  await q(`with a as (insert into coach_availability (org_id, person_id, time_zone) values ($1, $2, 'Europe/Berlin') returning person_id)
      insert into coach_windows (org_id, person_id, weekday, starts_minute, ends_minute) select $1, a.person_id, 1, 540, 720 from a`, [org.id, session.coach_id]);
  // Issue 15's own tables: a person's export being prepared (its job carries the orgId), an erasure asked for, a retention run, the notice.
  await q(`insert into data_exports (org_id, person_id) values ($1, $2)`, [org.id, person.id]);
  await q(`insert into erasure_requests (org_id, person_id, token_hash, expires_at) values ($1, $2, $3, now())`, [org.id, person.id, Buffer.from(`${org.id}-erasure`)]);
  await q(`insert into retention_runs (org_id, ran_at, counts) values ($1, now(), '{}')`, [org.id]);
  await q(`insert into privacy_notice_details (org_id, controller_name, controller_address, contact_email, authority_name)
      values ($1, 'Leaver GmbH', 'Street 1, Berlin', 'dpo@example.test', 'BlnBDI')`, [org.id]);
  // Issue 16's: a place in a line, a connected calendar with a busy time, a planner's draft.
  await q(`insert into waitlist_entries (org_id, session_id, person_id) values ($1, $2, $3)`, [org.id, session.id, session.coach_id]);
  // A seat held for someone in the line (migration 038: the hold counts as a taken seat).
  await q(`insert into waitlist_entries (org_id, session_id, person_id, status, offer_expires_at) values ($1, $2, $3, 'offered', now() + interval '1 hour')`,
    [org.id, session.id, (await buildPerson(db, { org })).id]);
  await q(`with c as (insert into calendar_connections (org_id, person_id, address_sealed, address_host) values ($1, $2, $3, 'calendar.example.test') returning person_id)
      insert into calendar_busy_intervals (org_id, person_id, starts_at, ends_at) select $1, c.person_id, now(), now() + interval '1 hour' from c`, [org.id, person.id, Buffer.alloc(40, 7)]);
  await q(`insert into plan_proposals (org_id, demand, horizon_start, weeks, input, sessions, gaps, achievable_per_week, created_by)
      values ($1, '{}', now(), 1, '{}', '[]', '[]', '{0}', $2)`, [org.id, person.id]);
  return { org, emails: [person.email, partner.email] };
}

/** Every table of the public schema with an org_id column, from the catalog. */
export async function tablesWithOrgId(t: TestApp): Promise<string[]> {
  const { rows } = await t.database.pool.query<{ name: string }>(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and a.attname = 'org_id' and not a.attisdropped
    order by 1`);
  return rows.map((r) => r.name);
}

/** Rows of the organisation in each table with org_id, and its organisations row. */
export async function rowsOf(t: TestApp, orgId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tablesWithOrgId(t)) {
    counts[table] = Number((await t.database.pool.query(`select count(*) as n from ${table} where org_id = $1`, [orgId])).rows[0].n);
  }
  counts.organisations = Number((await t.database.pool.query('select count(*) as n from organisations where id = $1', [orgId])).rows[0].n);
  return counts;
}

/** The organisation's jobs in graphile-worker's queue: those carrying its id, and log-in link requests for its addresses. */
export async function jobsOf(t: TestApp, orgId: string, emails: string[]): Promise<number> {
  const { rows } = await t.database.pool.query(
    `select count(*) as n from graphile_worker._private_jobs where payload ->> 'orgId' = $1 or lower(payload ->> 'email') = any($2)`, [orgId, emails]);
  return Number(rows[0].n);
}
