// Roles on every admin operation, and one employee's bookings out of another's reach in the same
// organisation.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { inOrg } from '../src/db/transaction.ts';
import { proposePlan } from '../src/features/planner/service.ts';
import { startTestApp, type TestApp } from './app.ts';
import { hoursAfterReference } from './dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow } from './factories.ts';

let t: TestApp;
let org: OrgRow;
/** Suggestion owners made for the DELETE below: refused, each must still be there. */
const owners: string[] = [];
/** The person the erasure below names (its body types their address). */
let erasable: { email: string } | undefined;

beforeAll(async () => {
  t = await startTestApp();
  org = await buildOrganisation(t.database.db);
});

/** Operations only an admin may use, each with a request that an admin could make. */
interface AdminOperation {
  method: string;
  path: string | (() => Promise<string>);
  body?: unknown;
  type?: string;
}

/** A webhook endpoint of the organisation (with a delivery that failed, for 'delivery'): its id. */
async function webhook(kind: 'endpoint' | 'delivery'): Promise<string> {
  const { rows } = await sql<{ endpoint: string; delivery: string }>`
    with w as (insert into webhook_endpoints (org_id, url, events, secret) values (${org.id}, 'http://127.0.0.1:9/kept', '{booking.created}', 'whsec_roles') returning id),
    e as (insert into webhook_events (org_id, type, payload) values (${org.id}, 'booking.created', '{}') returning id),
    d as (insert into webhook_deliveries (org_id, event_id, endpoint_id, status) select ${org.id}, e.id, w.id, 'failed' from e, w returning id)
    select w.id as endpoint, d.id as delivery from w, d`.execute(t.database.db);
  return kind === 'endpoint' ? rows[0]!.endpoint : rows[0]!.delivery;
}

/** A planner's draft of the organisation with one session: a coach of its own free one Tuesday morning (08:00–12:00: the planner's 90-minute blocks start at 08:00), in a week of its own. */
let plannedWeeks = 0;
async function planProposal(): Promise<string> {
  const db = t.database.db;
  const module = await buildModule(db, { org });
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  await db.insertInto('coach_availability').values({ org_id: org.id, person_id: coach.id, time_zone: 'Europe/Berlin', max_sessions_per_week: 1, module_ids: [module.id] }).execute();
  await db.insertInto('coach_windows').values({ org_id: org.id, person_id: coach.id, weekday: 2, starts_minute: 480, ends_minute: 720 }).execute();
  const monday = hoursAfterReference(24 * 7 * (10 + 2 * plannedWeeks++)).toISOString().slice(0, 10); // REFERENCE_MONDAY is a Monday
  const actor = { orgId: org.id, personId: admin.id, roles: admin.roles, timeZone: admin.time_zone, locale: admin.locale };
  return inOrg(db, org.id, (tx) => proposePlan(tx, actor, {
    weeks: 1, startsOn: monday, departments: [], sites: [], frequency: { every: 1, unit: 'week' }, modules: [{ moduleId: module.id }], virtualShare: 1,
    workingHours: { from: '08:00', to: '18:00' },
  }));
}

