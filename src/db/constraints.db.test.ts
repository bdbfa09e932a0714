// The rules the database itself enforces, whatever the application does: raw SQL straight past
// the services must still be refused, with the constraint's name and SQLSTATE.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hoursAfterReference } from '../../test/dates.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { buildBooking, buildOrganisation, buildPerson, buildRoom, buildSession, type OrgRow } from '../../test/factories.ts';

let t: TestDatabase;
let org: OrgRow;
beforeAll(async () => {
  t = await createTestDatabase(25);
  org = await buildOrganisation(t.db);
});

const inDays = (days: number) => hoursAfterReference(days * 24);

/** Runs raw SQL and returns the PostgreSQL error it raised (fails the test if it raised none). */
async function refusal(text: string, values: unknown[] = []): Promise<{ code: string; constraint: string | undefined }> {
  const error = await t.pool.query(text, values).then(() => undefined, (e: { code: string; constraint?: string }) => e);
  if (!error) throw new Error(`expected the database to refuse: ${text}`);
  return { code: error.code, constraint: error.constraint };
}

const insertBooking = (orgId: string, sessionId: string, personId: string) =>
  t.pool.query('insert into bookings (org_id, session_id, person_id) values ($1, $2, $3) returning id', [orgId, sessionId, personId]);
const cancelBookingRow = (id: string) =>
  t.pool.query(`update bookings set status = 'cancelled', cancelled_at = now(), cancel_reason = 'employee' where id = $1`, [id]);

async function seats(sessionId: string) {
  const { rows } = await t.pool.query<{ seats_taken: number; holding: number; all_rows: number }>(
    `select s.seats_taken,
       (select count(*)::int from bookings b where b.session_id = s.id and b.status <> 'cancelled') as holding,
       (select count(*)::int from bookings b where b.session_id = s.id) as all_rows
     from sessions s where s.id = $1`, [sessionId]);
  return rows[0]!;
}

/** Waits until some backend waits for a lock while inserting into the session's bookings. */
async function waitUntilBlocked(sessionId: string) {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
    const { rows } = await t.pool.query(
      `select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into bookings%' and datname = current_database()`);
    if (rows.length > 0) return;
  }
  throw new Error(`no sign-up for ${sessionId} waited for the cancellation`);
}

describe('capacity', () => {
  it('refuses a fifth active booking in a 4-seat session (sessions_seats_within_capacity)', async () => {
    const session = await buildSession(t.db, { org, capacity: 4 });
    for (let i = 0; i < 4; i++) await buildBooking(t.db, { session });
    const fifth = await buildPerson(t.db, { org });
    expect(await refusal('insert into bookings (org_id, session_id, person_id) values ($1, $2, $3)', [org.id, session.id, fifth.id]))
      .toEqual({ code: '23514', constraint: 'sessions_seats_within_capacity' });
    expect(await seats(session.id)).toEqual({ seats_taken: 4, holding: 4, all_rows: 4 });
  });

  it('lets exactly capacity of 40 concurrent raw inserts through, on separate connections', async () => {
    const session = await buildSession(t.db, { org, capacity: 4 });
    const people = await Promise.all(Array.from({ length: 40 }, () => buildPerson(t.db, { org })));
    const results = await Promise.allSettled(people.map((p) => insertBooking(org.id, session.id, p.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { constraint?: string }).constraint] : []));
    expect(new Set(reasons)).toEqual(new Set(['sessions_seats_within_capacity']));
    expect(await seats(session.id)).toEqual({ seats_taken: 4, holding: 4, all_rows: 4 });
  });

  it('frees a seat on cancel and keeps the cancelled row as history', async () => {
    const session = await buildSession(t.db, { org, capacity: 1 });
    const booking = await buildBooking(t.db, { session });
    await cancelBookingRow(booking.id);
    expect(await seats(session.id)).toEqual({ seats_taken: 0, holding: 0, all_rows: 1 });
    await buildBooking(t.db, { session });
    expect(await seats(session.id)).toEqual({ seats_taken: 1, holding: 1, all_rows: 2 });
  });

  it('refuses to re-activate a cancelled booking when the session has filled up meanwhile', async () => {
    const session = await buildSession(t.db, { org, capacity: 1 });
    const booking = await buildBooking(t.db, { session });
    await cancelBookingRow(booking.id);
    await buildBooking(t.db, { session });
    expect(await refusal(`update bookings set status = 'active', cancelled_at = null, cancel_reason = null where id = $1`, [booking.id]))
      .toEqual({ code: '23514', constraint: 'sessions_seats_within_capacity' });
    expect(await seats(session.id)).toEqual({ seats_taken: 1, holding: 1, all_rows: 2 });
  });

  it('counts a seat out when the booking is deleted, and refuses to move a booking to another session', async () => {
    const [one, other] = [await buildSession(t.db, { org }), await buildSession(t.db, { org })];
    const [kept, removed] = [await buildBooking(t.db, { session: one }), await buildBooking(t.db, { session: one })];
    await t.pool.query('delete from bookings where id = $1', [removed.id]);
    expect(await seats(one.id)).toEqual({ seats_taken: 1, holding: 1, all_rows: 1 });
    expect(await refusal('update bookings set session_id = $1 where id = $2', [other.id, kept.id]))
      .toEqual({ code: '23514', constraint: 'bookings_session_fixed' });
    expect([(await seats(one.id)).seats_taken, (await seats(other.id)).seats_taken]).toEqual([1, 0]);
  });

  it('refuses to lower the capacity below the seats taken, and allows lowering it to exactly that', async () => {
    const session = await buildSession(t.db, { org, capacity: 4 });
    for (let i = 0; i < 3; i++) await buildBooking(t.db, { session });
    expect(await refusal('update sessions set capacity = 2 where id = $1', [session.id]))
      .toEqual({ code: '23514', constraint: 'sessions_seats_within_capacity' });
    await t.pool.query('update sessions set capacity = 3 where id = $1', [session.id]);
    const { rows } = await t.pool.query('select capacity, seats_taken from sessions where id = $1', [session.id]);
    expect(rows[0]).toEqual({ capacity: 3, seats_taken: 3 });
  });
});

