// The demo organisation: the size the README promises, the fixed sign-in addresses, loaded once.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { inOrg } from '../../db/transaction.ts';
import { networkOfOrganisation } from '../encounters/views.ts';
import { MODULE_LIBRARY } from './module-library.ts';
import { MODULE_QUESTIONS } from './module-questions.ts';
import { DEMO_ACCOUNTS, seedDemoOrganisation } from './seed.ts';

let t: TestDatabase;
let orgId: string;
const now = new Date('2027-01-13T09:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase(4);
  const result = await seedDemoOrganisation(t.db, { now });
  expect(result.created).toBe(true);
  orgId = result.orgId;
});

describe('seedDemoOrganisation', () => {
  it('creates ~300 people in 8 departments, 10 coaches, the module library, 6 rooms at 2 sites', async () => {
    const people = await t.db.selectFrom('people').where('org_id', '=', orgId).select(['department', 'roles', 'email']).execute();
    expect(people.length).toBeGreaterThanOrEqual(290);
    expect(people.length).toBeLessThanOrEqual(310);
    expect(new Set(people.map((p) => p.department)).size).toBe(8);
    expect(people.filter((p) => p.roles.includes('coach'))).toHaveLength(10);
    const modules = await t.db.selectFrom('modules').where('org_id', '=', orgId).select(['title', 'language']).execute();
    expect(modules.length).toBeGreaterThanOrEqual(75);
    expect(modules.map((m) => m.title)).toEqual(expect.arrayContaining(['Continuous Improvement', 'Customer Orientation', 'Giving Feedback']));
    const rooms = await t.db.selectFrom('rooms').where('org_id', '=', orgId).select('site').execute();
    expect(rooms).toHaveLength(6);
    expect(new Set(rooms.map((r) => r.site)).size).toBe(2);
    for (const account of DEMO_ACCOUNTS) expect(people.map((p) => p.email)).toContain(account.email);
  });

  it('gives every module of the library its reflection question in English and German', async () => {
    const modules = await t.db.selectFrom('modules').where('org_id', '=', orgId).select(['code', 'reflection_question_en', 'reflection_question_de']).execute();
    expect(modules).toHaveLength(MODULE_LIBRARY.length);
    const without = modules.filter((m) => m.reflection_question_en.trim() === '' || m.reflection_question_de.trim() === '').map((m) => m.code);
    expect(without).toEqual([]);
    // Each its own question, not one sentence for all.
    expect(new Set(modules.map((m) => m.reflection_question_en)).size).toBe(modules.length);
    expect(new Set(modules.map((m) => m.reflection_question_de)).size).toBe(modules.length);
    // Every question is for a module of the library: none is left over under a code nobody has.
    expect(Object.keys(MODULE_QUESTIONS).sort()).toEqual(MODULE_LIBRARY.map((m) => m.code).sort());
  });

  it('schedules sessions over the next 8 weeks, with six months held before now (history.db.test.ts), within capacity', async () => {
    const sessions = await t.db.selectFrom('sessions').where('org_id', '=', orgId).select(['starts_at', 'ends_at', 'capacity', 'seats_taken']).execute();
    const upcoming = sessions.filter((s) => s.starts_at > now);
    expect(upcoming.length).toBeGreaterThan(100);
    const last = Math.max(...upcoming.map((s) => s.starts_at.getTime()));
    expect(last - now.getTime()).toBeLessThanOrEqual(9 * 7 * 24 * 3_600_000);
    // Nothing under way at the moment of loading: every session is either over or still to come.
    expect(sessions.filter((s) => s.starts_at <= now && s.ends_at > now)).toEqual([]);
    expect(sessions.every((s) => s.seats_taken <= s.capacity)).toBe(true);
    expect(upcoming.some((s) => s.seats_taken > 0)).toBe(true);
    const mismatched = await sql<{ n: number }>`
      select count(*)::int as n from sessions s
      where s.org_id = ${orgId} and s.seats_taken <> (select count(*) from bookings b where b.session_id = s.id and b.status <> 'cancelled')
    `.execute(t.db);
    expect(mismatched.rows[0]!.n).toBe(0);
  });

  it('counts who met whom in the six months held, so the Network page has figures at once', async () => {
    const { rows: [counted] } = await sql<{ pending: number; pairs: number }>`
      select (select count(*) from sessions where org_id = ${orgId} and ends_at <= ${now} and encounters_counted_at is null)::int as pending,
        (select count(*) from encounters where org_id = ${orgId})::int as pairs`.execute(t.db);
    expect(counted).toMatchObject({ pending: 0 });
    expect(counted!.pairs).toBeGreaterThan(1_000);
    const admin = await t.db.selectFrom('people').where('org_id', '=', orgId).where('email', '=', DEMO_ACCOUNTS[0]!.email).select('id').executeTakeFirstOrThrow();
    const network = await inOrg(t.db, orgId, (tx) => networkOfOrganisation(tx, { orgId, personId: admin.id, roles: ['admin'], timeZone: 'Europe/Berlin', locale: 'en' }, now));
    expect(network.newColleaguesPerAttendance).toBeGreaterThan(1);
    expect(network.crossDepartmentShare).toBeGreaterThan(0.3);
    expect(network.heatMap.departments).toHaveLength(8);
    expect(network.heatMap.cells.filter((c) => c.encounters !== null).length).toBeGreaterThan(20);
  });

  it('loads nothing the second time', async () => {
    const count = async () => Number((await t.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const again = await seedDemoOrganisation(t.db, { now });
    expect(again).toEqual({ created: false, orgId });
    expect(await count()).toBe(before);
  });
});
