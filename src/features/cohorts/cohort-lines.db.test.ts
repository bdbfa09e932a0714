// An outsider's place in the line of a cohort's session (joined before migration 044 closed those
// lines; 049 ends such places where it finds them) ends at the first freed seat: COHORT_SESSION is
// among the waiting list's moot refusals. Before, the place was skipped at every seat and never
// ended — "waiting" for good, and in offer mode the session due for the expiry job every minute
// (found by a review).
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { cohortProgram, scheduleOf, solvedCohort } from '../../../test/cohort-fixtures.ts';
import { buildPerson, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

/** A published cohort's full session, an outsider in its line as 044 found them, and one of its members. */
async function scene(mode: 'automatic' | 'offer') {
  const p = await cohortProgram(t, 8);
  const db = t.database.db;
  await db.updateTable('organisations').set({ waitlist_mode: mode }).where('id', '=', p.org.id).execute();
  const cohort = await solvedCohort(t, p, 1);
  expect((await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie })).status).toBe(200);
  const published = (await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: p.cookie })).body.preview as typeof cohort.preview;
  const sessionId = published.rounds[0]!.groups[0]!.sessionId!;
  const member = scheduleOf(published)[0]![0]![0]!;
  const outsider = await buildPerson(db, { org: p.org });
  // Joined before migration 044, when the line of a full cohort session was anyone's.
  await sql`insert into waitlist_entries (org_id, session_id, person_id) values (${p.org.id}, ${sessionId}, ${outsider.id})`.execute(db);
  const memberCookie = await t.cookieFor((await db.selectFrom('people').where('id', '=', member).selectAll().executeTakeFirstOrThrow()) as PersonRow);
  const seat = await db.selectFrom('bookings').where('session_id', '=', sessionId).where('person_id', '=', member).where('status', '=', 'active')
    .select('id').executeTakeFirstOrThrow();
  return { p, sessionId, outsider, memberCookie, seat };
}

const entryOf = async (sessionId: string, personId: string) =>
  (await t.database.db.selectFrom('waitlist_entries').where('session_id', '=', sessionId).where('person_id', '=', personId).select('status').executeTakeFirstOrThrow()).status;

describe("an outsider's place in a cohort session's line from before migration 044", () => {
  it('ends once a freed seat shows it can never be theirs (it stays "waiting" for good)', async () => {
    const s = await scene('automatic');
    expect((await call(t, 'POST', `/api/bookings/${s.seat.id}/cancel`, { cookie: s.memberCookie })).status).toBe(200);
        expect(await entryOf(s.sessionId, s.outsider.id)).not.toBe('waiting');
  });

  it('does not keep the session due for the offer job every minute (offer mode)', async () => {
    const s = await scene('offer');
    expect((await call(t, 'POST', `/api/bookings/${s.seat.id}/cancel`, { cookie: s.memberCookie })).status).toBe(200);
    const { rows } = await sql<{ session_id: string }>`select session_id from waitlist_sessions_due(now(), 100000)`.execute(t.database.db);
    expect(rows.map((r) => r.session_id)).not.toContain(s.sessionId);
    expect(await entryOf(s.sessionId, s.outsider.id)).not.toBe('waiting');
  });
});