describe('one seat per person per session', () => {
  it('refuses a second active booking (bookings_one_active_per_person) but allows one after cancelling', async () => {
    const session = await buildSession(t.db, { org });
    const person = await buildPerson(t.db, { org });
    const first = await buildBooking(t.db, { session, person });
    expect(await refusal('insert into bookings (org_id, session_id, person_id) values ($1, $2, $3)', [org.id, session.id, person.id]))
      .toEqual({ code: '23505', constraint: 'bookings_one_active_per_person' });
    expect(await seats(session.id)).toEqual({ seats_taken: 1, holding: 1, all_rows: 1 });

    await cancelBookingRow(first.id);
    await insertBooking(org.id, session.id, person.id);
    expect(await seats(session.id)).toEqual({ seats_taken: 1, holding: 1, all_rows: 2 });
  });
});

describe('bookings only where they belong', () => {
  it('refuses a booking in a cancelled session (bookings_session_scheduled)', async () => {
    const session = await buildSession(t.db, { org });
    await t.pool.query(`update sessions set status = 'cancelled', cancelled_at = now() where id = $1`, [session.id]);
    const person = await buildPerson(t.db, { org });
    expect(await refusal('insert into bookings (org_id, session_id, person_id) values ($1, $2, $3)', [org.id, session.id, person.id]))
      .toEqual({ code: '23514', constraint: 'bookings_session_scheduled' });
    expect(await seats(session.id)).toEqual({ seats_taken: 0, holding: 0, all_rows: 0 });
  });

  it('refuses a booking that began while the session\'s cancellation was not yet committed', async () => {
    const session = await buildSession(t.db, { org });
    const person = await buildPerson(t.db, { org });
    const canceller = await t.pool.connect();
    try {
      await canceller.query('begin');
      await canceller.query(`update sessions set status = 'cancelled', cancelled_at = now() where id = $1`, [session.id]);
      // The sign-up sees the session still scheduled and queues behind the cancellation's row lock.
      const signUp = insertBooking(org.id, session.id, person.id).then(() => undefined, (e: { code: string; constraint?: string }) => e);
      await waitUntilBlocked(session.id);
      await canceller.query('commit');
      expect(await signUp).toMatchObject({ code: '23514', constraint: 'bookings_session_scheduled' });
    } finally {
      canceller.release();
    }
    expect(await seats(session.id)).toEqual({ seats_taken: 0, holding: 0, all_rows: 0 });
  });

  it('refuses a booking that points to a session or person of another organisation (composite keys)', async () => {
    const elsewhere = await buildSession(t.db, { org: await buildOrganisation(t.db) });
    const ours = await buildSession(t.db, { org });
    const person = await buildPerson(t.db, { org });
    const stranger = await buildPerson(t.db, { org: { id: elsewhere.org_id } });
    expect(await refusal('insert into bookings (org_id, session_id, person_id) values ($1, $2, $3)', [org.id, elsewhere.id, person.id]))
      .toEqual({ code: '23503', constraint: 'bookings_session_fk' });
    expect(await refusal('insert into bookings (org_id, session_id, person_id) values ($1, $2, $3)', [org.id, ours.id, stranger.id]))
      .toEqual({ code: '23503', constraint: 'bookings_person_fk' });
    expect([(await seats(elsewhere.id)).all_rows, (await seats(ours.id)).all_rows]).toEqual([0, 0]);
  });
});

