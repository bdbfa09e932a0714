// A person with every kind of data Quartet holds about someone, for the erasure tests: history
// written by SQL (past sessions, attendance, ratings, encounters, …), the present through the API
// where that is how rows come (a booking with its mails, webhook event and Idempotency-Key answer).
import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { PAST_MONDAY } from './dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from './factories.ts';

export interface ErasureWorld {
  org: OrgRow;
  admin: PersonRow;
  coach: PersonRow;
  person: PersonRow;
  others: PersonRow[];
  pastSessions: string[];
  /** The future session the person holds a seat in; its coach is `coach`. */
  futureSession: string;
  suggestionId: string;
}

const DAY = 86_400_000;

export async function buildErasureWorld(t: TestApp, o: { webhookPort?: number } = {}): Promise<ErasureWorld> {
  const db = t.database.db;
  const q = (text: string, values: unknown[] = []) => t.database.pool.query(text, values);
  const org = await buildOrganisation(db);
  const admin = await buildPerson(db, { org, roles: ['employee', 'admin'] });
  const coach = await buildPerson(db, { org, roles: ['employee', 'coach'], name: 'Carla Coach' });
  const person = await buildPerson(db, {
    org, roles: ['employee', 'coach', 'admin'], name: 'Zelda Quixote-Erasable', email: `zelda.quixote+${org.id.slice(0, 6)}@example.test`, department: 'Finance',
  });
  const others = await Promise.all([0, 1, 2, 3, 4].map((i) => buildPerson(db, { org, name: `Other ${i} ${org.id.slice(0, 4)}` })));
  const module = await buildModule(db, { org });

  // Two past sessions the person attended (coach: Carla), one they coached themselves.
  const pastSessions: string[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await buildSession(db, { org, module, coach: i === 2 ? person : coach, startsAt: new Date(PAST_MONDAY.getTime() + i * 7 * DAY), capacity: 6 });
    pastSessions.push(s.id);
    const participants = i === 2 ? others.slice(0, 4) : [person, ...others.slice(0, 3 + i)];
    for (const [k, p] of participants.entries()) {
      await q(`insert into bookings (org_id, session_id, person_id, status, attendance_marked_by, attendance_marked_at)
        values ($1, $2, $3, $4, $5, $6)`, [org.id, s.id, p.id, k === 3 ? 'no_show' : 'attended', i === 2 ? person.id : coach.id, s.ends_at]);
    }
  }
  await q(`select rebuild_encounters($1)`, [org.id]);
  // Ratings of the first past session: the person's with a comment naming themself, and the others'.
  await q(`insert into session_ratings (org_id, session_id, person_id, rating, comment) values ($1, $2, $3, 2, 'Zelda Quixote-Erasable thinks it was slow')`,
    [org.id, pastSessions[0], person.id]);
  for (const [k, p] of others.slice(0, 3).entries()) {
    await q(`insert into session_ratings (org_id, session_id, person_id, rating) values ($1, $2, $3, $4)`, [org.id, pastSessions[0], p.id, 3 + k]);
  }
  const { rows: [booking] } = await q(`select id from bookings where session_id = $1 and person_id = $2`, [pastSessions[0], person.id]);
  await q(`insert into rating_links (org_id, booking_id, token_hash, expires_at) values ($1, $2, $3, now() + interval '1 day')`, [org.id, booking.id, Buffer.from(`${person.id}-rating`)]);

  // A suggestion the group typed (the audit log says who typed it), a comment by the person on the
  // board, another admin's comment naming them, their support, their ownership.
  const { rows: [suggestion] } = await q(`insert into suggestions (org_id, session_id, module_id, title, body) values ($1, $2, $3, 'Shorter rounds', 'Ask Zelda Quixote-Erasable first') returning id`,
    [org.id, pastSessions[0], module.id]);
  await q(`insert into audit_log (org_id, actor_kind, actor_id, action, subject_kind, subject_id, ip, detail) values ($1, 'person', $2, 'suggestions.recorded', 'suggestion', $3, '10.1.2.3', $4)`,
    [org.id, person.id, suggestion.id, JSON.stringify({ title: 'Shorter rounds', typedBy: person.name })]);
  await q(`insert into suggestion_comments (org_id, suggestion_id, author_id, body) values ($1, $2, $3, 'Planned for spring')`, [org.id, suggestion.id, person.id]);
  await q(`insert into suggestion_comments (org_id, suggestion_id, author_id, body) values ($1, $2, $3, $4)`, [org.id, suggestion.id, admin.id, `Discussed with ${person.name} (${person.email})`]);
  await q(`insert into suggestion_supports (org_id, suggestion_id, person_id) values ($1, $2, $3)`, [org.id, suggestion.id, person.id]);
  await q(`insert into suggestion_supports (org_id, suggestion_id, person_id) values ($1, $2, $3)`, [org.id, suggestion.id, others[0]!.id]);
  await q(`insert into suggestion_owners (org_id, person_id, areas) values ($1, $2, '{Finance}')`, [org.id, person.id]);
  await q(`update suggestions set owner_id = $2 where id = $1`, [suggestion.id, person.id]);

  // A cohort they are in, an absence they reported, a token they made, a log-in link.
  await q(`with c as (insert into cohorts (org_id, name, module_id, rounds, time_zone, duration_minutes, format, seed, created_by, schedule)
        values ($1, 'Spring cohort', $2, 1, 'Europe/Berlin', 90, 'virtual', 1, $3, $4) returning id)
      insert into cohort_members (org_id, cohort_id, person_id, position, department) select $1, c.id, $3, 0, 'Finance' from c`,
  [org.id, module.id, person.id, JSON.stringify([[[person.id, others[0]!.id]]])]);
  await q(`insert into coach_absences (org_id, coach_id, first_day, last_day, starts_at, ends_at, note) values ($1, $2, '2025-02-01', '2025-02-02', '2025-02-01', '2025-02-03', 'Zelda at the dentist')`,
    [org.id, person.id]);
  await q(`insert into api_tokens (org_id, name, scopes, token_hash, created_by) values ($1, 'sync', '{read}', $2, $3)`, [org.id, Buffer.from(`${person.id}-token`), person.id]);
  await q(`insert into login_links (org_id, person_id, token_hash, expires_at) values ($1, $2, $3, now() + interval '10 minutes')`, [org.id, person.id, Buffer.from(`${person.id}-login`)]);
  // A log-in link asked for by address, waiting in the job queue.
  await q(`select graphile_worker.add_job('request_login_links', json_build_object('email', $1::text), run_at := now() + interval '1 day')`, [person.email]);

  // A webhook endpoint that does not answer, so the booking's event waits undelivered.
  if (o.webhookPort) {
    await q(`insert into webhook_endpoints (org_id, url, events, secret, created_by) values ($1, $2, '{booking.created,booking.cancelled}', 'whsec_erasure', $3)`,
      [org.id, `http://127.0.0.1:${o.webhookPort}/hook`, person.id]);
  }
  // The future seat, taken as people take one: confirmation, roster notice, reminder, webhook event.
  const future = await buildSession(db, { org, module, coach });
  const cookie = await t.cookieFor(person);
  const taken = await t.request('POST', `/api/sessions/${future.id}/bookings`, { cookie, headers: { 'idempotency-key': 'erasure-test-1' } });
  expect(taken.status, await taken.clone().text()).toBe(201);
  await t.mailbox.waitFor((m) => JSON.stringify(m.to).toLowerCase().includes(person.email.toLowerCase()));
  // An admin changed their department: an audit entry about them.
  const changed = await t.request('PATCH', `/api/admin/people/${person.id}`, { cookie: await t.cookieFor(admin), body: { department: 'Controlling' } });
  expect(changed.status).toBe(200);
  return { org, admin, coach, person, others, pastSessions, futureSession: future.id, suggestionId: suggestion.id };
}

/** Every text-like column (text, varchar, citext, json, jsonb, arrays of them) of every table of
 * the public schema and graphile-worker's, from the catalog, with the rows that contain a needle. */
export async function scanForNeedles(t: TestApp, needles: string[]): Promise<string[]> {
  const { rows: columns } = await t.database.pool.query<{ schema: string; table: string; column: string }>(`
    select n.nspname as schema, c.relname as table, a.attname as column
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    join pg_type ty on ty.oid = a.atttypid
    left join pg_type el on el.oid = ty.typelem and ty.typcategory = 'A'
    where n.nspname in ('public', 'graphile_worker') and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      and (ty.typname in ('text', 'varchar', 'bpchar', 'citext', 'json', 'jsonb', 'name') or el.typname in ('text', 'varchar', 'citext', 'json', 'jsonb'))
    order by 1, 2, 3`);
  expect(columns.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const col of columns) {
    const { rows } = await t.database.pool.query<{ v: string }>(
      `select "${col.column}"::text as v from "${col.schema}"."${col.table}" where "${col.column}"::text ilike any ($1::text[])`,
      [needles.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)]);
    for (const r of rows) found.push(`${col.schema}.${col.table}.${col.column}: ${r.v.slice(0, 200)}`);
  }
  return found;
}
