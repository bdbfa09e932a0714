// The programme planner on real PostgreSQL: a small organisation (a dozen coaches with availability,
// Hamburg and New York in two zones, four weeks across both springs' clock changes) → a proposal
// whose every session keeps the rules, checked against the solver's stored input and again against
// the database's own rows; bad demand refused; edits; publishing all sessions at once, and a
// conflict committed meanwhile refusing the whole plan with nothing written; people waiting in lines
// adding to their week's and place's demand.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';
import { withinWindows } from '../availability/windows.ts';
import { checkedPlan } from './solver/plan-invariants.ts';
import { planInputOf, plannedSessions, type StoredSession } from './stored-plan.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10); // Monday 1 March of a year laid out like 2027
const HORIZON = new Date(`${MONDAY}T00:00:00Z`);
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const SHIFTS = [['08:00', '12:30'], ['09:30', '13:00'], ['13:00', '17:30'], ['10:00', '16:00']] as const;

async function smallOrganisation() {
  const db = t.database.db;
  const org = await buildOrganisation(db, { default_capacity: 4 });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const adminCookie = await t.cookieFor(admin);
  const modules = [await buildModule(db, { org, title: 'Feedback' }), await buildModule(db, { org, title: 'Listening' })];
  const rooms = {
    hamburg: [await buildRoom(db, { org, site: 'Hamburg', capacity: 6, timeZone: BERLIN }), await buildRoom(db, { org, site: 'Hamburg', capacity: 5, timeZone: BERLIN })],
    newYork: [await buildRoom(db, { org, site: 'New York', capacity: 8, timeZone: NEW_YORK }), await buildRoom(db, { org, site: 'New York', capacity: 4, timeZone: NEW_YORK })],
  };
  await db.insertInto('people').values([
    ...Array.from({ length: 60 }, (_, i) => ({ org_id: org.id, email: `hh-${i}-${org.id}@example.test`, name: `HH ${i}`, department: i % 2 ? 'Sales' : 'Engineering', site: 'Hamburg', time_zone: BERLIN })),
    ...Array.from({ length: 30 }, (_, i) => ({ org_id: org.id, email: `ny-${i}-${org.id}@example.test`, name: `NY ${i}`, department: 'Sales', site: 'New York', time_zone: NEW_YORK })),
  ]).execute();
  const coaches = [];
  for (let i = 0; i < 12; i++) {
    const inBerlin = i < 7;
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: `Coach ${String(i).padStart(2, '0')}`, department: 'Coaching', timeZone: inBerlin ? BERLIN : NEW_YORK, site: inBerlin ? 'Hamburg' : 'New York' });
    const [from, to] = SHIFTS[i % SHIFTS.length]!;
    const body = {
      timeZone: inBerlin ? BERLIN : NEW_YORK, maxSessionsPerWeek: 2 + (i % 3), coachesOnline: i % 4 !== 0,
      sites: i % 5 === 4 ? [] : [inBerlin ? 'Hamburg' : 'New York'], moduleIds: i % 3 === 2 ? [modules[0]!.id] : [],
      // A Sunday night window across both springs' missing hour: outside working hours, so never planned into.
      windows: [...[1, 2, 3, 4, 5].filter((d) => (d + i) % 4 !== 0).map((weekday) => ({ weekday, from, to })), { weekday: 7, from: '01:00', to: '04:00' }],
    };
    const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, { cookie: adminCookie, body });
    expect(saved.status, saved.text).toBe(200);
    coaches.push(coach);
  }
  // Coach 00 already coaches on the first Tuesday morning in Hamburg's first room; coach 01 is away the second week.
  const existing = await buildSession(db, { org, coach: coaches[0]!, module: modules[0]!, room: rooms.hamburg[0]!, startsAt: new Date(HORIZON.getTime() + DAY + 9 * HOUR), timeZone: BERLIN });
  const away = { first: DateTime.fromJSDate(new Date(HORIZON.getTime() + WEEK), { zone: 'utc' }).toISODate()!, last: DateTime.fromJSDate(new Date(HORIZON.getTime() + WEEK + 6 * DAY), { zone: 'utc' }).toISODate()! };
  await db.insertInto('coach_absences').values({
    org_id: org.id, coach_id: coaches[1]!.id, first_day: away.first, last_day: away.last,
    starts_at: DateTime.fromISO(away.first, { zone: BERLIN }).toJSDate(), ends_at: DateTime.fromISO(away.last, { zone: BERLIN }).plus({ days: 1 }).toJSDate(),
  }).execute();
  return { org, admin, adminCookie, modules, rooms, coaches, existing, away };
}