const ADMIN_ONLY: AdminOperation[] = [
  { method: 'GET', path: '/api/admin/webhooks' },
  { method: 'POST', path: '/api/admin/webhooks', body: { url: 'http://127.0.0.1:9/roles', events: ['booking.created'] } },
  { method: 'PATCH', path: async () => `/api/admin/webhooks/${await webhook('endpoint')}`, body: { description: 'Changed by roles' } },
  { method: 'POST', path: async () => `/api/admin/webhooks/${await webhook('endpoint')}/rotate-secret` },
  { method: 'GET', path: async () => `/api/admin/webhooks/${await webhook('endpoint')}/deliveries` },
  { method: 'POST', path: async () => `/api/admin/webhooks/deliveries/${await webhook('delivery')}/redeliver` },
  { method: 'DELETE', path: async () => `/api/admin/webhooks/${await webhook('endpoint')}` },
  { method: 'PATCH', path: '/api/settings', body: { maxFutureBookings: 4 } },
  { method: 'GET', path: '/api/audit-log' },
  { method: 'GET', path: '/api/tokens' },
  { method: 'POST', path: '/api/tokens', body: { name: 'hr', scopes: ['read'] } },
  { method: 'GET', path: '/api/sso-settings' },
  { method: 'GET', path: '/api/admin/messages' },
  { method: 'GET', path: '/api/admin/sessions-needing-coach' },
  { method: 'GET', path: '/api/admin/coaches/availability' },
  { method: 'GET', path: async () => `/api/admin/coaches/${(await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] })).id}/availability` },
  { method: 'PUT', path: async () => `/api/admin/coaches/${(await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] })).id}/availability`, body: { timeZone: 'Europe/Berlin', maxSessionsPerWeek: null, coachesOnline: true, sites: [], moduleIds: [], windows: [{ weekday: 1, from: '09:00', to: '12:00' }] } },
  { method: 'GET', path: async () => `/api/sessions/${(await buildSession(t.database.db, { org })).id}/coach-candidates` },
  { method: 'GET', path: '/api/admin/planner/demand-options' },
  { method: 'GET', path: '/api/admin/planner/supply' },
  { method: 'POST', path: '/api/admin/planner/proposals', body: async () => ({ weeks: 1, frequency: { every: 1, unit: 'month' }, virtualShare: 0.5, modules: [{ moduleId: (await buildModule(t.database.db, { org })).id }] }) },
  { method: 'GET', path: async () => `/api/admin/planner/proposals/${await planProposal()}` },
  { method: 'PATCH', path: async () => `/api/admin/planner/proposals/${await planProposal()}`, body: { action: 'remove', sessionKey: 's1' } },
  { method: 'POST', path: async () => `/api/admin/planner/proposals/${await planProposal()}/publish`, body: { onlineUrl: 'https://meet.example.test/plan' } },
  { method: 'GET', path: '/api/admin/people?q=a' },
  { method: 'PATCH', path: async () => `/api/admin/people/${(await buildPerson(t.database.db, { org })).id}`, body: { department: 'Legal' } },
  {
    method: 'POST', path: async () => `/api/admin/people/${(erasable = await buildPerson(t.database.db, { org })).id}/erasure`,
    body: async () => ({ confirmEmail: erasable!.email }),
  },
  { method: 'POST', path: '/api/admin/modules', body: { code: 'ROLE-TEST', title: 'Roles', language: 'en' } },
  { method: 'POST', path: '/api/admin/rooms', body: { name: 'Roles room', site: 'Hamburg', capacity: 6, timeZone: 'Europe/Berlin' } },
  { method: 'GET', path: '/api/admin/dashboard' },
  { method: 'GET', path: '/api/admin/network' },
  { method: 'GET', path: '/api/admin/privacy-notice' },
  {
    method: 'PUT', path: '/api/admin/privacy-notice',
    body: { controllerName: 'Roles GmbH', controllerAddress: 'Roles Street 1', contactEmail: 'dpo@roles.test', authorityName: 'Roles Authority' },
  },
  { method: 'GET', path: '/api/admin/privacy/records' },
  { method: 'GET', path: '/api/admin/retention' },
  { method: 'GET', path: '/api/admin/setup-checklist' },
  { method: 'PUT', path: '/api/admin/retention', body: { mailDays: 60 } },
  { method: 'POST', path: '/api/admin/suggestion-categories', body: { nameEn: 'Roles category', nameDe: 'Rollenkategorie' } },
  {
    method: 'PATCH',
    path: async () => {
      const category = await t.database.db.insertInto('suggestion_categories').values({ org_id: org.id, name_en: `Kept ${randomUUID()}`, name_de: 'Behalten' })
        .returning('id').executeTakeFirstOrThrow();
      return `/api/admin/suggestion-categories/${category.id}`;
    },
    body: { nameDe: 'Umbenannt', retired: true },
  },
  {
    method: 'POST',
    path: async () => {
      const recipient = await buildPerson(t.database.db, { org });
      const failed = await t.database.db.insertInto('outgoing_messages')
        .values({ org_id: org.id, kind: 'login_link', recipient_id: recipient.id, booking_id: null, session_id: null, calendar_sequence: null, dedupe_key: null, status: 'failed', last_error: 'SMTP 550' })
        .returning('id').executeTakeFirstOrThrow();
      return `/api/admin/messages/${failed.id}/retry`;
    },
  },
  { method: 'GET', path: '/api/admin/suggestion-owners' },
  { method: 'PUT', path: async () => `/api/admin/suggestion-owners/${(await buildPerson(t.database.db, { org })).id}`, body: { categoryIds: [], areas: ['Roles area'] } },
  {
    method: 'DELETE',
    path: async () => {
      const owner = await buildPerson(t.database.db, { org });
      await t.database.db.insertInto('suggestion_owners').values({ org_id: org.id, person_id: owner.id, areas: ['Kept area'] }).execute();
      owners.push(owner.id);
      return `/api/admin/suggestion-owners/${owner.id}`;
    },
  },
  { method: 'PUT', path: '/api/sso-settings', body: { issuer: null, clientId: null, allowedDomains: [], createPeople: false, loginLinkAllowed: true } },
  { method: 'POST', path: '/api/admin/people/import?dryRun=true', body: 'name,email\nAna,ana@example.test\n', type: 'text/csv' },
  {
    method: 'POST',
    path: async () => `/api/sessions/${(await buildSession(t.database.db, { org, startsAt: hoursAfterReference(72) })).id}/reassign`,
    body: async () => ({ coachId: (await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] })).id }),
  },
];

