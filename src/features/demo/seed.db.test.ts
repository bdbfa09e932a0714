// The demo organisation: the size the README promises, the fixed sign-in addresses, a published
// cohort and a draft, loaded once.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { inOrg } from '../../db/transaction.ts';
import { planningWindow } from '../../lib/time.ts';
import { networkOfOrganisation } from '../encounters/views.ts';
import { MODULE_LIBRARY } from '../organisations/module-library.ts';
import { MODULE_QUESTIONS } from '../organisations/module-questions.ts';
import { proposePlan } from '../planner/service.ts';
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

  it('shows a published cohort: every round’s sessions and seats real, no pair of its members twice in a group, no mail queued', async () => {
    const cohorts = await t.db.selectFrom('cohorts').where('org_id', '=', orgId)
      .select(['id', 'name', 'status', 'rounds', 'solver_status', 'solver_repeats', 'schedule']).orderBy('name').execute();
    const published = cohorts.filter((c) => c.status === 'published');
    expect(published).toHaveLength(1);
    const cohort = published[0]!;
    expect(cohort.name).toMatch(/^Leadership programme \d{4}$/);
    expect(cohort).toMatchObject({ solver_status: 'done', solver_repeats: 0 });
    expect(cohort.rounds).toBeGreaterThanOrEqual(6);
    expect(cohort.rounds).toBeLessThanOrEqual(10);

    const members = await t.db.selectFrom('cohort_members').where('cohort_id', '=', cohort.id).select(['person_id', 'department']).execute();
    expect(members.length).toBeGreaterThanOrEqual(16);
    expect(members.length).toBeLessThanOrEqual(32);
    const departments = new Set(members.map((m) => m.department));
    expect(departments.size).toBeGreaterThanOrEqual(2);
    expect(departments.size).toBeLessThanOrEqual(3);

    // Every group of every round is a session of the cohort's module, in the future, whose seats are its group's.
    const groups = await t.db.selectFrom('cohort_groups as g')
      .innerJoin('sessions as s', (j) => j.onRef('s.org_id', '=', 'g.org_id').onRef('s.id', '=', 'g.session_id'))
      .where('g.cohort_id', '=', cohort.id)
      .select(['g.round', 'g.group_no', 's.id as session_id', 's.starts_at', 's.status', 's.seats_taken', 's.coach_id']).execute();
    const groupCount = Math.ceil(members.length / 4);
    expect(groups).toHaveLength(cohort.rounds * groupCount);
    expect(groups.every((g) => g.starts_at > now && g.status === 'scheduled')).toBe(true);
    const starts = [...new Set(groups.map((g) => g.starts_at.getTime()))].sort((a, b) => a - b);
    expect(starts).toHaveLength(cohort.rounds);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(6 * 24 * 3_600_000);
    const coaches = await t.db.selectFrom('people').where('org_id', '=', orgId).where('id', 'in', groups.map((g) => g.coach_id)).select('roles').execute();
    expect(coaches.every((c) => c.roles.includes('coach'))).toBe(true);

    const seats = await t.db.selectFrom('bookings').where('org_id', '=', orgId).where('status', '=', 'active')
      .where('session_id', 'in', groups.map((g) => g.session_id)).select(['session_id', 'person_id']).execute();
    expect(seats).toHaveLength(cohort.rounds * members.length);
    const schedule = cohort.schedule!;
    const pairs = new Set<string>();
    let repeated = 0;
    for (const g of groups) {
      const held = seats.filter((b) => b.session_id === g.session_id).map((b) => b.person_id).sort();
      expect(held).toEqual([...schedule[g.round]![g.group_no]!].sort());
      expect(g.seats_taken).toBe(held.length);
      for (const [i, a] of held.entries()) for (const b of held.slice(i + 1)) {
        if (pairs.has(`${a} ${b}`)) repeated++;
        pairs.add(`${a} ${b}`);
      }
    }
    expect(repeated).toBe(0);
    // Everyone once a round.
    for (let r = 0; r < cohort.rounds; r++) expect(schedule[r]!.flat().sort()).toEqual(members.map((m) => m.person_id).sort());

    // As for the demo's other bookings: no confirmation, roster notice or reminder waits to go out, nor its job.
    const mail = await sql<{ n: number }>`select count(*)::int as n from outgoing_messages where org_id = ${orgId}`.execute(t.db);
    expect(mail.rows[0]!.n).toBe(0);
    const jobs = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where key like 'message:%'`.execute(t.db);
    expect(jobs.rows[0]!.n).toBe(0);
  });

  it('leaves a second cohort as a solved draft without sessions, for the preview, moves and publishing', async () => {
    const drafts = await t.db.selectFrom('cohorts').where('org_id', '=', orgId).where('status', '=', 'draft')
      .select(['id', 'solver_status', 'solver_repeats', 'schedule', 'rounds']).execute();
    expect(drafts).toHaveLength(1);
    const draft = drafts[0]!;
    expect(draft).toMatchObject({ solver_status: 'done', solver_repeats: 0 });
    expect(draft.schedule).toHaveLength(draft.rounds);
    const sessions = await t.db.selectFrom('cohort_groups').where('cohort_id', '=', draft.id).where('session_id', 'is not', null).select('session_id').execute();
    expect(sessions).toEqual([]);
    // Nobody is in both cohorts.
    const members = await t.db.selectFrom('cohort_members').where('org_id', '=', orgId).select(['cohort_id', 'person_id']).execute();
    expect(new Set(members.map((m) => m.person_id)).size).toBe(members.length);
  });

  it('gives every coach weekly windows and a limit, from which the planner proposes the coming weeks', async () => {
    const coaches = await t.db.selectFrom('people').where('org_id', '=', orgId).where(sql<boolean>`'coach' = any (roles)`).select(['id', 'time_zone']).execute();
    const availability = await t.db.selectFrom('coach_availability').where('org_id', '=', orgId).select(['person_id', 'time_zone', 'max_sessions_per_week']).execute();
    expect(availability.map((a) => a.person_id).sort()).toEqual(coaches.map((c) => c.id).sort());
    for (const a of availability) expect(a.time_zone).toBe(coaches.find((c) => c.id === a.person_id)!.time_zone);
    const windows = await t.db.selectFrom('coach_windows').where('org_id', '=', orgId).select('person_id').execute();
    expect(new Set(windows.map((w) => w.person_id)).size).toBe(coaches.length);

    const admin = await t.db.selectFrom('people').where('org_id', '=', orgId).where('email', '=', DEMO_ACCOUNTS[0]!.email).selectAll().executeTakeFirstOrThrow();
    const actor = { orgId, personId: admin.id, roles: admin.roles, timeZone: admin.time_zone, locale: admin.locale };
    // Everyone once a month over four weeks from the Monday after the demo's "now".
    const id = await inOrg(t.db, orgId, (tx) => proposePlan(tx, actor, {
      weeks: 4, startsOn: '2027-01-18', departments: [], sites: [], frequency: { every: 1, unit: 'month' }, modules: [], virtualShare: 0.5,
      workingHours: { from: '08:00', to: '18:00' },
    }, planningWindow(undefined, now)));
    const proposal = await t.db.selectFrom('plan_proposals').where('id', '=', id).select(['sessions']).executeTakeFirstOrThrow();
    expect((proposal.sessions as unknown[]).length).toBeGreaterThan(0);
  });

  it('has people in line for some full sessions, Emma second in one, each of whom could take the seat', async () => {
    const waits = await sql<{ session_id: string; person_id: string; email: string; capacity: number; seats_taken: number; seated: boolean; starts_at: Date; coach_id: string }>`
      select w.session_id, w.person_id, p.email, s.capacity, s.seats_taken, s.starts_at, s.coach_id,
        exists (select 1 from bookings b where b.session_id = s.id and b.person_id = w.person_id and b.status <> 'cancelled') as seated
      from waitlist_entries w join sessions s on s.id = w.session_id join people p on p.id = w.person_id
      where w.org_id = ${orgId} and w.status = 'waiting'
      order by w.session_id, w.created_at`.execute(t.db);
    const lines = new Set(waits.rows.map((w) => w.session_id));
    expect(lines.size).toBeGreaterThanOrEqual(4);
    for (const w of waits.rows) {
      expect(w.seats_taken).toBe(w.capacity);
      expect(w.seated).toBe(false);
      expect(w.person_id).not.toBe(w.coach_id);
      expect(w.starts_at.getTime() - now.getTime()).toBeGreaterThan(2 * 86_400_000);
    }
    const emma = waits.rows.find((w) => w.email === DEMO_ACCOUNTS[2]!.email);
    expect(emma, 'Emma waits in a line').toBeDefined();
    expect(waits.rows.filter((w) => w.session_id === emma!.session_id).map((w) => w.email).indexOf(emma!.email)).toBe(1);
  });

  it('names its controller in the privacy notice, so the short notice is complete on the first start', async () => {
    const details = await t.db.selectFrom('privacy_notice_details').where('org_id', '=', orgId).select(['controller_name', 'contact_email']).executeTakeFirstOrThrow();
    expect(details.controller_name).toBe('Northwind Manufacturing GmbH');
    expect(details.contact_email).toMatch(/^privacy@/);
  });

  it('loads nothing the second time', async () => {
    const count = async () => Number((await t.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const again = await seedDemoOrganisation(t.db, { now });
    expect(again).toEqual({ created: false, orgId });
    expect(await count()).toBe(before);
  });
});
