// No figure about fewer than five people, across every route that answers with one (issue 15;
// src/lib/privacy-floor.ts). Two organisations are built alike, one where each figure is about
// exactly four people and one where it is about exactly five; every figure route is called through
// HTTP as a role allowed to see it, and must withhold in the first and show in the second. Which
// routes those are is checked against the app itself: every /api route Fastify serves is either a
// figure route (tagged FIGURES_TAG in the OpenAPI document, and called below) or listed in
// NOT_FIGURES with the reason — so a new route fails here until someone decided.
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { countDueEncounters } from '../src/features/encounters/service.ts';
import { FIGURES_TAG, PRIVACY_FLOOR } from '../src/lib/privacy-floor.ts';
import { startTestApp, type TestApp } from './app.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from './factories.ts';
import { placeSuggestions } from './suggestion-fixtures.ts';

let t: TestApp;
const HOUR = 3_600_000;

/** Routes answering with a figure about people: what the figure is. Each is called below at 4 and at 5. */
const FIGURE_ROUTES: Record<string, string> = {
  'GET /api/admin/dashboard': "seats taken, bookings and cancellations per week; the quarter's attended and booked, seats taken, attendances, no-shows and reach",
  'GET /api/admin/network': 'people taking part, averages, partner bands, department heat map',
  'GET /api/feedback': 'ratings: count, average and comments by module, coach and session',
  'GET /api/board/suggestions': 'support counts',
  'GET /api/board/suggestions/{id}': 'the support count',
  'PATCH /api/board/suggestions/{id}': 'the support count of the changed suggestion',
  'POST /api/board/suggestions/{id}/comments': 'the support count of the suggestion noted on',
  'POST /api/board/suggestions/{id}/merge': "the survivor's support count",
  'GET /api/board/export.csv': 'support counts (export of figures)',
  'GET /api/board/export.xlsx': 'support counts (export of figures)',
  'GET /api/ideas/suggestions': 'support counts',
  'GET /api/ideas/suggestions/{id}': 'the support count',
  'PUT /api/ideas/suggestions/{id}/support': 'the support count after supporting',
  'DELETE /api/ideas/suggestions/{id}/support': 'the support count after withdrawing',
  'GET /api/admin/planner/supply': 'the last four weeks’ fill rate (seats taken by people), and the people waiting in lines',
  'POST /api/admin/planner/proposals': 'the proposal made: per week, the seats for people waiting in lines',
  'GET /api/admin/planner/proposals/{id}': 'per week, the seats for people waiting in lines',
  'PATCH /api/admin/planner/proposals/{id}': 'the proposal changed: per week, the seats for people waiting in lines',
  'POST /api/admin/planner/proposals/{id}/publish': 'the proposal published: per week, the seats for people waiting in lines',
};