describe('roles', () => {
  it.each(['employee', 'coach'] as const)('refuses every admin operation to a %s (403) and changes nothing', async (role) => {
    const person = await buildPerson(t.database.db, { org, roles: role === 'coach' ? ['coach', 'employee'] : ['employee'] });
    const cookie = await t.cookieFor(person);
    for (const op of ADMIN_ONLY) {
      const path = typeof op.path === 'string' ? op.path : await op.path();
      const body = typeof op.body === 'function' ? await (op.body as () => Promise<unknown>)() : op.body;
      const res = await t.request(op.method, path, { cookie, body, headers: op.type ? { 'content-type': op.type } : {} });
      expect(res.status, `${op.method} ${path}`).toBe(403);
    }
    const settings = await t.database.db.selectFrom('organisations').where('id', '=', org.id).select('max_future_bookings').executeTakeFirstOrThrow();
    expect(settings.max_future_bookings).toBe(2);
    expect(await t.database.db.selectFrom('api_tokens').where('org_id', '=', org.id).selectAll().execute()).toEqual([]);
    expect(await t.database.db.selectFrom('privacy_notice_details').where('org_id', '=', org.id).selectAll().execute()).toEqual([]);
    const categories = await t.database.db.selectFrom('suggestion_categories').where('org_id', '=', org.id).select(['name_en', 'name_de', 'retired_at']).execute();
    expect(categories.filter((c) => c.name_en === 'Roles category' || c.name_de === 'Umbenannt' || c.retired_at !== null)).toEqual([]);
    const kept = await t.database.db.selectFrom('suggestion_owners').where('org_id', '=', org.id).select(['person_id', 'areas']).execute();
    expect(kept.map((o) => o.areas)).not.toContainEqual(['Roles area']);
    expect(kept.map((o) => o.person_id)).toEqual(expect.arrayContaining(owners));
    const { rows: hooks } = await sql<{ url: string; description: string; secret: string; status: string | null }>`
      select w.url, w.description, w.secret, d.status from webhook_endpoints w left join webhook_deliveries d on d.endpoint_id = w.id
      where w.org_id = ${org.id}`.execute(t.database.db);
    expect(hooks.filter((h) => h.url !== 'http://127.0.0.1:9/kept' || h.description !== '' || h.secret !== 'whsec_roles' || (h.status ?? 'failed') !== 'failed')).toEqual([]);
  });

  it('lets an admin do each of them', async () => {
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const cookie = await t.cookieFor(admin);
    for (const op of ADMIN_ONLY) {
      const path = typeof op.path === 'string' ? op.path : await op.path();
      const body = typeof op.body === 'function' ? await (op.body as () => Promise<unknown>)() : op.body;
      const res = await t.request(op.method, path, { cookie, body, headers: op.type ? { 'content-type': op.type } : {} });
      expect(res.status, `${op.method} ${path}: ${await res.text()}`).toBeLessThan(300);
    }
  });
});

describe('cohorts', () => {
  it('refuses every cohort operation to an employee (403), changing nothing', async () => {
    const cookie = await t.cookieFor(await buildPerson(t.database.db, { org }));
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const cohort = await t.database.db.insertInto('cohorts').values({
      org_id: org.id, name: 'Roles cohort', module_id: (await buildModule(t.database.db, { org })).id, rounds: 1, time_zone: 'Europe/Berlin',
      duration_minutes: 90, format: 'virtual', seed: 1, created_by: coach.id,
    }).returning('id').executeTakeFirstOrThrow();
    const operations: Array<[string, string, unknown]> = [
      ['GET', '/api/cohorts', undefined], ['GET', `/api/cohorts/${cohort.id}`, undefined],
      ['POST', '/api/cohorts', { name: 'No', moduleId: randomUUID(), personIds: [coach.id, randomUUID()], rounds: 1, timeZone: 'Europe/Berlin', firstStartsAt: hoursAfterReference(24).toISOString(), everyWeeks: 1, format: 'virtual', coachIds: [coach.id], onlineUrls: ['https://meet.example.test/r'] }],
      ['POST', `/api/cohorts/${cohort.id}/moves`, { round: 0, personId: coach.id, toGroup: 1 }],
      ['POST', `/api/cohorts/${cohort.id}/solve`, {}],
      ['POST', `/api/cohorts/${cohort.id}/publish`, undefined],
      ['POST', `/api/cohorts/${cohort.id}/swaps`, { round: 0, personId: coach.id }],
    ];
    for (const [method, path, body] of operations) expect((await t.request(method, path, { cookie, body })).status, `${method} ${path}`).toBe(403);
    expect(await t.database.db.selectFrom('cohorts').where('org_id', '=', org.id).select(['id', 'solver_status']).execute()).toEqual([{ id: cohort.id, solver_status: 'queued' }]);
  });
});

