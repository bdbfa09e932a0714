// Fuzzing every operation the OpenAPI document lists: hostile bodies, path parameters, query
// strings and headers, sent as a signed-in admin, coach and employee in one, with a forged cookie,
// and anonymously. No answer is a 5xx, every refusal is JSON with a code and a message, a 400 names
// the fields at fault, and a refused request changes no row. Then the other way round: requests
// that would succeed are refused, changing nothing, when they come from another site.
import { sql } from 'kysely';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from '../src/lib/secrets.ts';
import { inOrg } from '../src/db/transaction.ts';
import { solveCohort } from '../src/features/cohorts/jobs.ts';
import { createCohort, publishCohort } from '../src/features/cohorts/service.ts';
import { proposePlan } from '../src/features/planner/service.ts';
import { planningWindow } from '../src/lib/time.ts';
import { noticeVersion } from '../src/features/privacy-notice/notice-facts.ts';
import { startTestApp } from './app.ts';
import { hoursAfterPastMonday, hoursAfterReference } from './dates.ts';
import { watchChanges } from './db-snapshot.ts';
import { buildBooking, buildDomainClaim, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type PersonRow } from './factories.ts';
import { fuzzRequest, listOperations, pathOf, VALIDATION_ORDER, type FuzzRequest, type Operation } from './fuzz-inputs.ts';

const RUNS = 60;
const ALL_ROLES: PersonRow['roles'] = ['admin', 'coach', 'employee'];

// No mail worker: it would change the queue while a test compares what was written; that a refused
// request queues no message is part of what the comparison checks.
const t = await startTestApp({ worker: false });
const db = t.database.db;
const org = await buildOrganisation(db);
const member = await buildPerson(db, { org, roles: ALL_ROLES });
const module = await buildModule(db, { org });
const room = await buildRoom(db, { org });
const ownSession = await buildSession(db, { org, coach: member, module });
const ownBooking = await buildBooking(db, { session: await buildSession(db, { org, module }), person: member });
const foreignSession = await buildSession(db);
const foreignBooking = await buildBooking(db, { session: foreignSession });
/** Objects of another organisation: naming them must never succeed. */
const FOREIGN_IDS = [foreignSession.id, foreignBooking.id, foreignSession.module_id, foreignSession.coach_id];
// Two suggestions of the member's organisation, so that the board's operations get past their
// lookup (and may merge one into the other). Their session lies ahead, so the group's are refused.
const ownSuggestions = await db.insertInto('suggestions')
  .values([1, 2].map((n) => ({ org_id: org.id, session_id: ownSession.id, module_id: module.id, title: `Fuzzed idea ${n}` }))).returning('id').execute();
const IDS = [ownSession.id, ownBooking.id, module.id, room.id, member.id, ...ownSuggestions.map((s) => s.id), ...FOREIGN_IDS];
const operations = listOperations(await (await t.request('GET', '/api/openapi.json')).json());
/** What stayed written, per table: compared before and after each request. */
const changes = await watchChanges(db);

type Who = 'member' | 'forged' | 'anonymous';

async function cookieOf(who: Who) {
  if (who === 'member') return t.cookieFor(member);
  return who === 'forged' ? `__Host-quartet_session=${newSecret()}` : undefined;
}

