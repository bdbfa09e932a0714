// Organisation A's people addressing organisation B's objects: for every operation in the OpenAPI
// document and every kind of object, 404 and not one byte of B's data; B's rows unchanged. The
// operations come from the document, so a new route is covered (or fails here asking for a body).
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.ts';
import { hoursAfterPastMonday, hoursAfterReference } from './dates.ts';
import { snapshot } from './db-snapshot.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type PersonRow } from './factories.ts';
import { listOperations, type Operation } from './fuzz-inputs.ts';

const later = hoursAfterReference;

let t: TestApp;
let operations: Operation[];
let actor: PersonRow;
let cookie: string;
/** B's objects by kind, and every string of B's that must never reach A. */
let theirs: Record<'session' | 'pastSession' | 'booking' | 'person' | 'coach' | 'module' | 'room' | 'token' | 'suggestion' | 'category' | 'webhook' | 'webhookDelivery' | 'cohort' | 'planProposal', string>;
let secrets: string[];
let mine: { session: string; booking: string; module: string; coach: string; reflecting: string; suggestion: string };

beforeAll(async () => {
  // No mail worker: it would change the queue between the snapshots compared below.
  t = await startTestApp({ worker: false });
  const db = t.database.db;
  const orgA = await buildOrganisation(db);
  actor = await buildPerson(db, { org: orgA, roles: ['employee', 'coach', 'admin'] });
  cookie = await t.cookieFor(actor);
  const myModule = await buildModule(db, { org: orgA });
  const myCoach = await buildPerson(db, { org: orgA, roles: ['coach', 'employee'] });
  const mySession = await buildSession(db, { org: orgA, module: myModule, startsAt: later(30) });
  const myBooking = await buildBooking(db, { session: await buildSession(db, { org: orgA, module: myModule, startsAt: later(50) }), person: actor });
  // A session the actor coaches that began two hours ago, so its suggestions are open (the window
  // rule compares with the database's clock, so no fixed date stands in for "has begun").
  const reflecting = await buildSession(db, { org: orgA, coach: actor, module: myModule, startsAt: new Date(Date.now() - 2 * 3_600_000) });
  const mySuggestion = await db.insertInto('suggestions').values({ org_id: orgA.id, session_id: reflecting.id, module_id: myModule.id, title: 'Our own idea' })
    .returning('id').executeTakeFirstOrThrow();
  mine = { session: mySession.id, booking: myBooking.id, module: myModule.id, coach: myCoach.id, reflecting: reflecting.id, suggestion: mySuggestion.id };

  const orgB = await buildOrganisation(db, { name: 'Globex Secret Org' });
  const coach = await buildPerson(db, { org: orgB, roles: ['coach', 'employee'], name: 'Bertha Hidden', email: 'bertha.hidden@globex.test' });
  const person = await buildPerson(db, { org: orgB, name: 'Boris Private', email: 'boris.private@globex.test' });
  const module = await buildModule(db, { org: orgB, title: 'Globex Confidential Module' });
  const room = await buildRoom(db, { org: orgB, capacity: 10 });
  const session = await buildSession(db, { org: orgB, coach, module, room, startsAt: later(40) });
  const pastSession = await buildSession(db, { org: orgB, coach, module, startsAt: hoursAfterPastMonday(-5) });
  const booking = await buildBooking(db, { session, person });
  await buildBooking(db, { session: pastSession, person });
  const category = await db.insertInto('suggestion_categories').values({ org_id: orgB.id, name_en: 'Globex Secret Category', name_de: 'Globex Geheimkategorie' })
    .returning('id').executeTakeFirstOrThrow();
  const suggestion = await db.insertInto('suggestions')
    .values({ org_id: orgB.id, session_id: pastSession.id, module_id: module.id, title: 'Globex Secret Suggestion', body: 'Globex secret body', category_id: category.id })
    .returning('id').executeTakeFirstOrThrow();
  // B's board: an internal note on the suggestion, and the coach appointed owner of an area.
  await db.insertInto('suggestion_comments').values({ org_id: orgB.id, suggestion_id: suggestion.id, author_id: coach.id, body: 'Globex secret board note' }).execute();
  await db.insertInto('suggestion_owners').values({ org_id: orgB.id, person_id: coach.id, category_ids: [category.id], areas: ['Globex Secret Area'] }).execute();
  // Both boards open to employees (and B's suggestion supported), so the open board's operations get
  // past "closed" and only the organisation stands in their way.
  await db.updateTable('organisations').set({ board_open_to_employees: true }).where('id', 'in', [orgA.id, orgB.id]).execute();
  await db.insertInto('suggestion_supports').values({ org_id: orgB.id, suggestion_id: suggestion.id, person_id: person.id }).execute();
  const token = await db.insertInto('api_tokens').values({ org_id: orgB.id, name: 'Globex HR sync', scopes: ['read'], token_hash: Buffer.alloc(32, 7), created_by: coach.id }).returning('id').executeTakeFirstOrThrow();
  // B's webhook endpoint, with an event delivered to it and the answer logged.
  const [webhook, webhookEvent, webhookDelivery] = (await sql<{ id: string }>`
    with w as (insert into webhook_endpoints (org_id, url, description, events, secret)
      values (${orgB.id}, 'https://hooks.globex.test/secret', 'Globex secret hook', '{booking.created}', 'whsec_globexsecret') returning id),
    e as (insert into webhook_events (org_id, type, payload) values (${orgB.id}, 'booking.created', '{}') returning id),
    d as (insert into webhook_deliveries (org_id, event_id, endpoint_id, status) select ${orgB.id}, e.id, w.id, 'failed' from e, w returning id),
    a as (insert into webhook_attempts (org_id, delivery_id, started_at, duration_ms, status_code, response)
      select ${orgB.id}, d.id, now(), 5, 500, 'Globex secret answer' from d)
    select id from w union all select id from e union all select id from d`.execute(db)).rows as [{ id: string }, { id: string }, { id: string }];
  // B's draft cohort of one round, its group formed.
  const cohort = await db.insertInto('cohorts').values({
    org_id: orgB.id, name: 'Globex Secret Cohort', module_id: module.id, rounds: 1, time_zone: 'Europe/Berlin', duration_minutes: 90, format: 'virtual', seed: 1,
    created_by: coach.id, solver_status: 'done', schedule: JSON.stringify([[[person.id]]]),
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('cohort_members').values({ org_id: orgB.id, cohort_id: cohort.id, person_id: person.id, position: 0, department: 'Globex Secret Department' }).execute();
  await db.insertInto('cohort_rounds').values({ org_id: orgB.id, cohort_id: cohort.id, round: 0, starts_at: later(24 * 20) }).execute();
  await db.insertInto('cohort_groups').values({ org_id: orgB.id, cohort_id: cohort.id, round: 0, group_no: 0, coach_id: coach.id, online_url: 'https://meet.globex.test/cohort' }).execute();
  // B's controller details for its privacy notice: none of it reaches A's notice.
  await db.insertInto('privacy_notice_details').values({
    org_id: orgB.id, controller_name: 'Globex Secret Controller GmbH', controller_address: 'Globex Secret Street 7', contact_name: 'Globex Secret Officer',
    contact_email: 'dpo@globex-secret.test', authority_name: 'Globex Secret Authority', extra_text_en: 'Globex secret agreement', extra_text_de: 'Globex geheime Vereinbarung',
  }).execute();
  await db.insertInto('coach_availability').values({ org_id: orgB.id, person_id: coach.id, time_zone: 'Europe/Berlin', sites: ['Globex Secret Site'] }).execute();
  await db.insertInto('coach_windows').values({ org_id: orgB.id, person_id: coach.id, weekday: 3, starts_minute: 540, ends_minute: 720 }).execute();
  // B's planner draft (its content is never read before the organisation is: a bare row will do).
  const planProposal = await db.insertInto('plan_proposals').values({
    org_id: orgB.id, demand: '{}', horizon_start: later(24 * 30), weeks: 1, input: '{}', sessions: '[]', gaps: '[]', achievable_per_week: [0], created_by: coach.id,
  }).returning('id').executeTakeFirstOrThrow();
  theirs = { planProposal: planProposal.id, cohort: cohort.id, session: session.id, pastSession: pastSession.id, booking: booking.id, person: person.id, coach: coach.id, module: module.id, room: room.id, token: token.id, suggestion: suggestion.id, category: category.id, webhook: webhook.id, webhookDelivery: webhookDelivery.id };
  secrets = ['Globex Secret Site', 'Globex Secret Controller GmbH', 'Globex Secret Street 7', 'Globex Secret Officer', 'dpo@globex-secret.test', 'Globex Secret Authority', 'Globex secret agreement', 'Globex geheime Vereinbarung', 'Globex Secret Cohort', 'Globex Secret Department', 'https://meet.globex.test/cohort', 'https://hooks.globex.test/secret', 'Globex secret hook', 'whsec_globexsecret', 'Globex secret answer', webhookEvent.id, 'Globex Secret Suggestion', 'Globex secret body', 'Globex secret board note', 'Globex Secret Area', 'Globex Secret Category', 'Globex Geheimkategorie', 'Globex HR sync', orgB.name, orgB.id, coach.name, coach.email, person.name, person.email, module.title, module.code, room.name, session.online_url ?? 'none', ...Object.values(theirs)];

  // The operator API is deployment-level, not an organisation's: a member gets 401 there, never
  // data (operator.db.test.ts tests it with operator tokens).
  operations = listOperations(await (await t.request('GET', '/api/openapi.json')).json()).filter((op) => !op.path.startsWith('/api/operator/'));
});

/** A body that would be accepted if the object in the path were the caller's own. */
const BODIES: Record<string, () => unknown> = {
  'PATCH /api/sessions/{id}': () => ({ locationNote: 'Moved upstairs' }),
  'POST /api/sessions/{id}/cancel': () => ({ reason: 'Cancelled by someone else' }),
  'POST /api/sessions/{id}/reassign': () => ({ coachId: mine.coach }),
  'POST /api/bookings/{id}/move': () => ({ sessionId: mine.session }),
  'PUT /api/bookings/{id}/attendance': () => ({ status: 'attended' }),
  'PATCH /api/admin/people/{id}': () => ({ active: false }),
  'POST /api/admin/people/{id}/erasure': () => ({ confirmEmail: 'their-person@example.test' }),
  'PATCH /api/admin/modules/{id}': () => ({ retired: true }),
  'PATCH /api/admin/rooms/{id}': () => ({ retired: true }),
  'POST /api/sessions/{id}/suggestions': () => ({ title: 'Recorded in their session' }),
  'PUT /api/sessions/{id}/reflection': () => ({ noSuggestions: true }),
  'PATCH /api/suggestions/{id}': () => ({ version: 1, title: 'Changed from outside' }),
  'PATCH /api/admin/suggestion-categories/{id}': () => ({ retired: true }),
  'PATCH /api/board/suggestions/{id}': () => ({ version: 1, status: 'in_review', response: 'Looked at from outside' }),
  'POST /api/board/suggestions/{id}/comments': () => ({ body: 'Note from outside' }),
  'POST /api/board/suggestions/{id}/merge': () => ({ intoId: mine.suggestion, version: 1 }),
  'PUT /api/admin/suggestion-owners/{personId}': () => ({ categoryIds: [], areas: ['Sales'] }),
  'PATCH /api/admin/webhooks/{id}': () => ({ description: 'Changed from outside' }),
  'PUT /api/sessions/{id}/rating': () => ({ rating: 1, comment: 'Rated from outside' }),
  'POST /api/cohorts/{id}/moves': () => ({ round: 0, personId: mine.coach, toGroup: 1 }),
  'POST /api/cohorts/{id}/swaps': () => ({ round: 0, personId: mine.coach }),
  'POST /api/cohorts/{id}/solve': () => ({}),
  'PUT /api/admin/coaches/{id}/availability': () => ({ timeZone: 'Europe/Berlin', maxSessionsPerWeek: null, coachesOnline: true, sites: [], moduleIds: [], windows: [{ weekday: 1, from: '09:00', to: '12:00' }] }),
  'PATCH /api/admin/planner/proposals/{id}': () => ({ action: 'remove', sessionKey: 's1' }),
  'POST /api/admin/planner/proposals/{id}/publish': () => ({ onlineUrl: 'https://meet.example.test/plan' }),
};

/** Requests whose body, not path, points into B: each must also answer 404. */
const REFERENCES: Array<{ name: string; method: string; path: () => string; body: () => unknown }> = [
  { name: 'publish with their module', method: 'POST', path: () => '/api/sessions', body: () => ({ moduleId: theirs.module, startsAt: later(24 * 9).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/x' }) },
  { name: 'publish in their room', method: 'POST', path: () => '/api/sessions', body: () => ({ moduleId: mine.module, startsAt: later(24 * 9).toISOString(), timeZone: 'Europe/Berlin', format: 'in_person', roomId: theirs.room }) },
  { name: 'publish for their coach', method: 'POST', path: () => '/api/sessions', body: () => ({ moduleId: mine.module, coachId: theirs.coach, startsAt: later(24 * 9).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/y' }) },
  { name: 'reassign to their coach', method: 'POST', path: () => `/api/sessions/${mine.session}/reassign`, body: () => ({ coachId: theirs.coach }) },
  { name: 'move into their session', method: 'POST', path: () => `/api/bookings/${mine.booking}/move`, body: () => ({ sessionId: theirs.session }) },
  { name: 'record with their category', method: 'POST', path: () => `/api/sessions/${mine.reflecting}/suggestions`, body: () => ({ title: 'Filed under theirs', categoryId: theirs.category }) },
  { name: 'file ours under their category', method: 'PATCH', path: () => `/api/suggestions/${mine.suggestion}`, body: () => ({ version: 1, categoryId: theirs.category }) },
  { name: 'merge into their suggestion', method: 'POST', path: () => `/api/board/suggestions/${mine.suggestion}/merge`, body: () => ({ intoId: theirs.suggestion, version: 1 }) },
  { name: 'assign their person as owner', method: 'PATCH', path: () => `/api/board/suggestions/${mine.suggestion}`, body: () => ({ version: 1, ownerId: theirs.person }) },
  { name: 'appoint their person', method: 'PUT', path: () => `/api/admin/suggestion-owners/${theirs.person}`, body: () => ({ categoryIds: [], areas: ['Sales'] }) },
  { name: 'appoint ours for their category', method: 'PUT', path: () => `/api/admin/suggestion-owners/${mine.coach}`, body: () => ({ categoryIds: [theirs.category], areas: ['Sales'] }) },
  {
    name: 'a cohort of their people', method: 'POST', path: () => '/api/cohorts',
    body: () => ({ name: 'Ours', moduleId: mine.module, personIds: [theirs.person, actor.id], rounds: 1, timeZone: 'Europe/Berlin', firstStartsAt: later(24 * 9).toISOString(), everyWeeks: 1, format: 'virtual', coachIds: [mine.coach], onlineUrls: ['https://meet.example.test/c'] }),
  },
  {
    name: 'a cohort with their coach', method: 'POST', path: () => '/api/cohorts',
    body: () => ({ name: 'Ours', moduleId: mine.module, personIds: [actor.id, mine.coach], rounds: 1, timeZone: 'Europe/Berlin', firstStartsAt: later(24 * 9).toISOString(), everyWeeks: 1, format: 'virtual', coachIds: [theirs.coach], onlineUrls: ['https://meet.example.test/c'] }),
  },
  { name: 'change to their room', method: 'PATCH', path: () => `/api/sessions/${mine.session}`, body: () => ({ format: 'in_person', roomId: theirs.room }) },
];

function expectNothingOfTheirs(text: string, where: string) {
  for (const secret of secrets) expect(text.includes(secret), `${where} leaked ${secret}`).toBe(false);
}

describe('tenant isolation, from the OpenAPI document', () => {
  it('answers 404 with none of their data for each operation and each kind of their object', async () => {
    const withIds = operations.filter((op) => op.params.length > 0);
    expect(withIds.length).toBeGreaterThanOrEqual(10);
    const before = await snapshot(t.database.db);
    for (const op of withIds) {
      const name = `${op.method} ${op.path}`;
      const needsBody = op.body !== undefined;
      if (needsBody) expect(BODIES[name], `add a body for ${name} to BODIES`).toBeDefined();
      for (const [kind, id] of Object.entries(theirs)) {
        const path = op.path.replace(/\{\w+\}/g, id);
        const res = await t.request(op.method, path, { cookie, body: needsBody ? BODIES[name]!() : undefined });
        const text = await res.text();
        expect(res.status, `${name} with their ${kind}: ${text}`).toBe(404);
        expectNothingOfTheirs(text, `${name} with their ${kind}`);
      }
    }
    const after = await snapshot(t.database.db);
    delete before.auth_sessions;
    delete after.auth_sessions;
    expect(after).toEqual(before);
  });

  it.each(REFERENCES.map((r) => [r.name, r] as const))('answers 404 to a body that points at theirs: %s', async (_name, ref) => {
    const before = await snapshot(t.database.db);
    const res = await t.request(ref.method, ref.path(), { cookie, body: ref.body() });
    const text = await res.text();
    expect(res.status, text).toBe(404);
    expectNothingOfTheirs(text, ref.name);
    expect(await snapshot(t.database.db), `${ref.name} changed data`).toEqual(before);
  });

  it('lists none of their data in any read without an id', async () => {
    // The single sign-on steps are redirects of a browser, not reads (sso.db.test.ts covers them).
    const reads = operations.filter((op) => op.method === 'GET' && op.params.length === 0 && op.path.startsWith('/api/') && op.path !== '/api/openapi.json' && !op.path.startsWith('/api/auth/sso/'));
    expect(reads.map((op) => op.path)).toEqual(expect.arrayContaining(['/api/sessions', '/api/me/bookings', '/api/modules', '/api/rooms', '/api/coaches']));
    for (const op of reads) {
      for (const query of ['', '?when=past']) {
        const res = await t.request('GET', `${op.path}${op.query.when ? query : ''}`, { cookie });
        expect(res.status, op.path).toBe(200);
        expectNothingOfTheirs(await res.text(), op.path);
      }
    }
  });
});