const WRITES = 'changes data; answers with the object changed, no figure about people';
const OWN = "the signed-in person's own data, not a figure about others";
const OBJECTS = 'lists or shows objects (no counts of people)';
/** Every other /api route, and why it is not a figure about people. */
const NOT_FIGURES: Record<string, string> = {
  'GET /api/me': OWN,
  'PATCH /api/me': OWN,
  'GET /api/me/bookings': OWN,
  'GET /api/me/absences': OWN,
  'POST /api/me/absences': OWN,
  'DELETE /api/me/absences/{id}': OWN,
  'GET /api/me/calendar-feed': OWN,
  'POST /api/me/calendar-feed': OWN,
  'DELETE /api/me/calendar-feed': OWN,
  'GET /api/me/calendar-overlay': OWN,
  'PUT /api/me/calendar-overlay': OWN,
  'DELETE /api/me/calendar-overlay': OWN,
  'GET /api/me/calendar-overlay/busy': "the signed-in person's own busy times from their own calendar, not a figure about others",
  'GET /api/me/coached-sessions': OWN,
  'GET /api/session': OWN,
  'GET /api/me/ratings': OWN,
  'GET /api/me/suggestions': "the person's sessions' suggestions and what became of them; no counts of people",
  'GET /api/me/network': 'the colleagues the person met in their own sessions, face to face, as counts (no one else is described)',
  'POST /api/auth/login-link': WRITES,
  'POST /api/auth/session': WRITES,
  'POST /api/auth/logout': WRITES,
  'POST /api/auth/logout-everywhere': WRITES,
  'GET /api/auth/sso/start': 'a redirect',
  'GET /api/auth/sso/callback': 'a redirect',
  'GET /api/sessions': 'open sessions with seats left: the booking itself needs them; the mixing hint has its own rule (mixing/presenters.ts, docs/PRIVACY.md)',
  'GET /api/sessions/{id}': 'one session with seats left (needed to book); participants only where the organisation shows them',
  'GET /api/sessions/{id}/seat-check': "which of the signed-in person's own rules would refuse them a seat; the mixing rule, the one built from others' seats, is left out",
  'POST /api/sessions': WRITES,
  'PATCH /api/sessions/{id}': WRITES,
  'POST /api/sessions/{id}/cancel': WRITES,
  'POST /api/sessions/{id}/reassign': WRITES,
  'GET /api/sessions/{id}/roster': "the coach's and admins' roster: names, by purpose; not a statistic",
  'POST /api/sessions/series': WRITES,
  'POST /api/sessions/series/check': 'dates checked for room and coach',
  'POST /api/sessions/{id}/bookings': WRITES,
  'POST /api/bookings/{id}/cancel': WRITES,
  'POST /api/bookings/{id}/move': WRITES,
  'POST /api/sessions/{id}/waitlist': "your own place in the line: your position, not how many wait",
  'DELETE /api/sessions/{id}/waitlist': WRITES,
  'GET /api/me/waitlist': OWN,
  'POST /api/me/waitlist/offers/{id}/accept': WRITES,
  'POST /api/me/waitlist/offers/{id}/decline': WRITES,
  'GET /api/bookings/{id}': OWN,
  'PUT /api/bookings/{id}/attendance': WRITES,
  'GET /api/bookings/{id}/calendar.ics': OWN,
  'PUT /api/sessions/{id}/rating': OWN,
  'POST /api/ratings/by-link': OWN,
  'GET /api/sessions/{id}/suggestions': "the group's own suggestions, read by the group",
  'POST /api/sessions/{id}/suggestions': WRITES,
  'PUT /api/sessions/{id}/reflection': WRITES,
  'PATCH /api/suggestions/{id}': WRITES,
  'DELETE /api/suggestions/{id}': WRITES,
  'GET /api/suggestion-categories': OBJECTS,
  'POST /api/admin/suggestion-categories': WRITES,
  'PATCH /api/admin/suggestion-categories/{id}': WRITES,
  'GET /api/board/access': 'what the reader may do on the board',
  'GET /api/board/campaigns/{moduleId}': 'counts of sessions and of suggestions, which have no author; the same readers see every suggestion with its session on the board, so the counts describe no person',
  'GET /api/admin/suggestion-owners': OBJECTS,
  'PUT /api/admin/suggestion-owners/{personId}': WRITES,
  'DELETE /api/admin/suggestion-owners/{personId}': WRITES,
  'GET /api/cohorts': "cohorts with their size: the admin or coach chose every member by name; the size describes no one they cannot see",
  'GET /api/cohorts/{id}': "the preview's figures (repeats, departments per group, new colleagues) are about a schedule of people the same answer names, made by its reader: withholding them would hide nothing",
  'POST /api/cohorts': WRITES,
  'POST /api/cohorts/{id}/moves': WRITES,
  'POST /api/cohorts/{id}/solve': WRITES,
  'POST /api/cohorts/{id}/publish': WRITES,
  'POST /api/cohorts/{id}/swaps': WRITES,
  'GET /api/settings': OBJECTS,
  'PATCH /api/settings': WRITES,
  'GET /api/modules': OBJECTS,
  'GET /api/rooms': OBJECTS,
  'GET /api/coaches': OBJECTS,
  'POST /api/admin/modules': WRITES,
  'PATCH /api/admin/modules/{id}': WRITES,
  'POST /api/admin/rooms': WRITES,
  'PATCH /api/admin/rooms/{id}': WRITES,
  'GET /api/admin/people': "the admin's directory: one person per row (their upcoming bookings are that person's record), no figure about a group",
  'PATCH /api/admin/people/{id}': WRITES,
  'POST /api/admin/people/import': 'counts of rows created and updated by the admin\'s own file',
  'GET /api/admin/messages': OBJECTS,
  'POST /api/admin/messages/{id}/retry': WRITES,
  'GET /api/admin/sessions-needing-coach': OBJECTS,
  'GET /api/admin/webhooks': OBJECTS,
  'POST /api/admin/webhooks': WRITES,
  'PATCH /api/admin/webhooks/{id}': WRITES,
  'DELETE /api/admin/webhooks/{id}': WRITES,
  'POST /api/admin/webhooks/{id}/rotate-secret': WRITES,
  'GET /api/admin/webhooks/{id}/deliveries': OBJECTS,
  'POST /api/admin/webhooks/deliveries/{id}/redeliver': WRITES,
  'GET /api/audit-log': OBJECTS,
  'GET /api/tokens': OBJECTS,
  'POST /api/tokens': WRITES,
  'POST /api/tokens/{id}/revoke': WRITES,
  'GET /api/sso-settings': OBJECTS,
  'PUT /api/sso-settings': WRITES,
  'GET /api/operator/organisations': "each organisation's total of active people and of admins: the organisation as a whole, which the operator hosts and bills, not a small group within it",
  'POST /api/operator/organisations': WRITES,
  'POST /api/operator/organisations/{id}/suspend': WRITES,
  'POST /api/operator/organisations/{id}/resume': WRITES,
  'POST /api/operator/organisations/{id}/admins': WRITES,
  'GET /api/operator/domain-claims': OBJECTS,
  'POST /api/operator/domain-claims/{id}/approve': WRITES,
  'POST /api/operator/domain-claims/{id}/reject': WRITES,
  'GET /api/operator/organisations/{id}/export': "the leaving organisation's own records handed back whole, not statistics",
  'POST /api/operator/organisations/{id}/delete': WRITES,
  'GET /api/auth/sso/available': 'whether single sign-on is offered',
  'GET /api/privacy-notice': OBJECTS,
  'GET /api/admin/privacy-notice': OBJECTS,
  'PUT /api/admin/privacy-notice': WRITES,
  'POST /api/me/privacy-notice/seen': OWN,
  'GET /api/admin/retention': "rows the admin's own retention rules will remove next: records to act on (the people behind them are in the admin's directory by name), not a statistic about a group",
  'PUT /api/admin/retention': WRITES,
  'GET /api/admin/setup-checklist': 'whether the organisation has rooms, coaches, five people, sign-ins and sessions: yes or no per step, no count of anyone',
  'POST /api/me/data-export': OWN,
  'GET /api/me/data-export': OWN,
  'GET /api/me/data-export/{id}/download': OWN,
  'POST /api/me/erasure-request': OWN,
  'POST /api/me/erasure/preview': OWN,
  'POST /api/me/erasure': OWN,
  'POST /api/admin/people/{id}/erasure': WRITES,
  'GET /api/admin/privacy/records': 'the records of processing: declarations about columns, no data about anyone',
  'GET /api/me/availability': OWN,
  'PUT /api/me/availability': OWN,
  'GET /api/admin/coaches/availability': "each coach's own windows and limits, one coach per row, for planning: a record per person, not a figure about a group",
  'GET /api/admin/coaches/{id}/availability': "one coach's windows and limits",
  'PUT /api/admin/coaches/{id}/availability': WRITES,
  'GET /api/sessions/{id}/coach-candidates': 'coaches who could take a session, each by name with why not: a list to choose from, no figure',
  'GET /api/admin/planner/demand-options': 'the departments, sites and modules a demand can name, and how many coaches gave their availability: choices, no figure about people',
};

