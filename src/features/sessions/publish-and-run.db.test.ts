// A coach's side of a session through HTTP: publish, change, cancel, hand over, see who comes.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, blamedFields } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';

// The dates here are written as in 2027 and run in the first year laid out like 2027 (every day on
// the same weekday, the same daylight-saving switches) whose 28 March is still a month away.
const Y = yearLike(2027, '03-28');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const at = (iso: string) => new Date(iso);
const LINK = 'https://meet.example.test/quartet-room';

/** An organisation of its own with a coach, an admin and a module, so tests never share a calendar. */
async function program(o: { defaultCapacity?: number; moduleMinutes?: number } = {}) {
  const db = t.database.db;
  const org = await buildOrganisation(db, o.defaultCapacity ? { default_capacity: o.defaultCapacity } : {});
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const module = await buildModule(db, { org, language: 'de', durationMinutes: o.moduleMinutes ?? 90 });
  return { org, coach, admin, module, coachCookie: await t.cookieFor(coach), adminCookie: await t.cookieFor(admin) };
}

async function sessionRows(coachId: string) {
  return t.database.db.selectFrom('sessions').where('coach_id', '=', coachId).selectAll().execute();
}

describe('POST /api/sessions', () => {
  it('publishes a virtual session with the defaults of the organisation and the module', async () => {
    const p = await program();
    const res = await call(t, 'POST', '/api/sessions', {
      cookie: p.coachCookie,
      body: { moduleId: p.module.id, startsAt: `${Y}-05-10T09:00`, timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: LINK },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/sessions/${res.body.id}`);
    expect(res.body).toMatchObject({
      startsAt: `${Y}-05-10T07:00:00.000Z`, endsAt: `${Y}-05-10T08:30:00.000Z`, timeZone: 'Europe/Berlin',
      sessionLocal: { startsAt: `${Y}-05-10T09:00:00+02:00` },
      capacity: 4, seatsLeft: 4, language: 'de', format: 'virtual', onlineUrl: LINK, room: null, status: 'scheduled',
      coach: { id: p.coach.id },
    });
    expect(await sessionRows(p.coach.id)).toHaveLength(1);
  });

  it('publishes an in-person session in a room that seats the group and the coach', async () => {
    const p = await program({ defaultCapacity: 3, moduleMinutes: 60 });
    const room = await buildRoom(t.database.db, { org: p.org, capacity: 4 });
    const res = await call(t, 'POST', '/api/sessions', {
      cookie: p.coachCookie,
      body: { moduleId: p.module.id, startsAt: `${Y}-05-11T14:00:00+02:00`, timeZone: 'Europe/Berlin', format: 'in_person', roomId: room.id, locationNote: '3rd floor' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      startsAt: `${Y}-05-11T12:00:00.000Z`, endsAt: `${Y}-05-11T13:00:00.000Z`, capacity: 3, seatsLeft: 3,
      format: 'in_person', room: { id: room.id }, onlineUrl: null, locationNote: '3rd floor',
    });
  });

  it('lets only coaches publish, each for themselves, and admins for any coach', async () => {
    const p = await program();
    const employee = await buildPerson(t.database.db, { org: p.org });
    const body = { moduleId: p.module.id, startsAt: `${Y}-05-12T09:00`, timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: LINK };
    const asEmployee = await call(t, 'POST', '/api/sessions', { cookie: await t.cookieFor(employee), body });
    expect(asEmployee.status).toBe(403);
    const other = await buildPerson(t.database.db, { org: p.org, roles: ['coach'] });
    const forOther = await call(t, 'POST', '/api/sessions', { cookie: p.coachCookie, body: { ...body, coachId: other.id } });
    expect(forOther.status).toBe(400);
    expect(blamedFields(forOther)).toContain('coachId');
    expect(await sessionRows(other.id)).toHaveLength(0);
    const byAdmin = await call(t, 'POST', '/api/sessions', { cookie: p.adminCookie, body: { ...body, coachId: other.id } });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.coach.id).toBe(other.id);
  });

  it.each([
    ['a start in the past', { startsAt: '2025-01-10T09:00:00Z' }, 409, 'STARTS_IN_PAST'],
    ['a local time the clocks skip', { startsAt: `${Y}-03-28T02:30` }, 400, 'startsAt'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 400, 'timeZone'],
    ['a room one chair too small', { format: 'in_person', onlineUrl: undefined, room: 4 }, 409, 'ROOM_TOO_SMALL'],
  ])('refuses %s and stores nothing', async (_what, change, status, expected) => {
    const p = await program();
    const { room: roomSeats, ...rest } = change as Record<string, unknown>;
    const room = roomSeats ? await buildRoom(t.database.db, { org: p.org, capacity: roomSeats as number }) : undefined;
    const body = { moduleId: p.module.id, startsAt: `${Y}-05-13T09:00`, timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: LINK, roomId: room?.id, ...rest };
    const res = await call(t, 'POST', '/api/sessions', { cookie: p.coachCookie, body });
    expect(res.status).toBe(status);
    if (status === 409) expect(res.body.code).toBe(expected);
    else expect(blamedFields(res)).toContain(expected);
    expect(await sessionRows(p.coach.id)).toHaveLength(0);
  });

  it('refuses an overlapping session for the coach (COACH_BUSY) or the room (ROOM_BUSY), not back-to-back ones', async () => {
    const p = await program();
    const room = await buildRoom(t.database.db, { org: p.org });
    const other = await buildPerson(t.database.db, { org: p.org, roles: ['coach'] });
    const publish = async (cookie: string, startsAt: string) => call(t, 'POST', '/api/sessions', {
      cookie, body: { moduleId: p.module.id, startsAt, timeZone: 'Europe/Berlin', format: 'in_person', roomId: room.id },
    });
    expect((await publish(p.coachCookie, `${Y}-05-14T09:00`)).status).toBe(201);
    const coachBusy = await publish(p.coachCookie, `${Y}-05-14T10:00`);
    expect([coachBusy.status, coachBusy.body.code]).toEqual([409, 'COACH_BUSY']);
    const roomBusy = await publish(await t.cookieFor(other), `${Y}-05-14T10:29`);
    expect([roomBusy.status, roomBusy.body.code]).toEqual([409, 'ROOM_BUSY']);
    expect((await publish(p.coachCookie, `${Y}-05-14T10:30`)).status).toBe(201);
    expect((await publish(await t.cookieFor(other), `${Y}-05-14T07:30`)).status).toBe(201);
  });
  it('refuses a time at which the coach holds a seat in another session (COACH_BUSY), on publish and on a change', async () => {
    const p = await program();
    const db = t.database.db;
    await buildBooking(db, { session: await buildSession(db, { org: p.org, startsAt: at(`${Y}-05-15T07:00:00Z`) }), person: p.coach });
    const body = { moduleId: p.module.id, startsAt: `${Y}-05-15T10:00`, timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: LINK };
    const publish = await call(t, 'POST', '/api/sessions', { cookie: p.coachCookie, body });
    expect([publish.status, publish.body.code]).toEqual([409, 'COACH_BUSY']);
    expect(await sessionRows(p.coach.id)).toHaveLength(0);
    const afterwards = await call(t, 'POST', '/api/sessions', { cookie: p.coachCookie, body: { ...body, startsAt: `${Y}-05-15T10:30` } });
    expect(afterwards.status).toBe(201);
    const change = await call(t, 'PATCH', `/api/sessions/${afterwards.body.id}`, { cookie: p.adminCookie, body: { startsAt: `${Y}-05-15T09:45` } });
    expect([change.status, change.body.code]).toEqual([409, 'COACH_BUSY']);
    expect((await sessionRows(p.coach.id))[0]!.starts_at).toEqual(at(`${Y}-05-15T08:30:00Z`));
  });
});

describe('PATCH /api/sessions/{id}', () => {
  it('changes place, link, note, time and capacity for its coach and for admins, not for another coach', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, startsAt: at(`${Y}-06-01T08:00:00Z`) });
    const changed = await call(t, 'PATCH', `/api/sessions/${session.id}`, {
      cookie: p.coachCookie, body: { onlineUrl: `${LINK}-2`, locationNote: 'Camera on', startsAt: `${Y}-06-01T11:00`, capacity: 5 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ onlineUrl: `${LINK}-2`, locationNote: 'Camera on', startsAt: `${Y}-06-01T09:00:00.000Z`, endsAt: `${Y}-06-01T10:30:00.000Z`, capacity: 5 });
    const room = await buildRoom(t.database.db, { org: p.org, capacity: 6 });
    const toRoom = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: p.adminCookie, body: { format: 'in_person', roomId: room.id } });
    expect(toRoom.status).toBe(200);
    expect(toRoom.body).toMatchObject({ format: 'in_person', room: { id: room.id }, onlineUrl: null });
    const other = await buildPerson(t.database.db, { org: p.org, roles: ['coach'] });
    const byOther = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: await t.cookieFor(other), body: { locationNote: 'hijacked' } });
    expect(byOther.status).toBe(404);
    const row = await t.database.db.selectFrom('sessions').where('id', '=', session.id).selectAll().executeTakeFirstOrThrow();
    expect(row.location_note).toBe('Camera on');
  });

  it('refuses a capacity below the seats taken (409) and a virtual session without a link (400)', async () => {
    const p = await program();
    const room = await buildRoom(t.database.db, { org: p.org });
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, room, startsAt: at(`${Y}-06-02T08:00:00Z`) });
    await buildBooking(t.database.db, { session });
    await buildBooking(t.database.db, { session });
    const shrink = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: p.coachCookie, body: { capacity: 1 } });
    expect([shrink.status, shrink.body.code]).toEqual([409, 'CAPACITY_BELOW_BOOKINGS']);
    const noLink = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: p.coachCookie, body: { format: 'virtual' } });
    expect(noLink.status).toBe(400);
    expect(blamedFields(noLink)).toContain('onlineUrl');
    expect((await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: p.coachCookie, body: { capacity: 2 } })).status).toBe(200);
    const row = await t.database.db.selectFrom('sessions').where('id', '=', session.id).selectAll().executeTakeFirstOrThrow();
    expect([row.format, row.room_id, row.capacity]).toEqual(['in_person', room.id, 2]);
  });
});

describe('POST /api/sessions/{id}/cancel', () => {
  it('cancels the session and every seat in it, keeps the history, and then takes no bookings', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, startsAt: at(`${Y}-06-03T08:00:00Z`) });
    const gaveUpEarlier = await buildBooking(t.database.db, { session });
    await t.database.db.updateTable('bookings').set({ status: 'cancelled', cancelled_at: at(`${Y}-05-20T08:00:00Z`), cancel_reason: 'employee' }).where('id', '=', gaveUpEarlier.id).execute();
    await buildBooking(t.database.db, { session });
    await buildBooking(t.database.db, { session });
    const res = await call(t, 'POST', `/api/sessions/${session.id}/cancel`, { cookie: p.coachCookie, body: { reason: 'Coach is ill' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'Coach is ill' });
    const bookings = await t.database.db.selectFrom('bookings').where('session_id', '=', session.id).selectAll().execute();
    expect(bookings).toHaveLength(3);
    expect(bookings.map((b) => [b.status, b.cancel_reason]).sort()).toEqual([
      ['cancelled', 'employee'], ['cancelled', 'session_cancelled'], ['cancelled', 'session_cancelled'],
    ]);
    const latecomer = await buildPerson(t.database.db, { org: p.org });
    const book = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(latecomer) });
    expect([book.status, book.body.code]).toEqual([409, 'SESSION_CANCELLED']);
    const again = await call(t, 'POST', `/api/sessions/${session.id}/cancel`, { cookie: p.coachCookie, body: { reason: 'twice' } });
    expect([again.status, again.body.code]).toEqual([409, 'SESSION_CANCELLED']);
  });
});

describe('POST /api/sessions/{id}/reassign', () => {
  it('hands the session to a free coach (admins only)', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, startsAt: at(`${Y}-06-04T08:00:00Z`) });
    const standIn = await buildPerson(t.database.db, { org: p.org, roles: ['coach'] });
    const byCoach = await call(t, 'POST', `/api/sessions/${session.id}/reassign`, { cookie: p.coachCookie, body: { coachId: standIn.id } });
    expect(byCoach.status).toBe(403);
    const res = await call(t, 'POST', `/api/sessions/${session.id}/reassign`, { cookie: p.adminCookie, body: { coachId: standIn.id } });
    expect(res.status).toBe(200);
    expect(res.body.coach.id).toBe(standIn.id);
    expect((await call(t, 'GET', `/api/sessions/${session.id}/roster`, { cookie: p.coachCookie })).status).toBe(404);
  });

  it.each([
    ['COACH_BUSY', 'runs an overlapping session'],
    ['COACH_BUSY', 'holds a seat in an overlapping session'],
    ['NOT_A_COACH', 'is not a coach'],
    ['COACH_IS_PARTICIPANT', 'holds a seat in this session'],
  ])('refuses with %s a person who %s', async (code, situation) => {
    const p = await program();
    const db = t.database.db;
    const session = await buildSession(db, { org: p.org, coach: p.coach, startsAt: at(`${Y}-06-05T08:00:00Z`) });
    const candidate = await buildPerson(db, { org: p.org, roles: situation === 'is not a coach' ? ['employee'] : ['coach', 'employee'] });
    const overlapping = at(`${Y}-06-05T09:00:00Z`);
    if (situation === 'runs an overlapping session') await buildSession(db, { org: p.org, coach: candidate, startsAt: overlapping });
    if (situation === 'holds a seat in an overlapping session') await buildBooking(db, { session: await buildSession(db, { org: p.org, startsAt: overlapping }), person: candidate });
    if (situation === 'holds a seat in this session') await buildBooking(db, { session, person: candidate });
    const res = await call(t, 'POST', `/api/sessions/${session.id}/reassign`, { cookie: p.adminCookie, body: { coachId: candidate.id } });
    expect([res.status, res.body.code]).toEqual([409, code]);
    const row = await db.selectFrom('sessions').where('id', '=', session.id).select('coach_id').executeTakeFirstOrThrow();
    expect(row.coach_id).toBe(p.coach.id);
  });
});

describe('who is coming', () => {
  it('shows the roster with names, e-mails and departments to the coach only', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, startsAt: at(`${Y}-06-06T08:00:00Z`) });
    const ada = await buildPerson(t.database.db, { org: p.org, name: 'Ada Lovelace', email: 'ada@example.test', department: 'Analytics' });
    await buildBooking(t.database.db, { session, person: ada });
    const res = await call(t, 'GET', `/api/sessions/${session.id}/roster`, { cookie: p.coachCookie });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ status: 'active', person: expect.objectContaining({ id: ada.id, name: 'Ada Lovelace', email: 'ada@example.test', department: 'Analytics' }) }),
    ]);
    const otherCoach = await buildPerson(t.database.db, { org: p.org, roles: ['coach'] });
    expect((await call(t, 'GET', `/api/sessions/${session.id}/roster`, { cookie: await t.cookieFor(otherCoach) })).status).toBe(404);
    expect((await call(t, 'GET', `/api/sessions/${session.id}/roster`, { cookie: await t.cookieFor(ada) })).status).toBe(404);
  });

  it("lists the coach's own sessions, soonest first, each with its roster", async () => {
    const p = await program();
    const later = await buildSession(t.database.db, { org: p.org, coach: p.coach, startsAt: at(`${Y}-06-08T08:00:00Z`) });
    const sooner = await buildSession(t.database.db, { org: p.org, coach: p.coach, startsAt: at(`${Y}-06-07T08:00:00Z`) });
    const elsewhere = await buildSession(t.database.db, { org: p.org, startsAt: at(`${Y}-06-07T08:00:00Z`) });
    const grace = await buildPerson(t.database.db, { org: p.org, name: 'Grace Hopper' });
    await buildBooking(t.database.db, { session: later, person: grace });
    const res = await call(t, 'GET', '/api/me/coached-sessions', { cookie: p.coachCookie });
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([sooner.id, later.id]);
    expect(res.body.items[0].roster).toEqual([]);
    expect(res.body.items[1].roster.map((r: { person: { name: string } }) => r.person.name)).toEqual(['Grace Hopper']);
    const nosy = await call(t, 'GET', `/api/me/coached-sessions?coachId=${elsewhere.coach_id}`, { cookie: p.coachCookie });
    expect(nosy.status).toBe(404);
    const asAdmin = await call(t, 'GET', `/api/me/coached-sessions?coachId=${elsewhere.coach_id}`, { cookie: p.adminCookie });
    expect(asAdmin.body.items.map((s: { id: string }) => s.id)).toEqual([elsewhere.id]);
  });
});