async function fuzzOnce(op: Operation, r: FuzzRequest, who: Who) {
  const cookie = await cookieOf(who);
  const before = await changes();
  const headers = { ...r.headers, ...(r.contentType !== undefined && { 'content-type': r.contentType }) };
  const res = await t.request(op.method, pathOf(op, r), { cookie, body: r.body, headers });
  const text = await res.text();
  const where = `${who} ${op.method} ${pathOf(op, r).slice(0, 300)} ${r.contentType ?? ''} ${(r.body ?? '').slice(0, 300)}\n -> ${res.status} ${text.slice(0, 500)}`;

  expect(res.status, where).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), where).toMatch(/^application\/json/);
    const body = JSON.parse(text) as { code: unknown; message: unknown; fields?: Array<{ field: string; message: string }> };
    expect(typeof body.code === 'string' && typeof body.message === 'string', where).toBe(true);
    if (body.code === 'VALIDATION_FAILED') expect(body.fields?.length, where).toBeGreaterThan(0);
    const after = await changes();
    // A refusal (409) given under an Idempotency-Key is remembered, so that a retry gets it again.
    if (res.status === 409 && r.headers['idempotency-key'] !== undefined) {
      delete before.idempotency_keys;
      delete after.idempotency_keys;
    }
    expect(after, `data changed by a refused request: ${where}`).toEqual(before);
    // Fastify refuses a JSON body carrying "__proto__" or "constructor" while reading it, before
    // any part is validated; an unpoisoned body of a route that takes any body may carry one.
    const refusedWhileReading = /^application\/json/.test(r.contentType ?? '') && /"(__proto__|constructor)"\s*:/.test(r.body ?? '');
    if (r.poisoned?.read && body.code === 'VALIDATION_FAILED' && !refusedWhileReading) {
      // Fastify checks params, body, query, headers in turn: the poisoned part, or one before it, is named.
      const named = body.fields!.map((f) => VALIDATION_ORDER.indexOf(f.field.split('.')[0] as never));
      expect(named.some((i) => i >= 0 && i <= VALIDATION_ORDER.indexOf(r.poisoned!.part)), where).toBe(true);
    }
  }
  // 431: the address and headers together past Node's 16 KiB (a poisoned id of thousands of
  // characters beside a long query), refused before any part is read.
  if (r.poisoned?.read) expect([400, 413, 414, 415, 431, ...(r.poisoned.part === 'params' ? [404] : [])], where).toContain(res.status);
  if (who === 'member' && Object.values(r.params).some((id) => FOREIGN_IDS.includes(id))) expect(res.status, where).toBeGreaterThanOrEqual(400);
}

/** "METHOD /path/{param}" for every route Fastify serves, read from its printed route tree. */
function servedRoutes(): string[] {
  const parents: string[] = [];
  return t.app.printRoutes({ commonPrefix: false }).split('\n').flatMap((line) => {
    const m = /^([│├└─ ]*)(\S.*) \(([^)]+)\)$/.exec(line);
    if (!m) return [];
    const depth = m[1]!.length / 4;
    const path = (parents[depth - 1] ?? '') + m[2]!;
    parents[depth] = path;
    return m[3]!.split(', ').filter((method) => method !== 'HEAD').map((method) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  });
}

