// "Could I take a seat?" answered before the click: the same rules as taking one, read only. Each
// case is checked against the sign-up itself, so the two cannot drift apart.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { snapshot } from '../../../test/db-snapshot.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

const Y = yearLike(2027, '02-01');
const at = (iso: string) => new Date(iso);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

const check = (sessionId: string, cookie: string) => call(t, 'GET', `/api/sessions/${sessionId}/seat-check`, { cookie });
const book = (sessionId: string, cookie: string) => call(t, 'POST', `/api/sessions/${sessionId}/bookings`, { cookie });

/** The check's refusal, then the sign-up's: the same code (or both pass). */
async function agrees(sessionId: string, cookie: string) {
  const before = await snapshot(t.database.db);
  const checked = await check(sessionId, cookie);
  expect(checked.status).toBe(200);
  // Asking changes nothing.
  expect(await snapshot(t.database.db)).toEqual(before);
  const booked = await book(sessionId, cookie);
  if (checked.body.refusal === null) expect(booked.status).toBe(201);
  else expect(booked.body).toMatchObject({ code: checked.body.refusal.code });
  return checked.body.refusal as { code: string; message: string; limit?: number } | null;
}

describe('GET /api/sessions/{id}/seat-check', () => {
  it('says nothing stands in the way of a free seat, and then the seat is taken', async () => {
    const org = await buildOrganisation(t.database.db);
    const session = await buildSession(t.database.db, { org, startsAt: at(`${Y}-02-01T09:00:00Z`) });
    const person = await buildPerson(t.database.db, { org });
    expect(await agrees(session.id, await t.cookieFor(person))).toBeNull();
  });

  it('names the limit, an overlap, one’s own seat, one’s own session, a full one, a started and a cancelled one, as the sign-up would', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const person = await buildPerson(db, { org, roles: ['employee', 'coach'] });
    const cookie = await t.cookieFor(person);
    const [a, b, c] = await Promise.all([1, 2, 3].map((d) => buildSession(db, { org, startsAt: at(`${Y}-02-0${d}T09:00:00Z`) })));
    await buildBooking(db, { session: a!, person });
    expect((await agrees(a!.id, cookie))?.code).toBe('ALREADY_BOOKED');
    const overlapping = await buildSession(db, { org, startsAt: at(`${Y}-02-01T09:30:00Z`) });
    expect((await agrees(overlapping.id, cookie))?.code).toBe('OVERLAPPING_BOOKING');
    await buildBooking(db, { session: b!, person });
    expect(await agrees(c!.id, cookie)).toMatchObject({ code: 'LIMIT_REACHED', limit: 2 });

    const other = await buildPerson(db, { org });
    const otherCookie = await t.cookieFor(other);
    const own = await buildSession(db, { org, coach: person, startsAt: at(`${Y}-02-08T09:00:00Z`) });
    expect((await agrees(own.id, cookie))?.code).toBe('OWN_SESSION');
    const full = await buildSession(db, { org, startsAt: at(`${Y}-02-09T09:00:00Z`), capacity: 1 });
    await buildBooking(db, { session: full, person: await buildPerson(db, { org }) });
    expect((await agrees(full.id, otherCookie))?.code).toBe('SESSION_FULL');
    const started = await buildSession(db, { org, startsAt: new Date(Date.now() - 10 * 60_000) });
    expect((await agrees(started.id, otherCookie))?.code).toBe('SESSION_STARTED');
    const cancelled = await buildSession(db, { org, startsAt: at(`${Y}-02-10T09:00:00Z`) });
    await db.updateTable('sessions').set({ status: 'cancelled', cancel_reason: 'Coach ill' }).where('id', '=', cancelled.id).execute();
    expect((await agrees(cancelled.id, otherCookie))?.code).toBe('SESSION_CANCELLED');
  });

  it('answers 404 for a session of another organisation or none, and 401 without a session', async () => {
    const mine = await buildOrganisation(t.database.db);
    const theirs = await buildOrganisation(t.database.db);
    const session = await buildSession(t.database.db, { org: theirs, startsAt: at(`${Y}-02-01T09:00:00Z`) });
    const cookie = await t.cookieFor(await buildPerson(t.database.db, { org: mine }));
    expect((await check(session.id, cookie)).status).toBe(404);
    expect((await check('00000000-0000-4000-8000-000000000000', cookie)).status).toBe(404);
    expect((await call(t, 'GET', `/api/sessions/${session.id}/seat-check`)).status).toBe(401);
  });
});