describe('coaches and rooms are in one place at a time', () => {
  const insertSession = (o: { coachId: string; moduleId: string; roomId: string | null; startsAt: Date; minutes: number }) =>
    t.pool.query(
      `insert into sessions (org_id, module_id, coach_id, starts_at, ends_at, time_zone, format, room_id, online_url, language)
       values ($1, $2, $3, $4, $5, 'Europe/Berlin', $6, $7, $8, 'en') returning id`,
      [org.id, o.moduleId, o.coachId, o.startsAt, new Date(o.startsAt.getTime() + o.minutes * 60_000),
        o.roomId ? 'in_person' : 'virtual', o.roomId, o.roomId ? null : `https://meet.example.test/${randomUUID()}`],
    );
  const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: { code: string; constraint?: string }) => ({ code: e.code, constraint: e.constraint }));

  it('refuses a coach in two overlapping scheduled sessions (sessions_coach_no_overlap)', async () => {
    const first = await buildSession(t.db, { org, startsAt: inDays(3) });
    const overlapping = { coachId: first.coach_id, moduleId: first.module_id, roomId: null, startsAt: new Date(first.starts_at.getTime() + 89 * 60_000), minutes: 90 };
    expect(await errorOf(insertSession(overlapping))).toEqual({ code: '23P01', constraint: 'sessions_coach_no_overlap' });
    const { rows } = await t.pool.query('select count(*)::int as n from sessions where coach_id = $1', [first.coach_id]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses a room in two overlapping scheduled sessions (sessions_room_no_overlap)', async () => {
    const room = await buildRoom(t.db, { org });
    const first = await buildSession(t.db, { org, room, startsAt: inDays(4) });
    const otherCoach = await buildPerson(t.db, { org, roles: ['coach'] });
    const inside = { coachId: otherCoach.id, moduleId: first.module_id, roomId: room.id, startsAt: new Date(first.starts_at.getTime() + 30 * 60_000), minutes: 30 };
    expect(await errorOf(insertSession(inside))).toEqual({ code: '23P01', constraint: 'sessions_room_no_overlap' });
  });

  it('allows back-to-back sessions for the same coach and the same room', async () => {
    const room = await buildRoom(t.db, { org });
    const first = await buildSession(t.db, { org, room, startsAt: inDays(5) });
    const before = { coachId: first.coach_id, moduleId: first.module_id, roomId: room.id, startsAt: new Date(first.starts_at.getTime() - 90 * 60_000), minutes: 90 };
    const after = { ...before, startsAt: first.ends_at };
    expect(await errorOf(insertSession(before))).toBeUndefined();
    expect(await errorOf(insertSession(after))).toBeUndefined();
    const { rows } = await t.pool.query('select count(*)::int as n from sessions where room_id = $1 and coach_id = $2', [room.id, first.coach_id]);
    expect(rows[0].n).toBe(3);
  });

  it('does not let a cancelled session block its slot, and refuses to revive it over a new one', async () => {
    const room = await buildRoom(t.db, { org });
    const cancelled = await buildSession(t.db, { org, room, startsAt: inDays(6) });
    await t.pool.query(`update sessions set status = 'cancelled', cancelled_at = now() where id = $1`, [cancelled.id]);
    const same = { coachId: cancelled.coach_id, moduleId: cancelled.module_id, roomId: room.id, startsAt: cancelled.starts_at, minutes: 90 };
    expect(await errorOf(insertSession(same))).toBeUndefined();
    expect(await refusal(`update sessions set status = 'scheduled', cancelled_at = null where id = $1`, [cancelled.id]))
      .toMatchObject({ code: '23P01' });
  });

  it('refuses to move a session onto another of its coach by changing its time', async () => {
    const first = await buildSession(t.db, { org, startsAt: inDays(7) });
    const { rows } = await insertSession({ coachId: first.coach_id, moduleId: first.module_id, roomId: null, startsAt: first.ends_at, minutes: 90 });
    expect(await refusal('update sessions set starts_at = starts_at - interval \'1 minute\' where id = $1', [rows[0].id]))
      .toEqual({ code: '23P01', constraint: 'sessions_coach_no_overlap' });
  });
});
