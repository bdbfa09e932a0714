// A cohort's sessions are for its members (migration 044), on every path that offers a seat: the open
// list, a sign-up and its check, a move, the waiting list, the avoid-repeats rule's alternatives, the
// "book another date" mail's choices and the planner's supply. Before, a seat a member gave up was
// anyone's to take. A member takes their own seat back (the cohort's publish and swaps seat members
// as before: cohorts.db.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { cohortProgram, scheduleOf, solvedCohort, type Program } from '../../../test/cohort-fixtures.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildPerson, buildSession, type PersonRow } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import { alternativesWithoutRepeat } from '../mixing/queries.ts';
import { alternatives } from '../notifications/jobs/queries.ts';
import { offeredBetween } from '../planner/queries.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const HOUR = 3_600_000;

/** A published cohort of 8 in one round (two rounds of 8 cannot keep everyone apart, and a partner
 * of the next round counts as known), a member who gave up their seat, and an outsider who holds a
 * seat in an ordinary session of the same module the day after. */
async function scene() {
  const p: Program = await cohortProgram(t, 8);
  const cohort = await solvedCohort(t, p, 1);
  expect((await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie })).status).toBe(200);
  const published = (await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: p.cookie })).body.preview as typeof cohort.preview;
  const member = scheduleOf(published)[0]![0]![0]!;
  const sessionId = published.rounds[0]!.groups[0]!.sessionId!;
  const db = t.database.db;
  const seat = await db.selectFrom('bookings').where('session_id', '=', sessionId).where('person_id', '=', member).where('status', '=', 'active')
    .select('id').executeTakeFirstOrThrow();
  const memberCookie = await t.cookieFor((await db.selectFrom('people').where('id', '=', member).selectAll().executeTakeFirstOrThrow()) as PersonRow);
  expect((await call(t, 'POST', `/api/bookings/${seat.id}/cancel`, { cookie: memberCookie })).status).toBe(200);
  const outsider = await buildPerson(db, { org: p.org });
  const ordinary = await buildSession(db, { org: p.org, module: p.module, coach: p.coaches[0]!, startsAt: new Date(REFERENCE_MONDAY.getTime() + 24 * HOUR) });
  const outsiderSeat = await buildBooking(db, { session: ordinary, person: outsider });
  return { p, member, memberCookie, sessionId, outsider, outsiderCookie: await t.cookieFor(outsider), ordinary, outsiderSeat };
}

const seatsTaken = async (sessionId: string) =>
  (await t.database.db.selectFrom('sessions').where('id', '=', sessionId).select('seats_taken').executeTakeFirstOrThrow()).seats_taken;

describe("a cohort's sessions", () => {
  it('are not listed, offered or bookable to anyone outside the group; nothing changes on a refusal', async () => {
    const s = await scene();
    const listed = await call(t, 'GET', `/api/sessions?moduleId=${s.p.module.id}&limit=100`, { cookie: s.outsiderCookie });
    expect(listed.status).toBe(200);
    // The outsider sees their own ordinary session and neither of the cohort's two.
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([s.ordinary.id]);
    const check = await call(t, 'GET', `/api/sessions/${s.sessionId}/seat-check`, { cookie: s.outsiderCookie });
    expect(check.body.refusal.code).toBe('COHORT_SESSION');
    const before = await seatsTaken(s.sessionId);
    const signUp = await call(t, 'POST', `/api/sessions/${s.sessionId}/bookings`, { cookie: s.outsiderCookie });
    expect([signUp.status, signUp.body.code]).toEqual([409, 'COHORT_SESSION']);
    const move = await call(t, 'POST', `/api/bookings/${s.outsiderSeat.id}/move`, { cookie: s.outsiderCookie, body: { sessionId: s.sessionId } });
    expect([move.status, move.body.code]).toEqual([409, 'COHORT_SESSION']);
    expect(await seatsTaken(s.sessionId)).toBe(before);
    const mine = await t.database.db.selectFrom('bookings').where('id', '=', s.outsiderSeat.id).select('status').executeTakeFirstOrThrow();
    expect(mine.status).toBe('active');
  });

  it('take back a member who gave up their seat; then the full session has no line for an outsider', async () => {
    const s = await scene();
    // The cohort's page tells its admin who gave their seat up, and only them.
    const cohort = (await call(t, 'GET', '/api/cohorts', { cookie: s.p.cookie })).body.items[0] as { id: string };
    const group = (await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: s.p.cookie })).body.preview.rounds[0].groups[0] as { people: Array<{ id: string; holdsSeat: boolean | null }> };
    expect(group.people.map((x) => [x.id, x.holdsSeat])).toEqual(group.people.map((x) => [x.id, x.id !== s.member]));
    const listed = await call(t, 'GET', `/api/sessions?moduleId=${s.p.module.id}&limit=100`, { cookie: s.memberCookie });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(s.sessionId);
    expect((await call(t, 'GET', `/api/sessions/${s.sessionId}/seat-check`, { cookie: s.memberCookie })).body.refusal).toBeNull();
    const back = await call(t, 'POST', `/api/sessions/${s.sessionId}/bookings`, { cookie: s.memberCookie });
    expect(back.status, back.text).toBe(201);
    const join = await call(t, 'POST', `/api/sessions/${s.sessionId}/waitlist`, { cookie: s.outsiderCookie });
    expect([join.status, join.body.code]).toEqual([409, 'COHORT_SESSION']);
    const lines = await t.database.db.selectFrom('waitlist_entries').where('session_id', '=', s.sessionId).select('id').execute();
    expect(lines).toEqual([]);
  });

  it("count as somewhere else to go, as another date in a mail, or as supply only for the group's members", async () => {
    const s = await scene();
    const org = s.p.org.id;
    const from = new Date(REFERENCE_MONDAY.getTime() - HOUR);
    const ask = (personId: string) => inOrg(t.database.db, org, async (tx) => ({
      slack: await alternativesWithoutRepeat(tx, org, {
        sessionId: s.ordinary.id, personId, now: from, until: new Date(from.getTime() + 21 * 24 * HOUR), since: new Date(0), leaving: [], minimumOthers: 2,
      }),
      mail: (await alternatives(tx, org, s.p.module.id, s.ordinary.id, personId)).map((a) => a.id),
    }));
    // Round 0's first group holds 3 of its 4 now (the member gave theirs up): free, but not the outsider's.
    expect(await ask(s.outsider.id)).toEqual({ slack: 0, mail: [] });
    expect(await ask(s.member)).toEqual({ slack: 1, mail: [s.sessionId] });
    const offered = await inOrg(t.database.db, org, (tx) => offeredBetween(tx, org, from, new Date(from.getTime() + 21 * 24 * HOUR)));
    expect(offered.map((o) => o.starts_at.getTime())).toEqual([s.ordinary.starts_at.getTime()]);
  });
});
