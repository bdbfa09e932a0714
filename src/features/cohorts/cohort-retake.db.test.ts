// A member who gave up their seat takes it back by an ordinary sign-up, which in an organisation that
// avoids repeats meets that rule. The group was chosen for its members (the solver counts earlier
// encounters; placePerson leaves the rule out for the same reason), so the rule does not refuse a
// member their own group's seat — else REPEAT_ENCOUNTER sent them out of their cohort whenever an
// ordinary session of the module would give them only new colleagues, and the seat stayed empty,
// nobody else being allowed it (found by a review). Nor does the limit of upcoming bookings, which the
// member's other rounds, placed for them, filled as soon as the cohort had more rounds than the limit;
// those placed seats no longer count against it at all (migration 054), so members book as others do.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { cohortProgram, scheduleOf, solvedCohort } from '../../../test/cohort-fixtures.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildSession, type PersonRow } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { RuleError } from '../../lib/errors.ts';
import { bookSeat } from '../bookings/service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

const DAY = 86_400_000;
const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });

/** A published cohort of three rounds in an organisation whose limit of upcoming bookings is 2. */
async function threeRoundsAtLimitTwo() {
  const p = await cohortProgram(t, 8);
  const db = t.database.db;
  await db.updateTable('organisations').set({ max_future_bookings: 2 }).where('id', '=', p.org.id).execute();
  const cohort = await solvedCohort(t, p, 3);
  expect((await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie })).status).toBe(200);
  const published = (await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: p.cookie })).body.preview as typeof cohort.preview;
  return { p, db, published };
}

describe('a cohort member who gave up their seat', () => {
  it('takes their own group’s seat back in an organisation that avoids repeats, though an ordinary session of the module would give only new colleagues', async () => {
    const p = await cohortProgram(t, 8);
    const db = t.database.db;
    const cohort = await solvedCohort(t, p, 1);
    expect((await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie })).status).toBe(200);
    const published = (await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: p.cookie })).body.preview as typeof cohort.preview;
    const sessionId = published.rounds[0]!.groups[0]!.sessionId!;
    const [memberId, mateId] = scheduleOf(published)[0]![0]!;
    const member = (await db.selectFrom('people').where('id', '=', memberId!).selectAll().executeTakeFirstOrThrow()) as PersonRow;

    await db.updateTable('organisations').set({ mixing: 'avoid_repeats' }).where('id', '=', p.org.id).execute();
    const now = new Date(REFERENCE_MONDAY.getTime() - 2 * DAY);
    // The member met one of their group a month ago (in an ordinary session of another module, say).
    const [a, b] = [memberId!, mateId!].sort();
    await sql`insert into encounters (org_id, person_a, person_b, first_met, last_met, times)
      values (${p.org.id}, ${a}, ${b}, ${new Date(now.getTime() - 30 * DAY)}, ${new Date(now.getTime() - 30 * DAY)}, 1)`.execute(db);
    // An ordinary, empty, online session of the module the next day.
    await buildSession(db, { org: p.org, module: p.module, coach: p.coaches[0]!, startsAt: new Date(REFERENCE_MONDAY.getTime() + DAY) });

    const seat = await db.selectFrom('bookings').where('session_id', '=', sessionId).where('person_id', '=', memberId!).where('status', '=', 'active')
      .select('id').executeTakeFirstOrThrow();
    expect((await call(t, 'POST', `/api/bookings/${seat.id}/cancel`, { cookie: await t.cookieFor(member) })).status).toBe(200);

    const back = await inOrg(db, p.org.id, (tx) => bookSeat(tx, actorOf(member), sessionId, now)).catch((e: unknown) => e);
    expect(back instanceof RuleError ? back.code : 'seat taken', 'the member is refused their own group’s seat').toBe('seat taken');
  });

  it('takes it back though their other rounds’ seats reach the organisation’s limit of upcoming bookings (they were placed, not booked)', async () => {
    const { db, published } = await threeRoundsAtLimitTwo();
    const memberId = scheduleOf(published)[1]![0]![0]!;
    const sessionId = published.rounds[1]!.groups[0]!.sessionId!;
    const member = (await db.selectFrom('people').where('id', '=', memberId).selectAll().executeTakeFirstOrThrow()) as PersonRow;
    const cookie = await t.cookieFor(member);
    const seat = await db.selectFrom('bookings').where('session_id', '=', sessionId).where('person_id', '=', memberId).where('status', '=', 'active')
      .select('id').executeTakeFirstOrThrow();
    expect((await call(t, 'POST', `/api/bookings/${seat.id}/cancel`, { cookie })).status).toBe(200);

    // Rounds 1 and 3 still hold their seats: two upcoming bookings, the limit.
    const check = await call(t, 'GET', `/api/sessions/${sessionId}/seat-check`, { cookie });
    expect(check.status, check.text).toBe(200);
    expect(check.body).toEqual({ refusal: null });
    const back = await call(t, 'POST', `/api/sessions/${sessionId}/bookings`, { cookie });
    expect([back.status, back.body.code], back.text).toEqual([201, undefined]);
  });
});

describe('a cohort member’s limit of upcoming bookings', () => {
  it('counts the seats they chose, not the ones their cohort placed for them (migration 054)', async () => {
    const { p, db, published } = await threeRoundsAtLimitTwo();
    const memberId = scheduleOf(published)[0]![0]![0]!;
    const member = (await db.selectFrom('people').where('id', '=', memberId).selectAll().executeTakeFirstOrThrow()) as PersonRow;
    const cookie = await t.cookieFor(member);
    // Three rounds ahead, placed for them: more than the limit, yet they may still book sessions of their own, up to it.
    const ordinary = await Promise.all([40, 41, 42].map((days) =>
      buildSession(db, { org: p.org, module: p.module, coach: p.coaches[0]!, startsAt: new Date(REFERENCE_MONDAY.getTime() + days * DAY) })));
    for (const session of ordinary.slice(0, 2)) {
      const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie });
      expect([booked.status, booked.body.code], booked.text).toEqual([201, undefined]);
    }
    expect((await call(t, 'POST', `/api/sessions/${ordinary[2]!.id}/bookings`, { cookie })).body.code).toBe('LIMIT_REACHED');
  });
});
