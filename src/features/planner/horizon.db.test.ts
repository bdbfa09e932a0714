// A plan reaching beyond the planning window (found by a review): publishSession refuses a start
// later than PLANNING_HORIZON_MONTHS ahead, but proposing did not, so such a plan was computed and
// kept, and publishing it failed with a 400 about a field the admin never sent (startsAt). The
// proposal is now refused as the demand is read, naming startsOn, with nothing kept.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildModule, buildOrganisation, buildPerson } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  // A short window, so a plan can start inside it and end outside.
  t = await startTestApp({ worker: false, env: { PLANNING_HORIZON_MONTHS: '3' } });
});

describe('a plan beyond the planning window', () => {
  it('is refused with startsOn named, whether it starts beyond it or only ends there; nothing is kept', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const cookie = await t.cookieFor(admin);
    await buildModule(db, { org });
    // The window is measured from the product's own clock, so the Mondays are too.
    const monday = (months: number) => DateTime.now().toUTC().plus({ months }).startOf('week').toISODate()!;
    const propose = (startsOn: string, weeks: number) => call(t, 'POST', '/api/admin/planner/proposals', { cookie, body: {
      weeks, startsOn, frequency: { every: 1, unit: 'month' }, virtualShare: 1,
    } });

    for (const [startsOn, weeks] of [[monday(4), 1], [monday(2), 8]] as const) {
      const refused = await propose(startsOn, weeks);
      expect([refused.status, blamedFields(refused)], refused.text).toEqual([400, ['startsOn']]);
    }
    expect(await db.selectFrom('plan_proposals').where('org_id', '=', org.id).select('id').execute()).toEqual([]);
    const inside = await propose(monday(1), 2);
    expect(inside.status, inside.text).toBe(201);
  });
});
