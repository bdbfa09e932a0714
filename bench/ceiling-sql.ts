// The ceiling: the booking and cancelling transactions over a bare pg client, no HTTP, no query
// builder at run time. The SQL is not copied here: it is captured once from the real queries
// modules (sql-capture.ts), so the ceiling sends exactly what the service sends and follows any
// change to checkSeat and friends.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { pgErrorCode, violatedConstraint } from '../src/db/errors.ts';
import { inOrg, type Tx } from '../src/db/transaction.ts';
import * as bookings from '../src/features/bookings/queries.ts';
import { queueSeatGivenUp, queueSeatTaken } from '../src/features/notifications/outbox/service.ts';
import { getProgramSettings } from '../src/features/organisations/queries.ts';
import { lockSessions } from '../src/features/sessions/queries.ts';
import { compileQueries } from './sql-capture.ts';

export interface Values {
  orgId: string;
  personId: string;
  sessionId: string;
  bookingId: string;
  now: Date;
}

type Slot = keyof Values;
const SENTINELS: Values = { orgId: '00000000-0000-4000-8000-0000000000aa', personId: '«person»', sessionId: '«session»', bookingId: '«booking»', now: new Date(0) };

export interface Statement {
  /** Prepared under this name on each connection, as the app's pool does (src/db/pool.ts). */
  name: string;
  sql: string;
  bind(values: Values): unknown[];
}

/** The statements a transaction sends between inOrg's opening (BEGIN with set_config) and COMMIT, in order. */
async function capture(steps: Array<(tx: Tx, v: Values) => Promise<unknown>>): Promise<Statement[]> {
  const seen = await compileQueries((db) =>
    inOrg(db, SENTINELS.orgId, async (tx) => {
      for (const step of steps) await step(tx, SENTINELS).catch(() => {}); // no rows come back
    }),
  );
  const slots = new Map<unknown, Slot>(Object.entries(SENTINELS).map(([slot, value]) => [value, slot as Slot]));
  return seen.filter(({ sql }) => !/^(begin|commit)\b/i.test(sql)).map(({ sql, parameters }) => {
    const plan = parameters.map((p) => slots.get(p));
    const name = `ceiling_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    return { name, sql, bind: (v) => plan.map((slot, i) => (slot ? v[slot] : parameters[i])) };
  });
}

export interface CeilingStatements {
  book: Statement[];
  cancel: Statement[];
  /** Sent after the booking is written, in the same transaction: its messages queued (issue 4). */
  booked: Statement[];
  cancelled: Statement[];
}

export async function captureCeilingStatements(): Promise<CeilingStatements> {
  return {
    // bookSeat: lock the person, one check query, insert (the trigger counts the seat).
    book: await capture([
      (tx, v) => bookings.lockPerson(tx, v.orgId, v.personId),
      (tx, v) => bookings.checkSeat(tx, v.orgId, v.sessionId, v.personId, v.now, null),
      (tx, v) => bookings.insertBooking(tx, v.orgId, v.sessionId, v.personId),
    ]),
    // cancelBooking: find it, lock its session, read the cut-off, mark it cancelled.
    cancel: await capture([
      (tx, v) => bookings.findBooking(tx, v.orgId, v.bookingId),
      (tx, v) => lockSessions(tx, v.orgId, [v.sessionId]),
      (tx, v) => getProgramSettings(tx, v.orgId),
      (tx, v) => bookings.markCancelled(tx, v.orgId, v.bookingId, v.personId, 'employee'),
    ]),
    // The confirmation, the coach's roster notice and the reminder; or the cancellation and the notice.
    booked: await capture([(tx, v) => queueSeatTaken(tx, v.orgId, v.bookingId, 'booking_confirmed')]),
    cancelled: await capture([(tx, v) => queueSeatGivenUp(tx, v.orgId, v.bookingId, { by: 'employee' })]),
  };
}

export type RawOutcome = { ok: true; bookingId: string } | { ok: false; code: string };
class Refusal extends Error {
  code: string;
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

const RETRYABLE = new Set(['40001', '40P01']);

async function inRawTransaction(
  client: pg.PoolClient, statements: Statement[], after: Statement[], v: Values,
  work: (run: (i: number, values?: Values) => Promise<pg.QueryResult>) => Promise<string>,
): Promise<RawOutcome> {
  const send = (s: Statement, values: Values) => client.query({ name: s.name, text: s.sql, values: s.bind(values) });
  for (let attempt = 1; ; attempt++) {
    // As inOrg opens a transaction: BEGIN and the organisation in one message.
    await client.query(`begin; select set_config('app.org_id', '${v.orgId}', true)`);
    try {
      const bookingId = await work((i, values = v) => send(statements[i]!, values));
      for (const s of after) await send(s, { ...v, bookingId });
      await client.query('commit');
      return { ok: true, bookingId };
    } catch (error) {
      await client.query('rollback');
      if (error instanceof Refusal) return { ok: false, code: error.code };
      if (violatedConstraint(error) === 'sessions_seats_within_capacity') return { ok: false, code: 'SESSION_FULL' };
      if (!RETRYABLE.has(pgErrorCode(error) ?? '') || attempt >= 4) throw error;
    }
  }
}

/** The service's bookSeat, rule for rule, over raw SQL. */
export function bookRaw(client: pg.PoolClient, s: CeilingStatements, v: Values): Promise<RawOutcome> {
  return inRawTransaction(client, s.book, s.booked, v, async (run) => {
    const me = (await run(0)).rows[0] as { active: boolean } | undefined;
    if (!me?.active) throw new Refusal('PERSON_INACTIVE');
    const c = (await run(1)).rows[0] as bookings.SeatCheck | undefined;
    if (!c) throw new Refusal('NOT_FOUND');
    if (c.status === 'cancelled') throw new Refusal('SESSION_CANCELLED');
    if (c.status === 'completed' || c.starts_at <= v.now) throw new Refusal('SESSION_STARTED');
    if (c.coach_id === v.personId) throw new Refusal('OWN_SESSION');
    if (c.already_booked) throw new Refusal('ALREADY_BOOKED');
    if (c.overlapping) throw new Refusal('OVERLAPPING_BOOKING');
    if (c.future_bookings >= c.max_future_bookings) throw new Refusal('LIMIT_REACHED');
    if (c.seats_taken >= c.capacity) throw new Refusal('SESSION_FULL');
    return ((await run(2)).rows[0] as { id: string }).id;
  });
}

/** The service's cancelBooking for one's own booking, over raw SQL. */
export function cancelRaw(client: pg.PoolClient, s: CeilingStatements, v: Values): Promise<RawOutcome> {
  return inRawTransaction(client, s.cancel, s.cancelled, v, async (run) => {
    const booking = (await run(0)).rows[0] as bookings.BookingRow | undefined;
    if (!booking || booking.person_id !== v.personId) throw new Refusal('NOT_FOUND');
    if (booking.status !== 'active') throw new Refusal('BOOKING_NOT_ACTIVE');
    const session = (await run(1, { ...v, sessionId: booking.session_id })).rows[0] as { starts_at: Date } | undefined;
    if (!session) throw new Refusal('NOT_FOUND');
    if (session.starts_at <= v.now) throw new Refusal('SESSION_STARTED');
    const settings = (await run(2)).rows[0] as { cancellation_cutoff_minutes: number };
    if (session.starts_at.getTime() - v.now.getTime() < settings.cancellation_cutoff_minutes * 60_000) throw new Refusal('CANCELLATION_CUTOFF');
    await run(3);
    return v.bookingId;
  });
}