const demand = (o: Record<string, unknown> = {}) => ({ weeks: 4, startsOn: MONDAY, frequency: { every: 1, unit: 'month' }, virtualShare: 0.3, ...o });

async function propose(p: Awaited<ReturnType<typeof smallOrganisation>>, o: Record<string, unknown> = {}) {
  const answer = await call(t, 'POST', '/api/admin/planner/proposals', { cookie: p.adminCookie, body: demand(o) });
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

const storedProposal = (id: string) => t.database.db.selectFrom('plan_proposals').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
const sessionsOf = (orgId: string) => t.database.db.selectFrom('sessions').where('org_id', '=', orgId).selectAll().orderBy('starts_at').execute();

describe('the programme planner', () => {
  it('proposes sessions that keep every rule: no coach or room twice, weekly maxima, availability, working hours, real local times', async () => {
    const p = await smallOrganisation();
    const view = await propose(p);
    expect(view.status).toBe('draft');
    expect(view.participants).toBe(90 + 13); // the employees, the admin and the coaches (all employees)
    expect(view.sessions.length).toBeGreaterThan(10);
    expect(view.totals.sessionsPlanned).toBe(view.sessions.length);
    expect(view.totals.sessionsPlanned).toBe(view.totals.achievable); // as many as the availability allows

    // Against the solver's stored input, rule by rule, minute by minute (plan-invariants.ts).
    const row = await storedProposal(view.id);
    checkedPlan(planInputOf(row.input), plannedSessions(row.sessions as StoredSession[]));

    // And against the database's own rows, without the planner's input.
    const windows = await t.database.db.selectFrom('coach_windows').where('org_id', '=', p.org.id).selectAll().execute();
    const limits = await t.database.db.selectFrom('coach_availability').where('org_id', '=', p.org.id).selectAll().execute();
    const perCoachWeek = new Map<string, number>();
    for (const s of view.sessions) {
      const [start, end] = [new Date(s.startsAt), new Date(s.endsAt)];
      const limit = limits.find((l) => l.person_id === s.coachId)!;
      const own = windows.filter((w) => w.person_id === s.coachId).map((w) => ({ weekday: w.weekday, startsMinute: w.starts_minute, endsMinute: w.ends_minute }));
      expect(withinWindows(own, limit.time_zone, start, end), `${s.coachName} ${s.startsAt} in their windows`).toBe(true);
      const local = DateTime.fromJSDate(start, { zone: s.zone });
      expect(local.weekday, `${s.startsAt} on a working day`).toBeLessThanOrEqual(5);
      expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(8 * 60);
      const localEnd = DateTime.fromJSDate(end, { zone: s.zone });
      expect(localEnd.hour * 60 + localEnd.minute).toBeLessThanOrEqual(18 * 60);
      expect(DateTime.fromISO(s.localStart, { setZone: true }).toMillis(), `${s.localStart} exists`).toBe(start.getTime());
      expect(DateTime.fromObject({ year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute }, { zone: s.zone }).toMillis()).toBe(start.getTime());
      if (s.coachId === p.coaches[1]!.id) expect(local.toISODate()! < p.away.first || local.toISODate()! > p.away.last, 'not on a day away').toBe(true);
      expect(start < p.existing.ends_at && p.existing.starts_at < end && (s.coachId === p.coaches[0]!.id || s.roomId === p.rooms.hamburg[0]!.id), 'clear of the session already booked').toBe(false);
      if (s.roomId) expect(s.roomId).not.toBe(p.rooms.newYork[1]!.id); // four seats: no chair for the coach
      const key = `${s.coachId}|${s.week}`;
      perCoachWeek.set(key, (perCoachWeek.get(key) ?? 0) + 1 + (s.coachId === p.coaches[0]!.id && s.week === 0 && !perCoachWeek.has(key) ? 1 : 0));
    }
    for (const [key, n] of perCoachWeek) {
      const limit = limits.find((l) => l.person_id === key.split('|')[0])!;
      expect(n, `${key} within the weekly maximum`).toBeLessThanOrEqual(limit.max_sessions_per_week!);
    }
    for (const a of view.sessions) {
      for (const b of view.sessions) {
        if (a.key >= b.key || !(a.startsAt < b.endsAt && b.startsAt < a.endsAt)) continue;
        expect(a.coachId, 'a coach in two sessions at once').not.toBe(b.coachId);
        if (a.roomId) expect(a.roomId, 'a room holding two sessions at once').not.toBe(b.roomId);
      }
    }
    // Figures per week and place: both sites and both virtual zones, seats offered = sessions × 4.
    expect(new Set(view.placeWeeks.map((r: { place: string }) => r.place))).toEqual(new Set(['Hamburg', 'New York', BERLIN, NEW_YORK]));
    for (const r of view.placeWeeks) expect(r.seatsOffered).toBe(r.sessionsPlanned * 4);
    expect(view.coachLoad).toHaveLength(12);
    for (const g of view.gaps) expect(g.reasons.length).toBeGreaterThan(0);
    const again = await call(t, 'GET', `/api/admin/planner/proposals/${view.id}`, { cookie: p.adminCookie });
    expect(again.body).toEqual(view);
  });

  it('refuses bad demand naming each field, and a non-admin, and writes nothing', async () => {
    const p = await smallOrganisation();
    const bad = await call(t, 'POST', '/api/admin/planner/proposals', {
      cookie: p.adminCookie,
      body: demand({ departments: ['Astrology'], modules: [{ moduleId: crypto.randomUUID() }, { moduleId: p.modules[0]!.id, campaign: { firstWeek: 6, weeks: 2 } }], workingHours: { from: '18:00', to: '08:00' } }),
    });
    expect(bad.status, bad.text).toBe(400);
    expect(blamedFields(bad).sort()).toEqual(['departments', 'modules.0.moduleId', 'modules.1.campaign.firstWeek', 'workingHours.to']);
    const notMonday = await call(t, 'POST', '/api/admin/planner/proposals', { cookie: p.adminCookie, body: demand({ startsOn: new Date(HORIZON.getTime() + DAY).toISOString().slice(0, 10) }) });
    expect(blamedFields(notMonday)).toEqual(['startsOn']);
    for (const body of [demand({ weeks: 0 }), demand({ virtualShare: 1.5 }), demand({ frequency: { every: 1, unit: 'year' } }), demand({ startsOn: '2020-01-06' })]) {
      expect((await call(t, 'POST', '/api/admin/planner/proposals', { cookie: p.adminCookie, body })).status).toBe(400);
    }
    const nobody = await call(t, 'POST', '/api/admin/planner/proposals', { cookie: p.adminCookie, body: demand({ sites: ['New York'], departments: ['Engineering'] }) });
    expect([nobody.status, nobody.body.code]).toEqual([409, 'NO_PARTICIPANTS']);
    const employee = await buildPerson(t.database.db, { org: p.org });
    expect((await call(t, 'POST', '/api/admin/planner/proposals', { cookie: await t.cookieFor(employee), body: demand() })).status).toBe(403);
    expect(await t.database.db.selectFrom('plan_proposals').where('org_id', '=', p.org.id).select('id').execute()).toEqual([]);
  });

  it('removes and moves proposed sessions, the figures following; a move outside the coach’s availability or onto the coach’s other session is refused', async () => {
    const p = await smallOrganisation();
    const view = await propose(p);
    const path = `/api/admin/planner/proposals/${view.id}`;
    const first = view.sessions[0];
    const removed = await call(t, 'PATCH', path, { cookie: p.adminCookie, body: { action: 'remove', sessionKey: first.key } });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.sessions.map((s: { key: string }) => s.key)).not.toContain(first.key);
    expect(removed.body.totals.sessionsPlanned).toBe(view.totals.sessionsPlanned - 1);
    const placeWeek = (v: typeof view) => v.placeWeeks.find((r: { week: number; place: string }) => r.week === first.week && r.place === first.place);
    expect(placeWeek(removed.body).sessionsPlanned).toBe(placeWeek(view).sessionsPlanned - 1);
    expect(removed.body.gaps.find((g: { week: number; place: string }) => g.week === first.week && g.place === first.place).reasons).toContain('removed_by_admin');

    const session = removed.body.sessions.find((s: { kind: string }) => s.kind === 'site');
    const night = DateTime.fromISO(session.localStart, { setZone: true }).set({ hour: 3 }).toUTC().toISO();
    const outside = await call(t, 'PATCH', path, { cookie: p.adminCookie, body: { action: 'move', sessionKey: session.key, startsAt: night } });
    expect([outside.status, outside.body.code]).toEqual([409, 'OUTSIDE_AVAILABILITY']);
    // Onto a time of another session of the same coach at the same place: the coach cannot be in both.
    const pair = removed.body.sessions.flatMap((a: StoredSessionView) => removed.body.sessions
      .filter((b: StoredSessionView) => b.key !== a.key && b.coachId === a.coachId && b.place === a.place && b.kind === a.kind).map((b: StoredSessionView) => [a, b]))[0];
    expect(pair, 'a coach with two sessions at one place').toBeDefined();
    const clash = await call(t, 'PATCH', path, { cookie: p.adminCookie, body: { action: 'move', sessionKey: pair[0].key, startsAt: pair[1].startsAt } });
    expect([clash.status, clash.body.code]).toEqual([409, 'COACH_BUSY']);
    // Half an hour or an hour either way fits somewhere; the first that fits is kept, the coach still in one place at a time.
    let moved: { key: string; startsAt: string } | undefined;
    for (const s of removed.body.sessions as StoredSessionView[]) {
      for (const shift of [30, -30, 60, -60]) {
        const startsAt = new Date(Date.parse(s.startsAt) + shift * 60_000).toISOString();
        const answer = await call(t, 'PATCH', path, { cookie: p.adminCookie, body: { action: 'move', sessionKey: s.key, startsAt } });
        if (answer.status === 200) {
          moved = { key: s.key, startsAt };
          break;
        }
        expect(answer.status, answer.text).toBe(409);
      }
      if (moved) break;
    }
    expect(moved, 'some session can move by half an hour or an hour').toBeDefined();
    const after = await call(t, 'GET', path, { cookie: p.adminCookie });
    expect(after.body.sessions.find((s: { key: string }) => s.key === moved!.key).startsAt).toBe(moved!.startsAt);
    expect(after.body.totals.sessionsPlanned).toBe(removed.body.totals.sessionsPlanned);
    const row = await storedProposal(view.id);
    checkedPlan(planInputOf(row.input), plannedSessions(row.sessions as StoredSession[]));
    const unknown = await call(t, 'PATCH', path, { cookie: p.adminCookie, body: { action: 'remove', sessionKey: 'nope' } });
    expect(blamedFields(unknown)).toEqual(['sessionKey']);
  });

  it('publishes exactly the proposed sessions in one go, tells each coach of each, cannot publish twice, and a second plan counts them', async () => {
    const p = await smallOrganisation();
    const view = await propose(p);
    const before = await sessionsOf(p.org.id);
    const path = `/api/admin/planner/proposals/${view.id}/publish`;
    const noLink = await call(t, 'POST', path, { cookie: p.adminCookie, body: {} });
    expect(blamedFields(noLink)).toEqual(['onlineUrl']);
    const published = await call(t, 'POST', path, { cookie: p.adminCookie, body: { onlineUrl: 'https://meet.example.test/quartet' } });
    expect(published.status, published.text).toBe(200);
    expect(published.body.status).toBe('published');
    const made = (await sessionsOf(p.org.id)).filter((s) => !before.some((b) => b.id === s.id));
    expect(made).toHaveLength(view.sessions.length);
    expect(new Set(published.body.publishedSessionIds)).toEqual(new Set(made.map((s) => s.id)));
    const key = (s: { start: number; coach: string; room: string | null; module: string }) => `${s.start}|${s.coach}|${s.room}|${s.module}`;
    expect(made.map((s) => key({ start: s.starts_at.getTime(), coach: s.coach_id, room: s.room_id, module: s.module_id })).sort())
      .toEqual(view.sessions.map((s: StoredSessionView) => key({ start: Date.parse(s.startsAt), coach: s.coachId, room: s.roomId, module: s.moduleId })).sort());
    for (const s of made) {
      const proposed = view.sessions.find((v: StoredSessionView) => Date.parse(v.startsAt) === s.starts_at.getTime() && v.coachId === s.coach_id)!;
      expect([s.format, s.time_zone, s.capacity, s.status]).toEqual([proposed.kind === 'site' ? 'in_person' : 'virtual', proposed.zone, 4, 'scheduled']);
    }
    const told = await t.database.db.selectFrom('outgoing_messages').where('org_id', '=', p.org.id).where('kind', '=', 'coach_assigned').select(['recipient_id', 'session_id']).execute();
    expect(told.map((m) => `${m.session_id}|${m.recipient_id}`).sort()).toEqual(made.map((s) => `${s.id}|${s.coach_id}`).sort());
    // Through the worker and real SMTP: a coach's notice arrives, naming the module.
    const someone = p.coaches.find((c) => c.id === made[0]!.coach_id)!;
    const module = p.modules.find((m) => m.id === made[0]!.module_id)!;
    const mail = await t.mailbox.waitFor((m) => (m.to as { text: string } | undefined)?.text.includes(someone.email) === true && m.subject?.includes(module.title) === true);
    expect(mail.subject).toMatch(/^You now coach: /);
    const twice = await call(t, 'POST', path, { cookie: p.adminCookie, body: { onlineUrl: 'https://meet.example.test/quartet' } });
    expect([twice.status, twice.body.code]).toEqual([409, 'PLAN_PUBLISHED']);
    expect(await sessionsOf(p.org.id)).toHaveLength(before.length + made.length);
    // Planned again over the same weeks: what is published counts, only what is still missing is needed.
    const again = await propose(p);
    expect(again.totals.sessionsNeeded).toBe(view.totals.sessionsNeeded - view.totals.sessionsPlanned);
    expect(again.sessions.length).toBeLessThanOrEqual(again.totals.sessionsNeeded);
  });

  it('counts people waiting in lines as demand in the week and at the place of the session they wait for, each once a week', async () => {
    const p = await smallOrganisation();
    const db = t.database.db;
    // A full session in Hamburg on the second week's Tuesday, and an online one that Thursday.
    const tuesday = new Date(HORIZON.getTime() + WEEK + DAY + 9 * HOUR);
    const full = await buildSession(db, { org: p.org, coach: p.coaches[2]!, module: p.modules[0]!, room: p.rooms.hamburg[0]!, startsAt: tuesday, capacity: 4 });
    const online = await buildSession(db, { org: p.org, coach: p.coaches[3]!, module: p.modules[1]!, startsAt: new Date(tuesday.getTime() + 2 * DAY), capacity: 4 });
    const thirdWeek = await buildSession(db, { org: p.org, coach: p.coaches[2]!, module: p.modules[0]!, room: p.rooms.hamburg[0]!, startsAt: new Date(tuesday.getTime() + WEEK), capacity: 4 });
    const employees = await db.selectFrom('people').where('org_id', '=', p.org.id).where('department', '=', 'Engineering').select(['id', 'org_id']).orderBy('email').execute();
    for (const person of employees.slice(0, 4)) await buildBooking(db, { session: full, person });
    await db.updateTable('people').set({ active: false }).where('id', '=', employees[13]!.id).execute();
    const before = await propose(p);

    const wait = (session: { id: string }, people: typeof employees) => db.insertInto('waitlist_entries')
      .values(people.map((person) => ({ org_id: p.org.id, session_id: session.id, person_id: person.id }))).execute();
    const inLine = employees.slice(4, 10);
    await wait(full, inLine);
    // The first of them waits online that week too: one person, one seat, at the first session they wait for.
    await wait(online, inLine.slice(0, 1));
    // Two wait in the third week: a figure about two people, which the proposal withholds, so they
    // need no seats either (the seats needed against the week before would give their number away).
    await wait(thirdWeek, employees.slice(10, 12));
    // Someone who left the line, and someone no longer active, are no demand.
    await db.insertInto('waitlist_entries').values({ org_id: p.org.id, session_id: full.id, person_id: employees[12]!.id, status: 'left', ended_at: new Date() }).execute();
    await wait(full, [employees[13]!]);
    // Nor someone holding an offer (migration 038): the seat held for them is already theirs to take.
    await db.insertInto('waitlist_entries').values({ org_id: p.org.id, session_id: thirdWeek.id, person_id: employees[14]!.id, status: 'offered', offer_expires_at: new Date(Date.now() + HOUR) }).execute();
    const after = await propose(p);

    // A place's week with nothing needed or planned has no row: zero.
    const row = (v: typeof before, week: number, place: string) => v.placeWeeks.find((r: { week: number; place: string }) => r.week === week && r.place === place)
      ?? { seatsNeeded: 0, sessionsNeeded: 0 };
    // Planned once more with the same published sessions: only the six in line make the difference.
    expect(row(after, 1, 'Hamburg').seatsNeeded).toBe(row(before, 1, 'Hamburg').seatsNeeded + 6);
    expect(row(after, 1, 'Hamburg').sessionsNeeded).toBeGreaterThan(row(before, 1, 'Hamburg').sessionsNeeded);
    expect(row(after, 1, BERLIN).seatsNeeded).toBe(row(before, 1, BERLIN).seatsNeeded);
    expect(row(after, 2, 'Hamburg').seatsNeeded).toBe(row(before, 2, 'Hamburg').seatsNeeded);
    for (const week of [0, 2, 3]) expect(after.placeWeeks.filter((r: { week: number }) => r.week === week)).toEqual(before.placeWeeks.filter((r: { week: number }) => r.week === week));
    expect(after.totals.sessionsNeeded).toBeGreaterThan(before.totals.sessionsNeeded);
    expect(before.fromWaitingLists).toEqual([0, 0, 0, 0]);
    expect(after.fromWaitingLists).toEqual([0, 6, 0, 0]);
    expect(after.minimumPeople).toBe(5);
    // The stored input says which seats are the waiting people's; a plan over Sales alone counts none of them.
    expect(planInputOf((await storedProposal(after.id)).input).demand.filter((d) => d.waiting).map((d) => [d.placeId, d.week, d.waiting]))
      .toEqual([['site:Hamburg', 1, 6]]);
    const sales = await propose(p, { departments: ['Sales'] });
    expect(sales.fromWaitingLists).toEqual([0, 0, 0, 0]);
  });

  it('refuses the whole plan when a room was booked meanwhile, listing the conflict, and changes nothing', async () => {
    const p = await smallOrganisation();
    const view = await propose(p);
    const target = view.sessions.find((s: StoredSessionView) => s.roomId !== null)!;
    const otherCoach = await buildPerson(t.database.db, { org: p.org, roles: ['coach', 'employee'] });
    await buildSession(t.database.db, { org: p.org, coach: otherCoach, module: p.modules[1]!, room: { id: target.roomId! }, startsAt: new Date(Date.parse(target.startsAt) + 30 * 60_000) });
    const before = await sessionsOf(p.org.id);
    const refused = await call(t, 'POST', `/api/admin/planner/proposals/${view.id}/publish`, { cookie: p.adminCookie, body: { onlineUrl: 'https://meet.example.test/quartet' } });
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'PLAN_CONFLICTS']);
    expect(refused.body.conflicts).toEqual([{ sessionKey: target.key, startsAt: target.startsAt, coachId: target.coachId, roomId: target.roomId, conflicts: ['ROOM_BUSY'] }]);
    expect((await sessionsOf(p.org.id)).map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect((await storedProposal(view.id)).status).toBe('draft');
    expect(await t.database.db.selectFrom('outgoing_messages').where('org_id', '=', p.org.id).where('kind', '=', 'coach_assigned').select('id').execute()).toEqual([]);
  });

  it('refuses the whole plan when a coach reported days away meanwhile (found by a review); a withdrawn report does not count', async () => {
    const p = await smallOrganisation();
    const view = await propose(p);
    const target = view.sessions[0] as StoredSessionView;
    const day = target.startsAt.slice(0, 10);
    const away = await t.database.db.insertInto('coach_absences').values({
      org_id: p.org.id, coach_id: target.coachId, first_day: day, last_day: day,
      starts_at: new Date(Date.parse(target.startsAt) - 3_600_000), ends_at: new Date(Date.parse(target.startsAt) + 4 * 3_600_000),
    }).returning('id').executeTakeFirstOrThrow();
    const hit = (view.sessions as StoredSessionView[]).filter((s) => s.coachId === target.coachId
      && Date.parse(s.startsAt) < Date.parse(target.startsAt) + 4 * 3_600_000 && Date.parse(s.startsAt) + 90 * 60_000 > Date.parse(target.startsAt) - 3_600_000);
    const publish = () => call(t, 'POST', `/api/admin/planner/proposals/${view.id}/publish`, { cookie: p.adminCookie, body: { onlineUrl: 'https://meet.example.test/quartet' } });
    const refused = await publish();
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'PLAN_CONFLICTS']);
    expect(refused.body.conflicts.map((c: { sessionKey: string; conflicts: string[] }) => [c.sessionKey, c.conflicts]).sort())
      .toEqual(hit.map((s) => [s.key, ['COACH_AWAY']]).sort());
    expect((await storedProposal(view.id)).status).toBe('draft');
    await t.database.db.updateTable('coach_absences').set({ withdrawn_at: new Date() }).where('id', '=', away.id).execute();
    expect((await publish()).status).toBe(200);
  });

  it('names each session of a coach deactivated since the plan was made (found by a review: the whole plan failed as "Coach not found")', async () => {
    const p = await smallOrganisation();
    const view = await propose(p);
    const gone = (view.sessions as StoredSessionView[])[0]!.coachId;
    await t.database.db.updateTable('people').set({ active: false }).where('id', '=', gone).execute();
    const before = await sessionsOf(p.org.id);
    const refused = await call(t, 'POST', `/api/admin/planner/proposals/${view.id}/publish`, { cookie: p.adminCookie, body: { onlineUrl: 'https://meet.example.test/quartet' } });
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'PLAN_CONFLICTS']);
    expect(refused.body.conflicts.map((c: { sessionKey: string; conflicts: string[] }) => [c.sessionKey, c.conflicts]).sort())
      .toEqual((view.sessions as StoredSessionView[]).filter((s) => s.coachId === gone).map((s) => [s.key, ['COACH_INACTIVE']]).sort());
    expect((await sessionsOf(p.org.id)).map((s) => s.id)).toEqual(before.map((s) => s.id));
  });
});

interface StoredSessionView {
  key: string;
  kind: string;
  place: string;
  startsAt: string;
  zone: string;
  coachId: string;
  roomId: string | null;
  moduleId: string;
}
