// Property-based: random sequences of book / cancel / move / capacity change, run through the real
// services on a real database, never break the seat rules. A small model predicts every answer.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hoursAfterReference } from '../../../test/dates.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../../../test/factories.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { RuleError } from '../../lib/errors.ts';
import { changeSession } from '../sessions/service.ts';
import { bookSeat, cancelBooking, moveBooking } from './service.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(12);
});

const LIMIT = 2;
// Four 90-minute sessions: 0 and 1 overlap; 2 and 3 are back to back; 3 is another module.
// Coach 1 is also an employee who may book seats (though not in the sessions they coach).
const LAYOUT = [
  { offsetMinutes: 0, coach: 0, module: 0 },
  { offsetMinutes: 30, coach: 1, module: 0 },
  { offsetMinutes: 180, coach: 0, module: 0 },
  { offsetMinutes: 270, coach: 1, module: 1 },
];
const overlap = (a: number, b: number) =>
  LAYOUT[a]!.offsetMinutes < LAYOUT[b]!.offsetMinutes + 90 && LAYOUT[b]!.offsetMinutes < LAYOUT[a]!.offsetMinutes + 90;

// Cancel and move pick one of the organisation's bookings when they run: a seat-holding one, or
// (stale) one that was already cancelled or moved away from.
type Generated =
  | { kind: 'book'; person: number; session: number }
  | { kind: 'cancel' | 'move'; pick: number; stale: boolean; to: number }
  | { kind: 'capacity'; session: number; capacity: number };
type Command =
  | { kind: 'book'; person: number; session: number }
  | { kind: 'cancel' | 'move'; person: number; session: number; to: number; booking: { id: string; status: string } }
  | { kind: 'capacity'; session: number; capacity: number };

const sessionIndex = fc.integer({ min: 0, max: LAYOUT.length - 1 });
const personIndex = fc.nat({ max: 8 }); // taken modulo the number of people in the run
const change = { pick: fc.nat(), stale: fc.nat({ max: 5 }).map((n) => n === 0), to: sessionIndex };
const command: fc.Arbitrary<Generated> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('book' as const), person: personIndex, session: sessionIndex }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), ...change }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('move' as const), ...change }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('capacity' as const), session: sessionIndex, capacity: fc.integer({ min: 1, max: 3 }) }), weight: 2 },
);

interface World {
  orgId: string;
  sessionIds: string[];
  /** Employees first, then coach 1; coach 0 only coaches. */
  people: PersonRow[];
  coaches: PersonRow[];
}

const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });

async function buildWorld(employees: number, capacities: number[]): Promise<World> {
  const db = t.db;
  const org = await buildOrganisation(db, { cancellation_cutoff_minutes: 0, max_future_bookings: LIMIT });
  const modules = [await buildModule(db, { org }), await buildModule(db, { org })];
  const coaches = [await buildPerson(db, { org, roles: ['coach'] }), await buildPerson(db, { org, roles: ['coach', 'employee'] })];
  const start = hoursAfterReference(72).getTime();
  const sessionIds: string[] = [];
  for (const [i, s] of LAYOUT.entries()) {
    const session = await buildSession(db, {
      org, coach: coaches[s.coach]!, module: modules[s.module]!, capacity: capacities[i]!, startsAt: new Date(start + s.offsetMinutes * 60_000),
    });
    sessionIds.push(session.id);
  }
  const people = await Promise.all(Array.from({ length: employees }, () => buildPerson(db, { org })));
  return { orgId: org.id, sessionIds, people: [...people, coaches[1]!], coaches };
}

/** What the rules say should happen, in the order the service checks them. */
interface Model {
  holders: Array<Set<number>>;
  capacity: number[];
}

