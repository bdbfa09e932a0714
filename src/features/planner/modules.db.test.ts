// Which modules a proposal runs, on real PostgreSQL: with no module ticked (the whole library), each
// session runs as long as its own module — in the proposal, the preview's figures and what is
// published — the modules are dealt evenly at each place over the weeks, and a German module is
// planned only where some of the people chose German (Hamburg, and online from Berlin), never in
// Lisbon, whose people all read English.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom } from '../../../test/factories.ts';
import { checkedPlan } from './solver/plan-invariants.ts';
import { planInputOf, plannedSessions, type StoredSession } from './stored-plan.ts';

const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10);
const BERLIN = 'Europe/Berlin';
const LISBON = 'Europe/Lisbon';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

interface ProposedSession { key: string; place: string; startsAt: string; endsAt: string; moduleId: string }

async function twoSites() {
  const db = t.database.db;
  const org = await buildOrganisation(db, { default_capacity: 4 });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const adminCookie = await t.cookieFor(admin);
  // Titles in the order the library lists them: the German module and the long one come after the first.
  const modules = {
    listening: await buildModule(db, { org, title: 'Active Listening', durationMinutes: 90 }),
    workshops: await buildModule(db, { org, title: 'Facilitating Workshops', durationMinutes: 120 }),
    german: await buildModule(db, { org, title: 'Gesprächsführung', durationMinutes: 60, language: 'de' }),
  };
  for (const [site, zone] of [['Hamburg', BERLIN], ['Lisbon', LISBON]] as const) {
    for (let r = 0; r < 2; r++) await buildRoom(db, { org, site, capacity: 8, timeZone: zone });
  }
  await db.insertInto('people').values([
    ...Array.from({ length: 80 }, (_, i) => ({ org_id: org.id, email: `hh-${i}-${org.id}@example.test`, name: `HH ${i}`, site: 'Hamburg', time_zone: BERLIN, locale: i % 4 === 0 ? 'de' as const : 'en' as const })),
    ...Array.from({ length: 60 }, (_, i) => ({ org_id: org.id, email: `lis-${i}-${org.id}@example.test`, name: `LIS ${i}`, site: 'Lisbon', time_zone: LISBON, locale: 'en' as const })),
  ]).execute();
  for (let i = 0; i < 6; i++) {
    const [site, zone] = i < 3 ? ['Hamburg', BERLIN] : ['Lisbon', LISBON];
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], site, timeZone: zone });
    const body = {
      timeZone: zone, maxSessionsPerWeek: 6, coachesOnline: true, sites: [site], moduleIds: [],
      windows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '17:00' })),
    };
    const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, { cookie: adminCookie, body });
    expect(saved.status, saved.text).toBe(200);
  }
  return { org, adminCookie, modules };
}

describe('the modules of a proposal', () => {
  it('runs each session for its own module, deals the library evenly over the weeks, and plans a German module only where people chose German', async () => {
    const p = await twoSites();
    const answer = await call(t, 'POST', '/api/admin/planner/proposals', {
      cookie: p.adminCookie, body: { weeks: 3, startsOn: MONDAY, frequency: { every: 1, unit: 'month' }, virtualShare: 0.3 },
    });
    expect(answer.status, answer.text).toBe(201);
    const sessions = answer.body.sessions as ProposedSession[];
    const minutes = new Map(Object.values(p.modules).map((m) => [m.id, m.duration_minutes]));
    const lengthOf = (s: { startsAt: string; endsAt: string }) => (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000;

    // Planned in the longest module's slot (120 minutes), each ends after its own module.
    expect(new Set(sessions.map((s) => s.moduleId))).toEqual(new Set(minutes.keys()));
    for (const s of sessions) expect(lengthOf(s), `${s.key} ${s.startsAt}`).toBe(minutes.get(s.moduleId));
    const row = await t.database.db.selectFrom('plan_proposals').where('id', '=', answer.body.id).selectAll().executeTakeFirstOrThrow();
    checkedPlan(planInputOf(row.input), plannedSessions(row.sessions as StoredSession[]));

    // German only where people chose it; Lisbon (in person and online) gets the others.
    const at = (place: string) => sessions.filter((s) => s.place === place).map((s) => s.moduleId);
    for (const place of ['Lisbon', LISBON]) {
      expect(at(place).length, place).toBeGreaterThan(0);
      expect(at(place), place).not.toContain(p.modules.german.id);
    }
    expect([...at('Hamburg'), ...at(BERLIN)]).toContain(p.modules.german.id);

    // Evenly at each place over the three weeks: no module more than once ahead of another.
    for (const place of ['Hamburg', 'Lisbon', BERLIN, LISBON]) {
      const running = place === 'Hamburg' || place === BERLIN ? Object.values(p.modules) : [p.modules.listening, p.modules.workshops];
      const counts = running.map((m) => at(place).filter((id) => id === m.id).length);
      expect(Math.max(...counts) - Math.min(...counts), `${place}: ${counts.join(', ')}`).toBeLessThanOrEqual(1);
    }

    // Published: the sessions keep their own lengths, and so do the coaches' calendars, which read them.
    const published = await call(t, 'POST', `/api/admin/planner/proposals/${answer.body.id}/publish`, { cookie: p.adminCookie, body: { onlineUrl: 'https://meet.example.test/quartet' } });
    expect(published.status, published.text).toBe(200);
    const made = await t.database.db.selectFrom('sessions').where('org_id', '=', p.org.id).select(['module_id', 'starts_at', 'ends_at']).execute();
    expect(made).toHaveLength(sessions.length);
    for (const s of made) expect((s.ends_at.getTime() - s.starts_at.getTime()) / 60_000).toBe(minutes.get(s.module_id));
  });
});