/** "METHOD /path/{param}" for every route Fastify serves, read from its printed route tree (as test/fuzz.db.test.ts). */
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

/** The figure routes called in this run, at each size: every one must be, at both. */
const called = new Map<number, Set<string>>([[4, new Set()], [5, new Set()]]);

interface Boundary {
  n: number;
  org: OrgRow;
  admin: PersonRow;
  coach: PersonRow;
  people: PersonRow[];
  suggestion: string;
  duplicate: string;
  cookie: (p: PersonRow) => Promise<string>;
}

/**
 * An organisation where every figure is about exactly `n` people of Legal: they all took part in
 * one session (five seats) that ended, rated it (at 4: one of them also rated a second session, so
 * five ratings from four people), gave up a seat in a later session, support one suggestion, and
 * wait in the line of a session next week (the planner's demand; the coach has availability).
 * Five employees of Sales never take part, so "did not take part" is never the small group.
 */
async function boundaryOrganisation(n: number): Promise<Boundary> {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  await db.updateTable('organisations').set({ board_open_to_employees: true }).where('id', '=', org.id).execute();
  const admin = await buildPerson(db, { org, roles: ['admin'], department: 'People team' });
  const coach = await buildPerson(db, { org, roles: ['coach'], department: 'Coaching' });
  const module = await buildModule(db, { org, title: `Listening ${n}` });
  const people = await Promise.all(Array.from({ length: n }, (_, i) => buildPerson(db, { org, department: 'Legal', name: `Legal ${n}.${i}` })));
  await Promise.all(Array.from({ length: 5 }, (_, i) => buildPerson(db, { org, department: 'Sales', name: `Sales ${n}.${i}` })));

  const held = async (startsAt: Date, seated: PersonRow[]) => {
    const session = await buildSession(db, { org, coach, module, startsAt, capacity: 5 });
    for (const person of seated) {
      const booking = await buildBooking(db, { session, person });
      await db.updateTable('bookings').set({ status: 'attended' }).where('id', '=', booking.id).execute();
      await db.insertInto('session_ratings').values({ org_id: org.id, session_id: session.id, person_id: person.id, rating: 4, comment: `Said by ${person.name}` }).execute();
    }
    return session;
  };
  const session = await held(new Date(Date.now() - 3 * HOUR), people);
  if (n === 4) await held(new Date(Date.now() - 6 * HOUR), people.slice(0, 1));
  const later = await buildSession(db, { org, coach, module, startsAt: new Date(Date.now() + 48 * HOUR), capacity: 5 });
  for (const person of people) {
    const booking = await buildBooking(db, { session: later, person });
    await db.updateTable('bookings').set({ status: 'cancelled', cancelled_at: new Date(), cancel_reason: 'employee' }).where('id', '=', booking.id).execute();
  }
  await countDueEncounters(t.ctx.db);
  // The line: a figure about these people, however full the session (a line of an open one is the database's concern, not this test's).
  const nextMonday = DateTime.utc().startOf('day').plus({ days: 8 - DateTime.utc().weekday });
  const awaited = await buildSession(db, { org, coach, module, startsAt: nextMonday.plus({ days: 1, hours: 10 }).toJSDate(), capacity: 5 });
  await db.insertInto('waitlist_entries').values(people.map((p) => ({ org_id: org.id, session_id: awaited.id, person_id: p.id }))).execute();
  await db.insertInto('coach_availability').values({ org_id: org.id, person_id: coach.id, time_zone: 'Europe/Berlin', max_sessions_per_week: 5, coaches_online: true }).execute();
  await db.insertInto('coach_windows').values([1, 2, 3, 4, 5].map((weekday) => ({ org_id: org.id, person_id: coach.id, weekday, starts_minute: 540, ends_minute: 1020 }))).execute();

  const [suggestion, duplicate] = await placeSuggestions(db, { org, session }, [{ title: 'Shorter stand-ups' }, { title: 'Short stand-ups' }]);
  // All but the last support it here; the last through the API below.
  await db.insertInto('suggestion_supports').values(people.slice(0, -1).map((p) => ({ org_id: org.id, suggestion_id: suggestion!.id, person_id: p.id }))).execute();
  return { n, org, admin, coach, people, suggestion: suggestion!.id, duplicate: duplicate!.id, cookie: (p) => t.cookieFor(p) };
}