function expectedSeat(m: Model, w: World, person: number, target: number, leaving: number | null): string {
  const coachPerson = w.people.length - 1;
  const coached = (s: number) => LAYOUT[s]!.coach === 1 && person === coachPerson;
  // The seat being left behind neither overlaps nor counts against the limit.
  const others = LAYOUT.map((_, s) => s).filter((s) => s !== target && s !== leaving);
  if (coached(target)) return 'OWN_SESSION';
  if (m.holders[target]!.has(person)) return 'ALREADY_BOOKED';
  if (others.some((s) => overlap(s, target) && (m.holders[s]!.has(person) || coached(s)))) return 'OVERLAPPING_BOOKING';
  if (others.filter((s) => m.holders[s]!.has(person)).length >= LIMIT) return 'LIMIT_REACHED';
  if (m.holders[target]!.size >= m.capacity[target]!) return 'SESSION_FULL';
  return 'ok';
}

function expected(m: Model, w: World, c: Command): string {
  if (c.kind === 'book') return expectedSeat(m, w, c.person, c.session, null);
  if (c.kind === 'capacity') return c.capacity < m.holders[c.session]!.size ? 'CAPACITY_BELOW_BOOKINGS' : 'ok';
  if (c.booking.status !== 'active') return 'BOOKING_NOT_ACTIVE';
  if (c.kind === 'cancel') return 'ok';
  if (c.session === c.to) return 'SAME_SESSION';
  if (LAYOUT[c.session]!.module !== LAYOUT[c.to]!.module) return 'MODULE_MISMATCH';
  return expectedSeat(m, w, c.person, c.to, c.session);
}

function applyToModel(m: Model, c: Command) {
  if (c.kind === 'book') m.holders[c.session]!.add(c.person);
  if (c.kind === 'cancel') m.holders[c.session]!.delete(c.person);
  if (c.kind === 'move') {
    m.holders[c.session]!.delete(c.person);
    m.holders[c.to]!.add(c.person);
  }
  if (c.kind === 'capacity') m.capacity[c.session] = c.capacity;
}

/** Turns a generated command into one on this world's data; undefined if there is no booking to pick. */
async function resolve(w: World, g: Generated): Promise<Command | undefined> {
  if (g.kind === 'book') return { ...g, person: g.person % w.people.length };
  if (g.kind === 'capacity') return g;
  const all = await t.db.selectFrom('bookings').where('org_id', '=', w.orgId).orderBy('created_at').orderBy('id')
    .select(['id', 'status', 'session_id', 'person_id']).execute();
  const candidates = all.filter((b) => (b.status === 'cancelled') === g.stale);
  const b = candidates[g.pick % Math.max(candidates.length, 1)];
  if (!b) return undefined;
  return {
    kind: g.kind, to: g.to, booking: { id: b.id, status: b.status },
    person: w.people.findIndex((p) => p.id === b.person_id), session: w.sessionIds.indexOf(b.session_id),
  };
}

async function perform(w: World, c: Command): Promise<string> {
  const run = (tx: Tx): Promise<unknown> => {
    if (c.kind === 'capacity') return changeSession(tx, actorOf(w.coaches[LAYOUT[c.session]!.coach]!), w.sessionIds[c.session]!, { capacity: c.capacity });
    const actor = actorOf(w.people[c.person]!);
    if (c.kind === 'book') return bookSeat(tx, actor, w.sessionIds[c.session]!);
    if (c.kind === 'cancel') return cancelBooking(tx, actor, c.booking.id);
    return moveBooking(tx, actor, c.booking.id, w.sessionIds[c.to]!);
  };
  try {
    await inOrg(t.db, w.orgId, run);
    return 'ok';
  } catch (error) {
    if (error instanceof RuleError) return error.code;
    throw error;
  }
}

