// Who met whom is never shown to a coach (docs/PRIVACY.md): a coach reads the rosters of their own
// sessions only, and the encounters ledger does not say where a pair met. A coach's cohort of two
// colleagues would otherwise answer with "1 repeat" exactly when those two had met in someone else's
// session (found by a review); an admin, who may read every roster, still has earlier encounters counted.
import { describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp } from '../../../test/app.ts';
import { cohortBody, cohortProgram, type Program } from '../../../test/cohort-fixtures.ts';
import { solveCohort } from './jobs.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;

async function repeatsSeenBy(p: Program, cookie: string) {
  const made = await call(t, 'POST', '/api/cohorts', { cookie, body: cohortBody(p, 1) });
  expect(made.status, made.text).toBe(201);
  if (made.body.solver.status !== 'done') await solveCohort(t.ctx.db, p.org.id, made.body.id);
  const got = await call(t, 'GET', `/api/cohorts/${made.body.id}`, { cookie });
  expect(got.status, got.text).toBe(200);
  return got.body.preview.figures as { repeats: number; repeatsLowerBound: number; earlierEncountersCounted: boolean };
}

describe("a cohort's earlier encounters", () => {
  it('are not counted in a cohort a coach made, and are in one an admin made', async () => {
    const p = await cohortProgram(t, 2, { coaches: 1 });
    const [a, b] = [p.people[0]!.id, p.people[1]!.id].sort();
    const at = new Date('2026-01-12T09:00:00Z');
    await db.insertInto('encounters').values({ org_id: p.org.id, person_a: a!, person_b: b!, first_met: at, last_met: at, times: 1 }).execute();

    const coachCookie = await t.cookieFor(p.coaches[0]!);
    expect(await repeatsSeenBy(p, coachCookie)).toMatchObject({ repeats: 0, repeatsLowerBound: 0, earlierEncountersCounted: false });
    expect(await repeatsSeenBy(p, p.cookie)).toMatchObject({ repeats: 1, repeatsLowerBound: 1, earlierEncountersCounted: true });
  });
});
