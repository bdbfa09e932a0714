// Publishing a plan after the library changed under it (found by a review): a room retired or made
// smaller, or a module retired, since the plan was made. publishSession refused the first such
// session alone (409 ROOM_RETIRED, ROOM_TOO_SMALL or MODULE_RETIRED, no session named), as a coach
// gone once failed as "Coach not found"; now each session at fault is named in PLAN_CONFLICTS and
// nothing is written.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const BERLIN = 'Europe/Berlin';
const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10);
const ONLINE = { onlineUrl: 'https://meet.example.test/quartet' };

interface Planned { key: string; kind: string; roomId: string | null; moduleId: string }

async function draftPlan() {
  const db = t.database.db;
  const org = await buildOrganisation(db, { default_capacity: 4 });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const adminCookie = await t.cookieFor(admin);
  const modules = [await buildModule(db, { org, title: 'Feedback' }), await buildModule(db, { org, title: 'Listening' })];
  for (let i = 0; i < 2; i++) await buildRoom(db, { org, site: 'Hamburg', capacity: 6, timeZone: BERLIN });
  await db.insertInto('people').values(Array.from({ length: 60 }, (_, i) => ({
    org_id: org.id, email: `hh-${i}-${org.id}@example.test`, name: `HH ${i}`, department: 'Sales', site: 'Hamburg', time_zone: BERLIN,
  }))).execute();
  for (let i = 0; i < 3; i++) {
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: `Coach ${i}`, timeZone: BERLIN, site: 'Hamburg' });
    const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, { cookie: adminCookie, body: {
      timeZone: BERLIN, maxSessionsPerWeek: 3, coachesOnline: true, sites: ['Hamburg'], moduleIds: [],
      windows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '17:30' })),
    } });
    expect(saved.status, saved.text).toBe(200);
  }
  const proposed = await call(t, 'POST', '/api/admin/planner/proposals', { cookie: adminCookie, body: {
    weeks: 4, startsOn: MONDAY, frequency: { every: 1, unit: 'month' }, virtualShare: 0.3,
  } });
  expect(proposed.status, proposed.text).toBe(201);
  const sessions = proposed.body.sessions as Planned[];
  const room = sessions.find((s) => s.roomId !== null)!.roomId!;
  const publish = () => call(t, 'POST', `/api/admin/planner/proposals/${proposed.body.id}/publish`, { cookie: adminCookie, body: ONLINE });
  const published = () => db.selectFrom('sessions').where('org_id', '=', org.id).select('id').execute();
  return { db, org, adminCookie, id: proposed.body.id as string, modules, room, sessions, publish, published };
}

const named = (body: { conflicts: Array<{ sessionKey: string; conflicts: string[] }> }) => body.conflicts.map((c) => [c.sessionKey, c.conflicts]).sort();

describe('publishing a plan whose rooms or modules changed since it was made', () => {
  it('names each session in a room retired meanwhile, and writes nothing', async () => {
    const p = await draftPlan();
    await p.db.updateTable('rooms').set({ retired_at: new Date() }).where('id', '=', p.room).execute();
    const refused = await p.publish();
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'PLAN_CONFLICTS']);
    expect(named(refused.body)).toEqual(p.sessions.filter((s) => s.roomId === p.room).map((s) => [s.key, ['ROOM_RETIRED']]).sort());
    expect(await p.published()).toEqual([]);
  });

  it('names each session in a room that no longer seats the group and its coach', async () => {
    const p = await draftPlan();
    await p.db.updateTable('rooms').set({ capacity: 4 }).where('id', '=', p.room).execute();
    const refused = await p.publish();
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'PLAN_CONFLICTS']);
    expect(named(refused.body)).toEqual(p.sessions.filter((s) => s.roomId === p.room).map((s) => [s.key, ['ROOM_TOO_SMALL']]).sort());
    expect(await p.published()).toEqual([]);
  });

  it('names each session of a module retired meanwhile; the plan publishes once they are removed', async () => {
    const p = await draftPlan();
    const retired = p.modules[0]!.id;
    const hit = p.sessions.filter((s) => s.moduleId === retired);
    expect(hit.length).toBeGreaterThan(0);
    await p.db.updateTable('modules').set({ retired_at: new Date() }).where('id', '=', retired).execute();
    const refused = await p.publish();
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'PLAN_CONFLICTS']);
    expect(named(refused.body)).toEqual(hit.map((s) => [s.key, ['MODULE_RETIRED']]).sort());
    expect(await p.published()).toEqual([]);
    for (const s of hit) {
      const removed = await call(t, 'PATCH', `/api/admin/planner/proposals/${p.id}`, { cookie: p.adminCookie, body: { action: 'remove', sessionKey: s.key } });
      expect(removed.status, removed.text).toBe(200);
    }
    const done = await p.publish();
    expect(done.status, done.text).toBe(200);
    expect(await p.published()).toHaveLength(p.sessions.length - hit.length);
  });
});