/** Calls a figure route, recording that it was checked at this size. */
async function figure(b: Boundary, route: string, as: PersonRow, path: string, body?: unknown) {
  expect(FIGURE_ROUTES, `${route} is not a figure route`).toHaveProperty([route]);
  called.get(b.n)!.add(route);
  const res = await t.request(route.split(' ')[0]!, path, { cookie: await b.cookie(as), ...(body === undefined ? {} : { body }) });
  expect(res.status, `${route} at ${b.n}: ${res.status}`).toBeLessThan(300);
  return res;
}
const json = async (res: Response) => (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

describe('the routes checked', () => {
  it('are every route tagged with the figures tag, and every other /api route says why it has no figure about people', async () => {
    const api = servedRoutes().filter((r) => / \/api\//.test(r) && !/ \/api\/(docs|openapi\.json)/.test(r));
    expect(api.length).toBeGreaterThan(50);
    const unclassified = api.filter((r) => !(r in FIGURE_ROUTES) && !(r in NOT_FIGURES));
    expect(unclassified, 'a new route: add it to FIGURE_ROUTES (and check it below) or to NOT_FIGURES with the reason').toEqual([]);
    const gone = [...Object.keys(FIGURE_ROUTES), ...Object.keys(NOT_FIGURES)].filter((r) => !api.includes(r));
    expect(gone, 'routes the app no longer serves').toEqual([]);
    expect(Object.keys(FIGURE_ROUTES).filter((r) => r in NOT_FIGURES)).toEqual([]);

    const doc = (await (await t.request('GET', '/api/openapi.json')).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const tagged = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops)
      .filter(([, op]) => op.tags?.includes(FIGURES_TAG)).map(([method]) => `${method.toUpperCase()} ${path}`));
    expect(tagged.sort()).toEqual(Object.keys(FIGURE_ROUTES).sort());
  });
});

describe.each([4, 5])('an organisation where every figure is about %i people', (n) => {
  const shown = n >= PRIVACY_FLOOR;
  let b: Boundary;
  beforeAll(async () => {
    b = await boundaryOrganisation(n);
  });

  it('dashboard: the weeks\' seats taken, bookings and cancellations, and the quarter\'s participation', async () => {
    const body = await json(await figure(b, 'GET /api/admin/dashboard', b.admin, '/api/admin/dashboard?weeksBack=2&weeksAhead=3'));
    const weeks = body.weeks as Array<Record<string, number | null>>;
    for (const key of ['seatsTaken', 'bookings', 'cancellations']) {
      const values = weeks.map((w) => w[key]);
      // Nobody is shown as 0; the week with the people is the one figure, shown or withheld.
      const withPeople = values.filter((v) => v !== 0);
      expect(withPeople.length, key).toBeGreaterThan(0);
      if (shown) expect(withPeople.every((v) => typeof v === 'number' && v >= n), key).toBe(true);
      else expect(withPeople.every((v) => v === null), key).toBe(true);
    }
    expect(body.quarter.employees).toBe(n + 5);
    expect(body.quarter.attended).toBe(shown ? n : null);
    expect(body.quarter.attendedShare).toBe(shown ? n / (n + 5) : null);
    expect(body.quarter.booked).toBe(0);
    const held = body.quarter.held;
    expect(held.seatsTaken).toBe(shown ? n : null);
    expect(held.fillRate === null).toBe(!shown);
    expect([held.attendances, held.noShows, held.attendanceRate]).toEqual(shown ? [n, 0, 1] : [null, null, null]);
    // Legal (the n) is a department of the reach only at five; the reach is withheld with attended.
    expect(body.quarter.reach.departments).toEqual(shown ? { reached: 1, of: 2, share: 0.5 } : { reached: null, of: 1, share: null });
  });

  it('planner supply: the last weeks’ fill rate and the people waiting', async () => {
    const body = await json(await figure(b, 'GET /api/admin/planner/supply', b.admin, '/api/admin/planner/supply'));
    expect(body.minimumPeople).toBe(PRIVACY_FLOOR);
    // At four, five seats were taken by four people: the rate is withheld, not counted by seats.
    expect(body.fillRate === null).toBe(!shown);
    expect(body.fillRateWithheld).toBe(!shown);
    expect(body.waiting).toBe(shown ? n : null);
  });

  it('network: people, averages, bands and the heat map', async () => {
    const body = await json(await figure(b, 'GET /api/admin/network', b.admin, '/api/admin/network'));
    expect(body.minimumPeople).toBe(PRIVACY_FLOOR);
    expect(body.people).toBe(shown ? n : null);
    for (const key of ['attendances', 'newColleaguesPerAttendance', 'colleaguesPerAttendance', 'crossDepartmentShare']) {
      expect(body[key] === null, key).toBe(!shown);
    }
    expect(body.partners.share === null).toBe(!shown);
    expect(body.partners.bands.length).toBeGreaterThan(0);
    for (const band of body.partners.bands) expect(band.people).toBe(shown ? n : null);
    // A department of four taking part is not named, nor a row of others of four (it would say they took part).
    expect(body.heatMap.departments).toEqual(shown ? [{ name: 'Legal', others: false }] : []);
    expect(body.heatMap.cells).toEqual(shown ? [{ row: 0, column: 0, encounters: (n * (n - 1)) / 2 }] : []);
  });

  it('feedback: counted by the people who rated, not the ratings', async () => {
    // As if released: the release itself (final after 15 days, five people or more at a time) is
    // checked in ratings.db.test.ts; here, that each figure holds the floor on whatever is released.
    await t.database.db.updateTable('session_ratings').set({ released_at: new Date() }).where('org_id', '=', b.org.id).execute();
    for (const viewer of [b.admin, b.coach]) {
      const body = await json(await figure(b, 'GET /api/feedback', viewer, '/api/feedback'));
      expect(body.minimum).toBe(PRIVACY_FLOOR);
      // Five ratings either way; at 4 they come from four people.
      const expected = shown ? { ratings: 5, average: 4, comments: b.people.map((p) => `Said by ${p.name}`).sort() } : { ratings: null, average: null, comments: [] };
      expect(body.overall).toEqual(expected);
      expect(body.byModule.map((m: { figure: unknown }) => m.figure)).toEqual([expected]);
      expect(body.byCoach.map((c: { figure: unknown }) => c.figure)).toEqual([expected]);
      expect(body.bySession.map((s: { figure: unknown }) => s.figure)).toEqual(shown ? [expected] : []);
    }
  });

  it('open board: support counts in the list, the page, and after supporting or withdrawing', async () => {
    const last = b.people.at(-1)!;
    const path = `/api/ideas/suggestions/${b.suggestion}/support`;
    const after = await json(await figure(b, 'PUT /api/ideas/suggestions/{id}/support', last, path));
    expect(after).toEqual({ id: b.suggestion, supports: shown ? n : null, supported: true });
    const list = await json(await figure(b, 'GET /api/ideas/suggestions', b.people[0]!, '/api/ideas/suggestions?sort=supported&limit=1'));
    expect(list.items.map((i: { id: string; supports: number | null }) => [i.id, i.supports])).toEqual([[b.suggestion, shown ? n : null]]);
    // The next page's cursor says "by support", never the count behind it.
    expect(Buffer.from(list.nextCursor as string, 'base64url').toString()).not.toMatch(/\|\d+$/);
    const page = await json(await figure(b, 'GET /api/ideas/suggestions/{id}', b.people[0]!, `/api/ideas/suggestions/${b.suggestion}`));
    expect(page.supports).toBe(shown ? n : null);
    const withdrawn = await json(await figure(b, 'DELETE /api/ideas/suggestions/{id}/support', last, path));
    // One fewer is always fewer than five here.
    expect(withdrawn).toEqual({ id: b.suggestion, supports: null, supported: false });
    await figure(b, 'PUT /api/ideas/suggestions/{id}/support', last, path);
  });

  it('suggestion board: support counts wherever a suggestion is answered, and in its exports', async () => {
    const expected = shown ? n : null;
    const list = await json(await figure(b, 'GET /api/board/suggestions', b.admin, '/api/board/suggestions?sort=supported'));
    expect(list.items.find((i: { id: string }) => i.id === b.suggestion).supports).toBe(expected);
    const item = await json(await figure(b, 'GET /api/board/suggestions/{id}', b.admin, `/api/board/suggestions/${b.suggestion}`));
    expect(item.supports).toBe(expected);
    const changed = await json(await figure(b, 'PATCH /api/board/suggestions/{id}', b.admin, `/api/board/suggestions/${b.suggestion}`, { version: item.version, status: 'in_review' }));
    expect(changed.supports).toBe(expected);
    const noted = await json(await figure(b, 'POST /api/board/suggestions/{id}/comments', b.admin, `/api/board/suggestions/${b.suggestion}/comments`, { body: 'Ask the coaches.' }));
    expect(noted.supports).toBe(expected);
    const duplicate = await json(await figure(b, 'GET /api/board/suggestions/{id}', b.admin, `/api/board/suggestions/${b.duplicate}`));
    const merged = await json(await figure(b, 'POST /api/board/suggestions/{id}/merge', b.admin, `/api/board/suggestions/${b.duplicate}/merge`, { intoId: b.suggestion, version: duplicate.version }));
    expect(merged.supports).toBe(expected);

    const words = shown ? String(n) : `fewer than ${PRIVACY_FLOOR}`;
    const csv = parse(await (await figure(b, 'GET /api/board/export.csv', b.admin, '/api/board/export.csv')).text(), { bom: true }) as string[][];
    const supportsColumn = csv[0]!.indexOf('Supports');
    const idColumn = csv[0]!.indexOf('Id');
    expect(csv.find((row) => row[idColumn] === b.suggestion)![supportsColumn]).toBe(words);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (await figure(b, 'GET /api/board/export.xlsx', b.admin, '/api/board/export.xlsx')).arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => String(r.getCell(header.indexOf('Id')).value) === b.suggestion)!;
    expect(String(row.getCell(header.indexOf('Supports')).value)).toBe(words);
  });

  // Last: publishing adds sessions to the organisation.
  it('planner proposals: the seats for the people waiting in lines, in every answer carrying a proposal', async () => {
    const checked = (body: Record<string, unknown>) => {
      expect(body.minimumPeople).toBe(PRIVACY_FLOOR);
      // Below five they count for nothing (0), not merely withheld: the seats needed would show them.
      expect(body.fromWaitingLists).toEqual([shown ? n : 0, 0]);
    };
    const demand = { weeks: 2, frequency: { every: 1, unit: 'week' }, virtualShare: 1 };
    const proposal = await json(await figure(b, 'POST /api/admin/planner/proposals', b.admin, '/api/admin/planner/proposals', demand));
    checked(proposal);
    expect(proposal.sessions.length).toBeGreaterThan(1);
    const path = `/api/admin/planner/proposals/${proposal.id}`;
    checked(await json(await figure(b, 'GET /api/admin/planner/proposals/{id}', b.admin, path)));
    checked(await json(await figure(b, 'PATCH /api/admin/planner/proposals/{id}', b.admin, path, { action: 'remove', sessionKey: proposal.sessions[0].key })));
    checked(await json(await figure(b, 'POST /api/admin/planner/proposals/{id}/publish', b.admin, `${path}/publish`, { onlineUrl: 'https://meet.example.test/plan' })));
  });
});