/** Every broken rule, in words; empty when all hold. */
async function violations(orgId: string): Promise<string[]> {
  const { rows } = await t.pool.query<{ broken: string }>(`
    select 'seat count wrong or over capacity in ' || s.id as broken from sessions s
     where s.org_id = $1 and (s.seats_taken > s.capacity or s.seats_taken <>
       (select count(*) from bookings b where b.session_id = s.id and b.status <> 'cancelled')
       -- A seat held by an open waiting-list offer is taken too (migration 038).
       + (select count(*) from waitlist_entries w where w.session_id = s.id and w.status = 'offered'))
    union all
    select 'two seats in one session for ' || person_id from bookings
     where org_id = $1 and status <> 'cancelled' group by session_id, person_id having count(*) > 1
    union all
    select 'seats in overlapping sessions for ' || a.person_id from bookings a
      join sessions sa on sa.id = a.session_id
      join bookings b on b.person_id = a.person_id and b.id < a.id and b.status <> 'cancelled'
      join sessions sb on sb.id = b.session_id
     where a.org_id = $1 and a.status <> 'cancelled' and sa.id <> sb.id
       and tstzrange(sa.starts_at, sa.ends_at) && tstzrange(sb.starts_at, sb.ends_at)
    union all
    select 'seat in or beside a session they coach for ' || b.person_id from bookings b
      join sessions s on s.id = b.session_id
      join sessions c on c.coach_id = b.person_id and c.status <> 'cancelled'
     where b.org_id = $1 and b.status <> 'cancelled' and tstzrange(s.starts_at, s.ends_at) && tstzrange(c.starts_at, c.ends_at)
    union all
    select 'over the future-bookings limit: ' || b.person_id from bookings b
      join sessions s on s.id = b.session_id join organisations o on o.id = b.org_id
     where b.org_id = $1 and b.status = 'active' and s.status = 'scheduled' and s.starts_at > now()
     group by b.person_id, o.max_future_bookings having count(*) > o.max_future_bookings`, [orgId]);
  return rows.map((r) => r.broken);
}

async function snapshot(orgId: string) {
  const bookings = await t.pool.query('select * from bookings where org_id = $1 order by id', [orgId]);
  const sessions = await t.pool.query('select * from sessions where org_id = $1 order by id', [orgId]);
  return { bookings: bookings.rows, sessions: sessions.rows };
}

/** Seat holders and capacities as the database has them, in the model's indices. */
async function observed(w: World): Promise<{ holders: number[][]; capacity: number[] }> {
  const rows = await t.db.selectFrom('bookings').where('org_id', '=', w.orgId).where('status', '<>', 'cancelled').select(['session_id', 'person_id']).execute();
  const sessions = await t.db.selectFrom('sessions').where('org_id', '=', w.orgId).select(['id', 'capacity']).execute();
  return {
    holders: w.sessionIds.map((id) => rows.filter((r) => r.session_id === id).map((r) => w.people.findIndex((p) => p.id === r.person_id)).sort()),
    capacity: w.sessionIds.map((id) => sessions.find((s) => s.id === id)!.capacity),
  };
}

const scenario = fc.record({
  employees: fc.integer({ min: 6, max: 8 }),
  capacities: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: LAYOUT.length, maxLength: LAYOUT.length }),
  commands: fc.array(command, { minLength: 5, maxLength: 50 }),
});

describe('seat invariants under random operations', () => {
  it('answers every command as the rules predict, and a refusal changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ employees, capacities, commands }) => {
        const w = await buildWorld(employees, capacities);
        const m: Model = { holders: LAYOUT.map(() => new Set<number>()), capacity: [...capacities] };
        for (const generated of commands) {
          const c = await resolve(w, generated);
          if (!c) continue;
          const predicted = expected(m, w, c);
          const before = await snapshot(w.orgId);
          const outcome = await perform(w, c);
          expect({ command: c, outcome }).toEqual({ command: c, outcome: predicted });
          if (outcome === 'ok') applyToModel(m, c);
          else expect(await snapshot(w.orgId)).toEqual(before);
          expect(await violations(w.orgId)).toEqual([]);
          expect(await observed(w)).toEqual({ holders: m.holders.map((h) => [...h].sort()), capacity: m.capacity });
        }
      }),
      { numRuns: 50 },
    );
  });

  it('keeps every invariant when batches of commands run concurrently', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.integer({ min: 2, max: 8 }), async ({ employees, capacities, commands }, batchSize) => {
        const w = await buildWorld(employees, capacities);
        for (let i = 0; i < commands.length; i += batchSize) {
          const batch = await Promise.all(commands.slice(i, i + batchSize).map((g) => resolve(w, g)));
          // Rule refusals are expected under contention; anything else (a deadlock, a 23xxx leak) fails the test.
          await Promise.all(batch.map((c) => c && perform(w, c)));
          expect(await violations(w.orgId)).toEqual([]);
        }
      }),
      { numRuns: 30 },
    );
  });
});