describe("another employee's booking in the same organisation", () => {
  it('cannot be read, cancelled, moved or marked (404), and stays as it was', async () => {
    const module = await buildModule(t.database.db, { org });
    const session = await buildSession(t.database.db, { org, module, startsAt: hoursAfterReference(48) });
    const other = await buildSession(t.database.db, { org, module, startsAt: hoursAfterReference(96) });
    const theirs = await buildBooking(t.database.db, { session });
    const cookie = await t.cookieFor(await buildPerson(t.database.db, { org }));
    const attempts: Array<[string, string, unknown]> = [
      ['GET', `/api/bookings/${theirs.id}`, undefined],
      ['POST', `/api/bookings/${theirs.id}/cancel`, undefined],
      ['POST', `/api/bookings/${theirs.id}/move`, { sessionId: other.id }],
      ['PUT', `/api/bookings/${theirs.id}/attendance`, { status: 'no_show' }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await t.request(method, path, { cookie, body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const after = await t.database.db.selectFrom('bookings').where('id', '=', theirs.id).select(['status', 'session_id']).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'active', session_id: session.id });
  });
});

describe("another person's data export in the same organisation", () => {
  it('cannot be downloaded, even by an admin (404), and stays for its person', async () => {
    const owner = await buildPerson(t.database.db, { org });
    const { rows: [theirs] } = await sql<{ id: string }>`
      insert into data_exports (org_id, person_id, status, ready_at, expires_at, archive, archive_bytes)
      values (${org.id}, ${owner.id}, 'ready', now(), now() + interval '7 days', '\\x504b0506', 4) returning id`.execute(t.database.db);
    for (const roles of [['employee'], ['coach', 'employee'], ['admin', 'employee']] as const) {
      const cookie = await t.cookieFor(await buildPerson(t.database.db, { org, roles: [...roles] }));
      const res = await t.request('GET', `/api/me/data-export/${theirs!.id}/download`, { cookie });
      expect(res.status, roles.join(',')).toBe(404);
    }
    const after = await sql<{ status: string }>`select status from data_exports where id = ${theirs!.id}`.execute(t.database.db);
    expect(after.rows).toEqual([{ status: 'ready' }]);
  });
});

describe('the open board while the organisation keeps it closed', () => {
  it('refuses each of its operations to an employee and a coach (403 BOARD_CLOSED); an admin reads it, supporting nothing', async () => {
    const session = await buildSession(t.database.db, { org, startsAt: hoursAfterReference(24) });
    const suggestion = await t.database.db.insertInto('suggestions').values({ org_id: org.id, session_id: session.id, module_id: session.module_id, title: 'Closed board idea' })
      .returning('id').executeTakeFirstOrThrow();
    const operations: Array<[string, string]> = [
      ['GET', '/api/ideas/suggestions'], ['GET', `/api/ideas/suggestions/${suggestion.id}`],
      ['PUT', `/api/ideas/suggestions/${suggestion.id}/support`], ['DELETE', `/api/ideas/suggestions/${suggestion.id}/support`],
    ];
    for (const roles of [['employee'], ['coach', 'employee']] as const) {
      const cookie = await t.cookieFor(await buildPerson(t.database.db, { org, roles: [...roles] }));
      for (const [method, path] of operations) {
        const res = await t.request(method, path, { cookie });
        expect(res.status, `${roles.join(',')} ${method} ${path}`).toBe(403);
        expect((await res.json()).code).toBe('BOARD_CLOSED');
      }
    }
    const admin = await t.cookieFor(await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] }));
    expect((await t.request('GET', `/api/ideas/suggestions/${suggestion.id}`, { cookie: admin })).status).toBe(200);
    expect((await t.request('PUT', `/api/ideas/suggestions/${suggestion.id}/support`, { cookie: admin })).status).toBe(403);
    expect(await t.database.db.selectFrom('suggestion_supports').where('org_id', '=', org.id).selectAll().execute()).toEqual([]);
  });
});