describe('differencing', () => {
  it('withholds a coach of five raters beside a coach of one, since the overall figure would give the one away', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin'] });
    const module = await buildModule(db, { org });
    const [many, one] = [await buildPerson(db, { org, roles: ['coach'], name: 'Many Raters' }), await buildPerson(db, { org, roles: ['coach'], name: 'One Rater' })];
    const rate = async (coach: PersonRow, k: number, hoursAgo: number) => {
      const session = await buildSession(db, { org, coach, module, startsAt: new Date(Date.now() - hoursAgo * HOUR), capacity: 5 });
      for (let i = 0; i < k; i++) {
        const person = await buildPerson(db, { org });
        await buildBooking(db, { session, person });
        await db.insertInto('session_ratings').values({ org_id: org.id, session_id: session.id, person_id: person.id, rating: 5 }).execute();
      }
    };
    await rate(many, 5, 3);
    await rate(one, 1, 3);
    // Released as they are (a coach of one never is by the hourly release): the presenter's own rule is checked.
    await db.updateTable('session_ratings').set({ released_at: new Date() }).where('org_id', '=', org.id).execute();
    const body = await json(await t.request('GET', '/api/feedback', { cookie: await t.cookieFor(admin) }));
    expect(body.overall).toMatchObject({ ratings: 6, average: 5 });
    expect(body.byCoach.map((c: { name: string; figure: { ratings: number | null } }) => [c.name, c.figure.ratings])).toEqual([['Many Raters', null], ['One Rater', null]]);
  });
});

describe('every figure route', () => {
  // Runs after the checks above (Vitest keeps the order of a file's tests).
  it('was called at four and at five people (a route added to FIGURE_ROUTES needs a check above)', () => {
    for (const [n, routes] of called) expect([...routes].sort(), `checked at ${n}`).toEqual(Object.keys(FIGURE_ROUTES).sort());
  });
});
