// Seats under real concurrency: hundreds of HTTP requests in flight at once against the listening
// server, and what the database holds afterwards. Counts must be exact and nothing may answer 5xx.
import type { Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
let org: OrgRow;
beforeAll(async () => {
  t = await startTestApp({ poolSize: 30 });
  org = await buildOrganisation(t.database.db);
});

interface Answer {
  status: number;
  body: { id?: string; code?: string; [key: string]: unknown };
  replayed: boolean;
}

async function post(path: string, cookie: string, options: { body?: unknown; key?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = options.key ? { 'idempotency-key': options.key } : {};
  const res = await t.request('POST', path, { cookie, headers, body: options.body });
  return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') === 'true' };
}

/** Fires every request before awaiting any, so they are all in flight together. */
function together<T>(count: number, send: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => send(i)));
}

interface Caller {
  person: PersonRow;
  cookie: string;
}

async function signedInPerson(): Promise<Caller> {
  const person = await buildPerson(t.database.db, { org });
  return { person, cookie: await t.cookieFor(person) };
}

const peopleWithCookies = (count: number) => together(count, signedInPerson);

function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status < 300 ? String(a.status) : `${a.status} ${a.body.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function seatHolders(sessionId: string) {
  return t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('status', '<>', 'cancelled').select(['id', 'person_id']).execute();
}

async function seatsTaken(sessionId: string): Promise<number> {
  const row = await t.database.db.selectFrom('sessions').where('id', '=', sessionId).select('seats_taken').executeTakeFirstOrThrow();
  return row.seats_taken;
}

describe('concurrent sign-ups over HTTP', () => {
  it('gives a 4-seat session to exactly 4 of 500 people signing up at once; the rest get SESSION_FULL', async () => {
    const session = await buildSession(t.database.db, { org, capacity: 4 });
    const people = await peopleWithCookies(500);
    let open = 0;
    let peak = 0;
    const countConnection = (socket: Socket) => {
      peak = Math.max(peak, ++open);
      socket.once('close', () => open--);
    };
    t.app.server.on('connection', countConnection);
    const answers = await together(500, (i) => post(`/api/sessions/${session.id}/bookings`, people[i]!.cookie));
    t.app.server.off('connection', countConnection);

    // A guard on the test itself: the requests really were in flight together, far more than the pool.
    expect(peak).toBeGreaterThan(100);
    expect(tally(answers)).toEqual({ '201': 4, '409 SESSION_FULL': 496 });
    const holders = await seatHolders(session.id);
    expect(holders).toHaveLength(4);
    expect(await seatsTaken(session.id)).toBe(4);
    // The four 201 answers are exactly the four bookings in the database.
    const winners = answers.filter((a) => a.status === 201).map((a) => a.body.id).sort();
    expect(winners).toEqual(holders.map((h) => h.id).sort());
  });

  it('books one seat when one person sends the same sign-up 50 times at once without a key', async () => {
    const session = await buildSession(t.database.db, { org, capacity: 4 });
    const { person, cookie } = await signedInPerson();
    const answers = await together(50, () => post(`/api/sessions/${session.id}/bookings`, cookie));

    expect(tally(answers)).toEqual({ '201': 1, '409 ALREADY_BOOKED': 49 });
    const holders = await seatHolders(session.id);
    expect(holders.map((h) => h.person_id)).toEqual([person.id]);
    expect(await seatsTaken(session.id)).toBe(1);
  });
});

describe('Idempotency-Key under concurrency', () => {
  it('answers 50 concurrent sign-ups with one key with the same booking, and replays it later', async () => {
    const session = await buildSession(t.database.db, { org, capacity: 4 });
    const { person, cookie } = await signedInPerson();
    const path = `/api/sessions/${session.id}/bookings`;
    const answers = await together(50, () => post(path, cookie, { key: 'sign-up-1' }));

    expect(tally(answers)).toEqual({ '201': 50 });
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    const holders = await seatHolders(session.id);
    expect(holders.map((h) => h.person_id)).toEqual([person.id]);
    expect(holders[0]!.id).toBe(answers[0]!.body.id);

    const first = answers.find((a) => !a.replayed)!;
    const retry = await post(path, cookie, { key: 'sign-up-1' });
    expect(retry).toEqual({ status: 201, body: first.body, replayed: true });
    expect(await seatsTaken(session.id)).toBe(1);
  });

  it('refuses the same key on a different session with IDEMPOTENCY_KEY_REUSED and books nothing there', async () => {
    const [one, other] = [await buildSession(t.database.db, { org }), await buildSession(t.database.db, { org })];
    const { cookie } = await signedInPerson();
    expect((await post(`/api/sessions/${one.id}/bookings`, cookie, { key: 'k-reused' })).status).toBe(201);

    const reused = await post(`/api/sessions/${other.id}/bookings`, cookie, { key: 'k-reused' });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await seatHolders(other.id)).toHaveLength(0);
  });

  it('replays a refusal with its key even after a seat has freed up', async () => {
    const session = await buildSession(t.database.db, { org, capacity: 1 });
    const [holder, latecomer] = [await signedInPerson(), await signedInPerson()];
    const path = `/api/sessions/${session.id}/bookings`;
    const held = await post(path, holder.cookie);
    expect(held.status).toBe(201);

    const refused = await post(path, latecomer.cookie, { key: 'late-1' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SESSION_FULL');
    expect((await post(`/api/bookings/${held.body.id}/cancel`, holder.cookie)).status).toBe(200);
    expect(await seatsTaken(session.id)).toBe(0);

    const replays = await together(10, () => post(path, latecomer.cookie, { key: 'late-1' }));
    for (const replay of replays) expect(replay).toEqual({ status: 409, body: refused.body, replayed: true });
    expect(await seatHolders(session.id)).toHaveLength(0);
    // The seat really is free: a new request (new key) takes it.
    expect((await post(path, latecomer.cookie, { key: 'late-2' })).status).toBe(201);
  });
});

describe('concurrent moves', () => {
  it('swaps 20 pairs moving in opposite directions at once without errors and with exact seat counts', async () => {
    const module = await buildModule(t.database.db, { org });
    const start = hoursAfterReference(72).getTime();
    const s1 = await buildSession(t.database.db, { org, module, capacity: 50, startsAt: new Date(start) });
    const s2 = await buildSession(t.database.db, { org, module, capacity: 50, startsAt: new Date(start + 4 * 3_600_000) });
    const pairs = 20;
    const people = await peopleWithCookies(2 * pairs);
    const [inS1, inS2] = [people.slice(0, pairs), people.slice(pairs)];
    const booked = await together(2 * pairs, (i) => post(`/api/sessions/${i < pairs ? s1.id : s2.id}/bookings`, people[i]!.cookie));
    expect(tally(booked)).toEqual({ '201': 2 * pairs });

    const moves = await together(2 * pairs, (i) => {
      const target = i < pairs ? s2.id : s1.id;
      return post(`/api/bookings/${booked[i]!.body.id}/move`, people[i]!.cookie, { body: { sessionId: target } });
    });

    expect(tally(moves)).toEqual({ '201': 2 * pairs });
    const holdersOf = async (id: string) => (await seatHolders(id)).map((h) => h.person_id).sort();
    expect(await holdersOf(s1.id)).toEqual(inS2.map((p) => p.person.id).sort());
    expect(await holdersOf(s2.id)).toEqual(inS1.map((p) => p.person.id).sort());
    expect([await seatsTaken(s1.id), await seatsTaken(s2.id)]).toEqual([pairs, pairs]);
    const moved = await t.database.db.selectFrom('bookings').where('session_id', 'in', [s1.id, s2.id])
      .where('cancel_reason', '=', 'moved').select('moved_to_booking_id').execute();
    expect(moved).toHaveLength(2 * pairs);
    expect(moved.every((m) => m.moved_to_booking_id !== null)).toBe(true);
  });

  it('keeps full sessions exact when people swap into them and others sign up at the same time', async () => {
    const module = await buildModule(t.database.db, { org });
    const start = hoursAfterReference(96).getTime();
    const s1 = await buildSession(t.database.db, { org, module, capacity: 6, startsAt: new Date(start) });
    const s2 = await buildSession(t.database.db, { org, module, capacity: 6, startsAt: new Date(start + 4 * 3_600_000) });
    const movers = await peopleWithCookies(10);
    const booked = await together(10, (i) => post(`/api/sessions/${i < 5 ? s1.id : s2.id}/bookings`, movers[i]!.cookie));
    const newcomers = await peopleWithCookies(40);

    const answers = await Promise.all([
      ...movers.map((m, i) => post(`/api/bookings/${booked[i]!.body.id}/move`, m.cookie, { body: { sessionId: i < 5 ? s2.id : s1.id } })),
      ...newcomers.map((n, i) => post(`/api/sessions/${i % 2 ? s1.id : s2.id}/bookings`, n.cookie)),
    ]);

    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.every((a) => a.status === 201 || a.body.code === 'SESSION_FULL')).toBe(true);
    for (const s of [s1, s2]) {
      const holders = await seatHolders(s.id);
      expect(holders.length).toBeLessThanOrEqual(6);
      expect(await seatsTaken(s.id)).toBe(holders.length);
    }
    // Every mover still holds exactly one seat, whether or not the move went through.
    const held = await t.database.db.selectFrom('bookings').where('person_id', 'in', movers.map((m) => m.person.id))
      .where('status', '<>', 'cancelled').select('person_id').execute();
    expect(held.map((h) => h.person_id).sort()).toEqual(movers.map((m) => m.person.id).sort());
    const seated = await t.database.db.selectFrom('bookings').where('person_id', 'in', newcomers.map((n) => n.person.id))
      .where('status', '<>', 'cancelled').select('id').execute();
    expect(seated).toHaveLength(answers.slice(movers.length).filter((a) => a.status === 201).length);
  });

  it('lets only one of a cancel and a move of the same booking, sent at once, go through', async () => {
    const module = await buildModule(t.database.db, { org });
    const start = hoursAfterReference(120).getTime();
    const from = await buildSession(t.database.db, { org, module, capacity: 30, startsAt: new Date(start) });
    const to = await buildSession(t.database.db, { org, module, capacity: 30, startsAt: new Date(start + 4 * 3_600_000) });
    const people = await peopleWithCookies(30);
    const booked = await together(30, (i) => post(`/api/sessions/${from.id}/bookings`, people[i]!.cookie));

    const answers = await together(30, (i) => Promise.all([
      post(`/api/bookings/${booked[i]!.body.id}/cancel`, people[i]!.cookie),
      post(`/api/bookings/${booked[i]!.body.id}/move`, people[i]!.cookie, { body: { sessionId: to.id } }),
    ]));

    const rows = await t.database.db.selectFrom('bookings').where('session_id', 'in', [from.id, to.id])
      .select(['id', 'person_id', 'session_id', 'status', 'cancel_reason', 'moved_to_booking_id']).execute();
    for (const [i, [cancel, move]] of answers.entries()) {
      // Exactly one wins; the loser finds the booking no longer active.
      expect([cancel.status, move.status].sort()).toEqual(cancel.status === 200 ? [200, 409] : [201, 409]);
      expect([cancel, move].find((a) => a.status === 409)!.body.code).toBe('BOOKING_NOT_ACTIVE');
      const mine = rows.filter((r) => r.person_id === people[i]!.person.id);
      const original = mine.find((r) => r.id === booked[i]!.body.id)!;
      expect(original.status).toBe('cancelled');
      if (cancel.status === 200) {
        expect(original).toMatchObject({ cancel_reason: 'employee', moved_to_booking_id: null });
        expect(mine).toHaveLength(1);
      } else {
        expect(original).toMatchObject({ cancel_reason: 'moved', moved_to_booking_id: move.body.id });
        expect(mine.filter((r) => r.status === 'active').map((r) => r.session_id)).toEqual([to.id]);
      }
    }
    const holding = rows.filter((r) => r.status !== 'cancelled');
    expect([await seatsTaken(from.id), await seatsTaken(to.id)]).toEqual([0, holding.length]);
  });
});