describe('the operations under fuzz', () => {
  it('are every /api route the server has (bar the docs themselves), sign-in included', () => {
    const names = operations.map((op) => `${op.method} ${op.path}`);
    const api = servedRoutes().filter((r) => / \/api\//.test(r) && !/ \/api\/(docs|openapi\.json)/.test(r));
    expect(api.length).toBeGreaterThan(10);
    expect(names.sort()).toEqual(api.sort());
    expect(names).toEqual(expect.arrayContaining([
      'POST /api/auth/login-link', 'POST /api/auth/session', 'POST /api/auth/logout', 'GET /api/me', 'GET /api/sessions',
      'POST /api/sessions', 'PATCH /api/sessions/{id}', 'POST /api/sessions/{id}/bookings', 'POST /api/bookings/{id}/move',
    ]));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))('%s', (_name, op) => {
  it('never answers 5xx, refuses bad input naming the fields, and a refusal changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest(op, IDS), fc.constantFrom<Who>('member', 'member', 'forged', 'anonymous'), (r, who) => fuzzOnce(op, r, who)),
      { numRuns: RUNS, endOnFailure: true },
    );
  });
});

// Requests that succeed from Quartet's own pages, for every operation that changes data, in an
// organisation the fuzzing above leaves alone (it may change the program settings). A new such
// operation needs an entry here, or the test below fails and says so.
type Good = { path: string; body?: unknown; headers?: Record<string, string> };
const later = hoursAfterReference;
const quietOrg = await buildOrganisation(db);
const quietModule = await buildModule(db, { org: quietOrg });
const sessionOf = (o: Parameters<typeof buildSession>[1] = {}) => buildSession(db, { org: quietOrg, module: quietModule, ...o });
/** A seat held for the actor from a waiting list (the hold takes the session's one seat): the entry's id. */
async function offeredTo(actor: { id: string }): Promise<string> {
  const session = await sessionOf({ capacity: 1, startsAt: later(96) });
  const entry = await db.insertInto('waitlist_entries')
    .values({ org_id: quietOrg.id, session_id: session.id, person_id: actor.id, status: 'offered', offer_expires_at: later(48) })
    .returning('id').executeTakeFirstOrThrow();
  return entry.id;
}
// Suggestions open at a session's start, compared with the database's clock: a session that began
// two hours before the real time (each with a coach of its own, so they never overlap).
const reflectingSession = () => sessionOf({ startsAt: new Date(Date.now() - 2 * 3_600_000) });
const suggestionOf = async () => {
  const session = await reflectingSession();
  return db.insertInto('suggestions').values({ org_id: quietOrg.id, session_id: session.id, module_id: quietModule.id, title: 'Shorter stand-ups' })
    .returning('id').executeTakeFirstOrThrow();
};
/** The person's seat in a session that ended an hour ago (so they may rate it). */
const heldBooking = async (person: PersonRow) => buildBooking(db, { session: await sessionOf({ startsAt: new Date(Date.now() - 2.5 * 3_600_000) }), person });
/** A suggestion on the quiet organisation's board, opened to employees. */
const openBoardSuggestion = async () => {
  await db.updateTable('organisations').set({ board_open_to_employees: true }).where('id', '=', quietOrg.id).execute();
  return suggestionOf();
};
// The operator API is deployment-level: its requests carry an operator token (beside the cookie
// here, so the Origin check still applies to them).
const operatorToken = `qop_${newSecret()}`;
await db.insertInto('operator_tokens').values({ name: 'fuzz', token_hash: hashSecret(operatorToken) }).execute();
const asOperator = { authorization: `Bearer ${operatorToken}` };
/** A webhook endpoint of the quiet organisation with one failed delivery: their ids. */
const quietWebhook = async () => (await sql<{ endpoint: string; delivery: string }>`
  with w as (insert into webhook_endpoints (org_id, url, events, secret) values (${quietOrg.id}, 'http://127.0.0.1:9/fuzz', '{booking.created}', 'whsec_fuzz') returning id),
  e as (insert into webhook_events (org_id, type, payload) values (${quietOrg.id}, 'booking.created', '{}') returning id),
  d as (insert into webhook_deliveries (org_id, event_id, endpoint_id, status) select ${quietOrg.id}, e.id, w.id, 'failed' from e, w returning id)
  select w.id as endpoint, d.id as delivery from w, d`.execute(db)).rows[0]!;
/** A cohort of eight new people in the quiet organisation (two groups, one round: solved at once, so no
 * solve is still writing when the next case compares snapshots), its groups formed; published if asked. */
let cohortWeeks = 0;
const cohortBody = async () => {
  const people = await Promise.all(Array.from({ length: 8 }, (_, i) => buildPerson(db, { org: quietOrg, department: i % 2 ? 'Sales' : 'Finance' })));
  const coaches = await Promise.all([1, 2].map(() => buildPerson(db, { org: quietOrg, roles: ['coach', 'employee'] })));
  // Dates of their own for each cohort, so that no two ever clash.
  cohortWeeks += 3;
  return {
    name: 'Onboarding', moduleId: quietModule.id, personIds: people.map((p) => p.id), rounds: 1, timeZone: 'Europe/Berlin',
    firstStartsAt: later(24 * (100 + 7 * cohortWeeks)).toISOString(), everyWeeks: 1, format: 'virtual' as const, coachIds: coaches.map((c) => c.id),
    onlineUrls: ['https://meet.example.test/g0', 'https://meet.example.test/g1'], seed: 3,
  };
};
const quietCohort = async (actor: PersonRow, publish = false) => {
  const asActor = { orgId: quietOrg.id, personId: actor.id, roles: actor.roles, timeZone: actor.time_zone, locale: actor.locale };
  const id = await inOrg(db, quietOrg.id, async (tx) => createCohort(tx, asActor, await cohortBody()));
  await solveCohort(t.ctx.db, quietOrg.id, id);
  if (publish) await inOrg(db, quietOrg.id, (tx) => publishCohort(tx, asActor, id));
  const { schedule } = await db.selectFrom('cohorts').where('id', '=', id).select('schedule').executeTakeFirstOrThrow();
  return { id, schedule: schedule! };
};
/** A planner's draft in the quiet organisation with at least one session: a coach of its own free one Tuesday morning (08:00–12:00: the planner's 90-minute blocks start at 08:00), a week of its own. */
let plannedWeeks = 0;
const quietProposal = async (actor: PersonRow) => {
  const coach = await buildPerson(db, { org: quietOrg, roles: ['coach', 'employee'] });
  await db.insertInto('coach_availability').values({ org_id: quietOrg.id, person_id: coach.id, time_zone: 'Europe/Berlin', max_sessions_per_week: 1, coaches_online: true, sites: [], module_ids: [quietModule.id] }).execute();
  await db.insertInto('coach_windows').values({ org_id: quietOrg.id, person_id: coach.id, weekday: 2, starts_minute: 480, ends_minute: 720 }).execute();
  const monday = new Date(later(24 * 7 * (300 + 2 * plannedWeeks++)));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const asActor = { orgId: quietOrg.id, personId: actor.id, roles: actor.roles, timeZone: actor.time_zone, locale: actor.locale };
  const id = await inOrg(db, quietOrg.id, (tx) => proposePlan(tx, asActor, {
    weeks: 1, startsOn: monday.toISOString().slice(0, 10), departments: [], sites: [], frequency: { every: 1, unit: 'week' },
    modules: [{ moduleId: quietModule.id }], virtualShare: 1, workingHours: { from: '08:00', to: '18:00' },
  }, planningWindow(t.ctx.config.planningHorizonMonths)));
  const { sessions } = await db.selectFrom('plan_proposals').where('id', '=', id).select('sessions').executeTakeFirstOrThrow();
  return { id, sessionKey: (sessions as Array<{ key: string }>)[0]!.key };
};
/** A confirmation link of the actor's erasure, as its mail would carry it: the token. */
const erasureToken = async (actor: PersonRow) => {
  const token = newSecret();
  await db.insertInto('erasure_requests').values({ org_id: quietOrg.id, person_id: actor.id, token_hash: hashSecret(token), expires_at: later(1) }).execute();
  return token;
};
const GOOD_REQUESTS: Record<string, (actor: PersonRow) => Promise<Good>> = {
  'POST /api/cohorts': async () => ({ path: '/api/cohorts', body: await cohortBody() }),
  'POST /api/cohorts/{id}/moves': async (actor) => {
    const { id, schedule } = await quietCohort(actor);
    return { path: `/api/cohorts/${id}/moves`, body: { round: 0, personId: schedule[0]![0]![0]!, toGroup: 1, swapWith: schedule[0]![1]![0]! } };
  },
  'POST /api/cohorts/{id}/solve': async (actor) => ({ path: `/api/cohorts/${(await quietCohort(actor)).id}/solve`, body: { seed: 5 } }),
  'POST /api/cohorts/{id}/publish': async (actor) => ({ path: `/api/cohorts/${(await quietCohort(actor)).id}/publish` }),
  'POST /api/cohorts/{id}/swaps': async (actor) => {
    const { id, schedule } = await quietCohort(actor, true);
    return { path: `/api/cohorts/${id}/swaps`, body: { round: 0, personId: schedule[0]![0]![0]! } };
  },
  'POST /api/admin/webhooks': async () => ({ path: '/api/admin/webhooks', body: { url: 'http://127.0.0.1:9/new', description: 'Intranet', events: ['suggestion.created'] } }),
  'PATCH /api/admin/webhooks/{id}': async () => ({ path: `/api/admin/webhooks/${(await quietWebhook()).endpoint}`, body: { enabled: false } }),
  'POST /api/admin/webhooks/{id}/rotate-secret': async () => ({ path: `/api/admin/webhooks/${(await quietWebhook()).endpoint}/rotate-secret` }),
  'DELETE /api/admin/webhooks/{id}': async () => ({ path: `/api/admin/webhooks/${(await quietWebhook()).endpoint}` }),
  'POST /api/admin/webhooks/deliveries/{id}/redeliver': async () => ({ path: `/api/admin/webhooks/deliveries/${(await quietWebhook()).delivery}/redeliver` }),
  'POST /api/auth/login-link': async (actor) => ({ path: '/api/auth/login-link', body: { email: actor.email } }),
  'POST /api/auth/session': async (actor) => {
    const token = newSecret();
    await db.insertInto('login_links').values({ org_id: quietOrg.id, person_id: actor.id, token_hash: hashSecret(token), expires_at: later(0.2) }).execute();
    return { path: '/api/auth/session', body: { token } };
  },
  'POST /api/auth/logout': async () => ({ path: '/api/auth/logout' }),
  'POST /api/auth/logout-everywhere': async () => ({ path: '/api/auth/logout-everywhere' }),
  'POST /api/tokens': async () => ({ path: '/api/tokens', body: { name: 'HR sync', scopes: ['read'] } }),
  'POST /api/tokens/{id}/revoke': async (actor) => {
    const token = await db.insertInto('api_tokens').values({ org_id: quietOrg.id, name: 'old', scopes: ['read'], token_hash: hashSecret(newSecret()), created_by: actor.id }).returning('id').executeTakeFirstOrThrow();
    return { path: `/api/tokens/${token.id}/revoke` };
  },
  'POST /api/operator/organisations': async (actor) => ({
    path: '/api/operator/organisations', headers: asOperator,
    body: { name: 'New Client', slug: `client-${actor.id.slice(0, 8)}`, adminEmail: `admin-${actor.id}@client.test`, adminName: 'First Admin' },
  }),
  'POST /api/operator/organisations/{id}/suspend': async () => ({ path: `/api/operator/organisations/${(await buildOrganisation(db)).id}/suspend`, headers: asOperator }),
  'POST /api/operator/organisations/{id}/resume': async () => ({ path: `/api/operator/organisations/${(await buildOrganisation(db)).id}/resume`, headers: asOperator }),
  'POST /api/operator/organisations/{id}/delete': async () => {
    const org = await buildOrganisation(db);
    await db.updateTable('organisations').set({ status: 'suspended' }).where('id', '=', org.id).execute();
    return { path: `/api/operator/organisations/${org.id}/delete`, headers: asOperator, body: { confirm: org.slug } };
  },
  'POST /api/operator/organisations/{id}/admins': async () => ({
    path: `/api/operator/organisations/${(await buildOrganisation(db)).id}/admins`, headers: asOperator, body: { email: 'appointed@client.test', name: 'Appointed Admin' },
  }),
  'POST /api/operator/domain-claims/{id}/approve': async () => ({ path: `/api/operator/domain-claims/${(await buildDomainClaim(db)).id}/approve`, headers: asOperator }),
  'POST /api/operator/domain-claims/{id}/reject': async () => ({ path: `/api/operator/domain-claims/${(await buildDomainClaim(db)).id}/reject`, headers: asOperator }),
  'PATCH /api/me': async () => ({ path: '/api/me', body: { name: 'Renamed Person', locale: 'de' } }),
  'PATCH /api/settings': async () => ({ path: '/api/settings', body: { maxFutureBookings: 5, participantsVisible: true } }),
  'PUT /api/admin/privacy-notice': async () => ({
    path: '/api/admin/privacy-notice',
    body: { controllerName: 'Quiet GmbH', controllerAddress: 'Quiet Street 1, Hamburg', contactEmail: 'dpo@quiet.test', authorityName: 'The Hamburg Commissioner', authorityUrl: 'https://datenschutz-hamburg.de' },
  }),
  // The version now shown: another case may have raised the quiet organisation's revision.
  'POST /api/me/privacy-notice/seen': async () => {
    const details = await db.selectFrom('privacy_notice_details').where('org_id', '=', quietOrg.id).select('revision').executeTakeFirst();
    return { path: '/api/me/privacy-notice/seen', body: { version: noticeVersion(details?.revision) } };
  },
  'PUT /api/admin/retention': async () => ({ path: '/api/admin/retention', body: { mailDays: 60, auditYears: 4 } }),
  'PUT /api/sso-settings': async () => ({ path: '/api/sso-settings', body: { issuer: 'https://idp.example.test', clientId: 'quartet', allowedDomains: ['example.test'], createPeople: false, loginLinkAllowed: true } }),
  'POST /api/sessions': async () => ({
    path: '/api/sessions',
    body: { moduleId: quietModule.id, startsAt: later(24 * 40).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/q' },
  }),
  'POST /api/sessions/series/check': async () => ({
    path: '/api/sessions/series/check',
    body: { moduleId: quietModule.id, startsAt: later(24 * 50).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/c', everyWeeks: 1, occurrences: 2 },
  }),
  'POST /api/sessions/series': async (actor) => ({
    path: '/api/sessions/series',
    // Its own coach and dates far apart per actor, so repeated runs never meet their own earlier series.
    body: { moduleId: quietModule.id, coachId: actor.id, startsAt: later(24 * 60).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/s', everyWeeks: 2, occurrences: 2 },
  }),
  'PATCH /api/sessions/{id}': async () => ({ path: `/api/sessions/${(await sessionOf()).id}`, body: { locationNote: 'Second floor', capacity: 3 } }),
  'POST /api/sessions/{id}/cancel': async () => ({ path: `/api/sessions/${(await sessionOf()).id}/cancel`, body: { reason: 'The coach is ill' } }),
  'POST /api/sessions/{id}/reassign': async () => {
    const coach = await buildPerson(db, { org: quietOrg, roles: ['coach', 'employee'] });
    return { path: `/api/sessions/${(await sessionOf()).id}/reassign`, body: { coachId: coach.id } };
  },
  'POST /api/sessions/{id}/bookings': async () => ({ path: `/api/sessions/${(await sessionOf()).id}/bookings` }),
  'POST /api/bookings/{id}/cancel': async (actor) => {
    const booking = await buildBooking(db, { session: await sessionOf({ startsAt: later(48) }), person: actor });
    return { path: `/api/bookings/${booking.id}/cancel` };
  },
  'POST /api/bookings/{id}/move': async (actor) => {
    const booking = await buildBooking(db, { session: await sessionOf({ startsAt: later(48) }), person: actor });
    return { path: `/api/bookings/${booking.id}/move`, body: { sessionId: (await sessionOf({ startsAt: later(72) })).id } };
  },
  'POST /api/sessions/{id}/waitlist': async () => {
    const session = await sessionOf({ capacity: 1, startsAt: later(96) });
    await buildBooking(db, { session });
    return { path: `/api/sessions/${session.id}/waitlist` };
  },
  'DELETE /api/sessions/{id}/waitlist': async (actor) => {
    const session = await sessionOf({ capacity: 1, startsAt: later(96) });
    await buildBooking(db, { session });
    await db.insertInto('waitlist_entries').values({ org_id: quietOrg.id, session_id: session.id, person_id: actor.id }).execute();
    return { path: `/api/sessions/${session.id}/waitlist` };
  },
  'POST /api/me/waitlist/offers/{id}/accept': async (actor) => ({ path: `/api/me/waitlist/offers/${await offeredTo(actor)}/accept` }),
  'POST /api/me/waitlist/offers/{id}/decline': async (actor) => ({ path: `/api/me/waitlist/offers/${await offeredTo(actor)}/decline` }),
  // People not in the file stay as they are: other cases share this organisation.
  'POST /api/admin/people/import': async (actor) => ({
    path: '/api/admin/people/import?deactivateMissing=false',
    body: `name,email,roles\nRenamed Admin,${actor.email},admin;coach;employee\nNew Colleague,new-${actor.id}@example.test,employee`,
    headers: { 'content-type': 'text/csv' },
  }),
  'POST /api/admin/messages/{id}/retry': async (actor) => {
    const failed = await db.insertInto('outgoing_messages')
      .values({ org_id: quietOrg.id, kind: 'login_link', recipient_id: actor.id, booking_id: null, session_id: null, calendar_sequence: null, dedupe_key: null, status: 'failed', last_error: 'SMTP 550: no such mailbox' })
      .returning('id').executeTakeFirstOrThrow();
    return { path: `/api/admin/messages/${failed.id}/retry` };
  },
  'POST /api/me/calendar-feed': async () => ({ path: '/api/me/calendar-feed' }),
  // Port 9 (discard) refuses the connection at once: the address is saved, its fetch failed.
  'PUT /api/me/calendar-overlay': async () => ({ path: '/api/me/calendar-overlay', body: { url: 'http://127.0.0.1:9/calendar.ics' } }),
  'DELETE /api/me/calendar-overlay': async (actor) => {
    await db.deleteFrom('calendar_connections').where('org_id', '=', actor.org_id).where('person_id', '=', actor.id).execute();
    await db.insertInto('calendar_connections').values({ org_id: actor.org_id, person_id: actor.id, address_sealed: Buffer.alloc(40, 7), address_host: 'calendar.example.test' }).execute();
    return { path: '/api/me/calendar-overlay' };
  },
  'POST /api/me/data-export': async () => ({ path: '/api/me/data-export' }),
  'POST /api/me/erasure-request': async () => ({ path: '/api/me/erasure-request' }),
  'POST /api/me/erasure/preview': async (actor) => ({ path: '/api/me/erasure/preview', body: { token: await erasureToken(actor) } }),
  'POST /api/me/erasure': async (actor) => {
    // Another admin, so that the actor (an admin too) is not the last one.
    await buildPerson(db, { org: quietOrg, roles: ['employee', 'admin'] });
    return { path: '/api/me/erasure', body: { token: await erasureToken(actor) } };
  },
  'POST /api/admin/people/{id}/erasure': async () => {
    const person = await buildPerson(db, { org: quietOrg });
    return { path: `/api/admin/people/${person.id}/erasure`, body: { confirmEmail: person.email } };
  },
  'PATCH /api/admin/people/{id}': async () => ({ path: `/api/admin/people/${(await buildPerson(db, { org: quietOrg })).id}`, body: { roles: ['employee', 'coach'], department: 'Sales' } }),
  'POST /api/admin/modules': async (actor) => ({ path: '/api/admin/modules', body: { code: `NEW-${actor.id.slice(0, 8).toUpperCase()}`, title: 'Negotiating', language: 'en' } }),
  'PATCH /api/admin/modules/{id}': async () => ({ path: `/api/admin/modules/${(await buildModule(db, { org: quietOrg })).id}`, body: { title: 'Renamed', retired: true } }),
  'POST /api/admin/rooms': async (actor) => ({ path: '/api/admin/rooms', body: { name: `Room ${actor.id.slice(0, 8)}`, site: 'Lisbon', capacity: 8, timeZone: 'Europe/Lisbon' } }),
  'PATCH /api/admin/rooms/{id}': async () => ({ path: `/api/admin/rooms/${(await buildRoom(db, { org: quietOrg })).id}`, body: { capacity: 10 } }),
  'PUT /api/me/availability': async () => ({ path: '/api/me/availability', body: { timeZone: 'Europe/Berlin', maxSessionsPerWeek: null, coachesOnline: true, sites: [], moduleIds: [], windows: [{ weekday: 1, from: '09:00', to: '12:00' }] } }),
  'PUT /api/admin/coaches/{id}/availability': async () => ({
    path: `/api/admin/coaches/${(await buildPerson(db, { org: quietOrg, roles: ['coach', 'employee'] })).id}/availability`, body: { timeZone: 'Europe/Berlin', maxSessionsPerWeek: null, coachesOnline: true, sites: [], moduleIds: [], windows: [{ weekday: 1, from: '09:00', to: '12:00' }] },
  }),
  'POST /api/admin/planner/proposals': async () => ({
    path: '/api/admin/planner/proposals', body: { weeks: 1, frequency: { every: 1, unit: 'month' }, virtualShare: 0.5, modules: [{ moduleId: quietModule.id }] },
  }),
  'PATCH /api/admin/planner/proposals/{id}': async (actor) => {
    const { id, sessionKey } = await quietProposal(actor);
    return { path: `/api/admin/planner/proposals/${id}`, body: { action: 'remove', sessionKey } };
  },
  'POST /api/admin/planner/proposals/{id}/publish': async (actor) => ({
    path: `/api/admin/planner/proposals/${(await quietProposal(actor)).id}/publish`, body: { onlineUrl: 'https://meet.example.test/plan' },
  }),
  'POST /api/me/absences': async () => ({ path: '/api/me/absences', body: { firstDay: later(24 * 100).toISOString().slice(0, 10), lastDay: later(24 * 102).toISOString().slice(0, 10), note: 'Leave' } }),
  'DELETE /api/me/absences/{id}': async (actor) => {
    const absence = await db.insertInto('coach_absences').values({
      org_id: quietOrg.id, coach_id: actor.id, first_day: '2031-01-06', last_day: '2031-01-07', starts_at: new Date('2031-01-06T00:00:00Z'), ends_at: new Date('2031-01-08T00:00:00Z'), note: null, withdrawn_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    return { path: `/api/me/absences/${absence.id}` };
  },
  'DELETE /api/me/calendar-feed': async () => ({ path: '/api/me/calendar-feed' }),
  'POST /api/sessions/{id}/suggestions': async () => ({ path: `/api/sessions/${(await reflectingSession()).id}/suggestions`, body: { title: 'Fewer meetings', area: 'Sales' } }),
  'PUT /api/sessions/{id}/reflection': async () => ({ path: `/api/sessions/${(await reflectingSession()).id}/reflection`, body: { noSuggestions: true } }),
  'PATCH /api/suggestions/{id}': async () => ({ path: `/api/suggestions/${(await suggestionOf()).id}`, body: { version: 1, title: 'Stand-ups of ten minutes' } }),
  'DELETE /api/suggestions/{id}': async () => ({ path: `/api/suggestions/${(await suggestionOf()).id}?version=1` }),
  'POST /api/admin/suggestion-categories': async (actor) => ({ path: '/api/admin/suggestion-categories', body: { nameEn: `Safety ${actor.id.slice(0, 8)}`, nameDe: 'Sicherheit' } }),
  'PATCH /api/admin/suggestion-categories/{id}': async () => {
    const category = await db.insertInto('suggestion_categories').values({ org_id: quietOrg.id, name_en: `Old ${newSecret().slice(0, 12)}`, name_de: 'Alt' })
      .returning('id').executeTakeFirstOrThrow();
    return { path: `/api/admin/suggestion-categories/${category.id}`, body: { nameDe: 'Neu', retired: true } };
  },
  'PUT /api/sessions/{id}/rating': async (actor) => ({ path: `/api/sessions/${(await heldBooking(actor)).session_id}/rating`, body: { rating: 4, comment: 'Useful' } }),
  'POST /api/ratings/by-link': async (actor) => {
    const token = newSecret();
    const booking = await heldBooking(actor);
    await db.insertInto('rating_links').values({ org_id: quietOrg.id, booking_id: booking.id, token_hash: hashSecret(token), expires_at: later(24 * 400) }).execute();
    return { path: '/api/ratings/by-link', body: { token, rating: 5 } };
  },
  'PATCH /api/board/suggestions/{id}': async () => ({ path: `/api/board/suggestions/${(await suggestionOf()).id}`, body: { version: 1, status: 'planned', response: 'In the next quarter' } }),
  'POST /api/board/suggestions/{id}/comments': async () => ({ path: `/api/board/suggestions/${(await suggestionOf()).id}/comments`, body: { body: 'Ask the team leads first' } }),
  'POST /api/board/suggestions/{id}/merge': async () => {
    const [duplicate, survivor] = [await suggestionOf(), await suggestionOf()];
    return { path: `/api/board/suggestions/${duplicate.id}/merge`, body: { intoId: survivor.id, version: 1 } };
  },
  'PUT /api/ideas/suggestions/{id}/support': async () => ({ path: `/api/ideas/suggestions/${(await openBoardSuggestion()).id}/support` }),
  'DELETE /api/ideas/suggestions/{id}/support': async (actor) => {
    const suggestion = await openBoardSuggestion();
    await db.insertInto('suggestion_supports').values({ org_id: quietOrg.id, suggestion_id: suggestion.id, person_id: actor.id }).execute();
    return { path: `/api/ideas/suggestions/${suggestion.id}/support` };
  },
  'PUT /api/admin/suggestion-owners/{personId}': async () => ({ path: `/api/admin/suggestion-owners/${(await buildPerson(db, { org: quietOrg })).id}`, body: { categoryIds: [], areas: ['Sales'] } }),
  'DELETE /api/admin/suggestion-owners/{personId}': async () => {
    const owner = await buildPerson(db, { org: quietOrg });
    await db.insertInto('suggestion_owners').values({ org_id: quietOrg.id, person_id: owner.id, areas: ['Logistics'] }).execute();
    return { path: `/api/admin/suggestion-owners/${owner.id}` };
  },
  'PUT /api/bookings/{id}/attendance': async () => {
    const booking = await buildBooking(db, { session: await sessionOf({ startsAt: hoursAfterPastMonday(-0.5) }) });
    return { path: `/api/bookings/${booking.id}/attendance`, body: { status: 'attended' } };
  },
};

const FROM_ELSEWHERE: Array<Record<string, string>> = [
  { origin: 'https://evil.example' },
  { origin: 'null' },
  { origin: t.url },
  { 'sec-fetch-site': 'cross-site' },
  { 'sec-fetch-site': 'same-site' },
];

describe.each(operations.filter((op) => op.method !== 'GET').map((op) => [`${op.method} ${op.path}`] as const))('%s from another site', (name) => {
  it('is refused with 403 FOREIGN_ORIGIN and changes nothing, while the same request from Quartet succeeds', async () => {
    const goodRequest = GOOD_REQUESTS[name];
    expect(goodRequest, `add a request that succeeds for ${name} to GOOD_REQUESTS`).toBeDefined();
    const actor = await buildPerson(db, { org: quietOrg, roles: ALL_ROLES });
    const cookie = await t.cookieFor(actor);
    const { path, body, headers: goodHeaders } = await goodRequest!(actor);
    const method = name.split(' ')[0]!;
    const before = await changes();
    for (const site of FROM_ELSEWHERE) {
      // fetch itself, not t.request, so that no Origin is added where the case has none.
      const headers = { cookie, ...(body !== undefined && { 'content-type': 'application/json' }), ...goodHeaders, ...site };
      const res = await fetch(`${t.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(res.status, JSON.stringify(site)).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'FOREIGN_ORIGIN', message: expect.any(String) });
    }
    expect(await changes()).toEqual(before);
    expect((await t.request('GET', '/api/me', { cookie })).status).toBe(200);

    const ours = await t.request(method, path, { cookie, body, headers: goodHeaders });
    expect(ours.status, await ours.text()).toBeLessThan(300);
  });
});
