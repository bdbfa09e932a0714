// The weekly top-up after a module of the standing demand was retired (found by a review): the job
// sent the standing demand to proposePlan unchanged, which refused the retired module as bad input,
// so from then on every Monday ended as "refused" with no draft and no mail, though a proposal made by
// hand simply leaves the module out. The job now plans with the modules the library still has, and
// says so when none is left.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson } from '../../../test/factories.ts';
import { runTopUps } from './supply.ts';
import type { StoredSession } from './stored-plan.ts';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const HORIZON = new Date(`${REFERENCE_MONDAY.toISOString().slice(0, 10)}T00:00:00Z`);
const NOW = new Date(HORIZON.getTime() - WEEK + 6 * HOUR); // the job's slot, Monday 06:00 UTC the week before
const BERLIN = 'Europe/Berlin';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

/** Eight employees once a week, nothing offered; the standing plan named two modules, one now retired. */
async function organisation(retire: 'one' | 'both') {
  const db = t.database.db;
  const org = await buildOrganisation(db, { default_capacity: 4 });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], timeZone: BERLIN });
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: BERLIN });
  for (let i = 0; i < 6; i++) await buildPerson(db, { org, roles: ['employee'], timeZone: BERLIN });
  const modules = [await buildModule(db, { org }), await buildModule(db, { org }), await buildModule(db, { org })];
  const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, {
    cookie: await t.cookieFor(admin),
    body: { timeZone: BERLIN, maxSessionsPerWeek: 5, coachesOnline: true, sites: [], moduleIds: [], windows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:00' })) },
  });
  expect(saved.status, saved.text).toBe(200);
  await db.insertInto('plan_proposals').values({
    org_id: org.id, status: 'published', published_at: new Date(NOW.getTime() - 3 * WEEK), created_by: admin.id,
    demand: JSON.stringify({
      weeks: 4, departments: [], sites: [], frequency: { every: 1, unit: 'week' }, modules: [{ moduleId: modules[0]!.id }, { moduleId: modules[1]!.id }],
      virtualShare: 1, workingHours: { from: '08:00', to: '18:00' }, participants: 8,
    }),
    horizon_start: new Date(HORIZON.getTime() - 4 * WEEK), weeks: 4, input: '{}', sessions: '[]', gaps: '[]', achievable_per_week: [],
  }).execute();
  const retired = retire === 'one' ? [modules[0]!.id] : [modules[0]!.id, modules[1]!.id];
  await db.updateTable('modules').set({ retired_at: new Date(NOW.getTime() - WEEK) }).where('id', 'in', retired).execute();
  return { org, modules };
}

const run = async (orgId: string) => (await runTopUps(t.ctx.db, NOW, { orgIds: [orgId], onError: (_o, e) => { throw e; } })).get(orgId);

describe('the weekly top-up when the standing demand names a retired module', () => {
  it('proposes the missing sessions with the modules still in the library', async () => {
    const { org, modules } = await organisation('one');
    const outcome = await run(org.id);
    expect(outcome?.outcome, JSON.stringify(outcome)).toBe('proposed');
    const draft = await t.database.db.selectFrom('plan_proposals').where('org_id', '=', org.id).where('status', '=', 'draft').select('sessions').executeTakeFirstOrThrow();
    const sessions = draft.sessions as StoredSession[];
    expect(sessions.length).toBeGreaterThan(0);
    expect(new Set(sessions.map((s) => s.moduleId))).toEqual(new Set([modules[1]!.id]));
  });

  it('says that no module of the standing demand is left when all were retired, rather than that the demand is bad input', async () => {
    const { org } = await organisation('both');
    expect(await run(org.id)).toEqual({ outcome: 'refused', code: 'NO_MODULES' });
  });
});
