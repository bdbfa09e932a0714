// The planner's weekly top-up on real PostgreSQL, at a fixed "now" (the Monday 06:00 before the
// reference Monday): a short week makes one draft proposal and one mail per admin (through the job
// queue and real SMTP), a covered horizon makes nothing, a second run of the same week adds
// nothing, and people waiting in lines raise the need.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { runTopUps, supplyAhead, TOP_UP_WEEKS } from './supply.ts';
import { sql } from 'kysely';
import { inOrg } from '../../db/transaction.ts';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10);
const HORIZON = new Date(`${MONDAY}T00:00:00Z`);
const NOW = new Date(HORIZON.getTime() - WEEK + 6 * HOUR); // the job's slot, Monday 06:00 UTC the week before
const BERLIN = 'Europe/Berlin';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

/** Eight employees (two of them admins) who take part once a week: eight seats a week, two sessions of four. */
async function organisationWithStandingDemand() {
  const db = t.database.db;
  const org = await buildOrganisation(db, { default_capacity: 4 });
  const admins = [
    await buildPerson(db, { org, roles: ['admin', 'employee'], timeZone: BERLIN, locale: 'en' }),
    await buildPerson(db, { org, roles: ['admin', 'employee'], timeZone: BERLIN, locale: 'de' }),
  ];
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: BERLIN });
  const employees = [];
  for (let i = 0; i < 5; i++) employees.push(await buildPerson(db, { org, roles: ['employee'], timeZone: BERLIN }));
  const module = await buildModule(db, { org });
  const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, {
    cookie: await t.cookieFor(admins[0]!),
    body: { timeZone: BERLIN, maxSessionsPerWeek: 5, coachesOnline: true, sites: [], moduleIds: [], windows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:00' })) },
  });
  expect(saved.status, saved.text).toBe(200);
  // The plan the admin published earlier: its demand is the organisation's standing demand.
  await db.insertInto('plan_proposals').values({
    org_id: org.id, status: 'published', published_at: new Date(NOW.getTime() - 3 * WEEK), created_by: admins[0]!.id,
    demand: JSON.stringify({ weeks: 4, departments: [], sites: [], frequency: { every: 1, unit: 'week' }, modules: [], virtualShare: 1, workingHours: { from: '08:00', to: '18:00' }, participants: 8 }),
    horizon_start: new Date(HORIZON.getTime() - 4 * WEEK), weeks: 4, input: '{}', sessions: '[]', gaps: '[]', achievable_per_week: [],
  }).execute();
  return { org, admins, coach, employees, module };
}

type Org = Awaited<ReturnType<typeof organisationWithStandingDemand>>;

/** Virtual sessions of `seats` each week of the horizon: what the organisation already offers. */
async function offerEachWeek(p: Org, capacity: number) {
  const sessions = [];
  for (let w = 0; w < TOP_UP_WEEKS; w++) {
    sessions.push(await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, capacity, startsAt: new Date(HORIZON.getTime() + w * WEEK + 24 * HOUR + 9 * HOUR), timeZone: BERLIN }));
  }
  return sessions;
}

const topUpsOf = (orgId: string) => t.database.db.selectFrom('plan_proposals').where('org_id', '=', orgId).where('status', '=', 'draft').selectAll().execute();
const topUpMails = (orgId: string) => t.database.db.selectFrom('outgoing_messages').where('org_id', '=', orgId).where('kind', '=', 'plan_top_up').selectAll().execute();
const run = async (orgId: string) => (await runTopUps(t.ctx.db, NOW, { orgIds: [orgId], onError: (_o, e) => { throw e; } })).get(orgId);

describe('the planner’s weekly top-up', () => {
  it('proposes a draft for short weeks and mails each admin once, in their language, with a link to it', async () => {
    const p = await organisationWithStandingDemand();
    await offerEachWeek(p, 4); // half of the eight seats a week

    const supply = await inOrg(t.ctx.db, p.org.id, (tx) => supplyAhead(tx, p.org.id, NOW));
    expect(supply!.startsOn).toBe(MONDAY);
    expect(supply!.weeks.map((w) => [w.seatsOffered, w.seatsNeeded, w.short])).toEqual(Array.from({ length: 4 }, () => [4, 8, true]));

    const outcome = await run(p.org.id);
    expect(outcome?.outcome).toBe('proposed');
    const drafts = await topUpsOf(p.org.id);
    expect(drafts).toHaveLength(1);
    const draft = drafts[0]!;
    expect(outcome).toEqual({ outcome: 'proposed', proposalId: draft.id });
    expect((draft.demand as { topUpFor: string }).topUpFor).toBe(MONDAY);
    expect(draft.horizon_start.toISOString()).toBe(HORIZON.toISOString());
    // Only what is missing: one more session of four a week, the published one counted.
    expect((draft.sessions as unknown[]).length).toBe(TOP_UP_WEEKS);

    const mails = await topUpMails(p.org.id);
    expect(mails.map((m) => m.recipient_id).sort()).toEqual(p.admins.map((a) => a.id).sort());
    const [en, de] = await Promise.all(p.admins.map((a) => t.mailbox.waitFor((m) => t.mailbox.to(a.email).includes(m))));
    expect(en!.subject).toBe('4 of the coming weeks run short of seats');
    expect(en!.text).toContain(`/admin/planner/${draft.id}`);
    expect(en!.text).toContain('4 seats offered, 8 needed');
    expect(de!.subject).toBe('In 4 der kommenden Wochen fehlen Plätze');
    expect(de!.text).toContain('4 Plätze angeboten, 8 benötigt');
    for (const e of p.employees) expect(t.mailbox.to(e.email)).toHaveLength(0);
  });

  it('shows the admin the coming weeks and the latest top-up through GET /api/admin/planner/supply', async () => {
    const p = await organisationWithStandingDemand();
    const cookie = await t.cookieFor(p.admins[0]!);
    const before = await call(t, 'GET', '/api/admin/planner/supply', { cookie });
    expect(before.status, before.text).toBe(200);
    expect(before.body.standingDemand).toBe(true);
    expect(before.body.weeks).toHaveLength(TOP_UP_WEEKS);
    expect(before.body.latestTopUp).toBeNull();
    expect([before.body.waiting, before.body.fillRate, before.body.fillRateWithheld]).toEqual([0, null, false]);
    const outcome = await run(p.org.id);
    const after = await call(t, 'GET', '/api/admin/planner/supply', { cookie });
    expect(after.body.latestTopUp).toMatchObject({ id: (outcome as { proposalId: string }).proposalId, status: 'draft', week: MONDAY });
    const employee = await call(t, 'GET', '/api/admin/planner/supply', { cookie: await t.cookieFor(p.employees[0]!) });
    expect(employee.status).toBe(403);
  });

  it('starts its weeks at the next Monday of the organisation’s zone: late on Sunday in UTC, Berlin’s week has begun', async () => {
    const p = await organisationWithStandingDemand();
    const berlinMondayNight = new Date(HORIZON.getTime() - 30 * 60_000); // Sunday 23:30 UTC, Monday 00:30 in Berlin
    const supply = await inOrg(t.ctx.db, p.org.id, (tx) => supplyAhead(tx, p.org.id, berlinMondayNight));
    expect(supply!.startsOn).toBe(new Date(HORIZON.getTime() + WEEK).toISOString().slice(0, 10));
    await t.database.db.updateTable('organisations').set({ default_time_zone: 'UTC' }).where('id', '=', p.org.id).execute();
    const inUtc = await inOrg(t.ctx.db, p.org.id, (tx) => supplyAhead(tx, p.org.id, berlinMondayNight));
    expect(inUtc!.startsOn).toBe(MONDAY);
  });

  it('keeps every earlier mail kind allowed beside the new one (migration 039 reads the list it extends)', async () => {
    const { rows } = await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'outgoing_messages_kind_check'`.execute(t.database.db);
    for (const kind of ['login_link', 'reminder', 'coach_assigned', 'webhook_disabled', 'data_export_ready', 'erasure_confirmation', 'plan_top_up']) {
      expect(rows[0]!.def, kind).toContain(kind);
    }
  });

  it('does nothing when the coming weeks offer the seats needed', async () => {
    const p = await organisationWithStandingDemand();
    await offerEachWeek(p, 8);
    expect(await run(p.org.id)).toEqual({ outcome: 'covered' });
    expect(await topUpsOf(p.org.id)).toHaveLength(0);
    expect(await topUpMails(p.org.id)).toHaveLength(0);
  });

  it('does nothing for an organisation that never published a plan', async () => {
    const org = await buildOrganisation(t.database.db);
    await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    expect(await run(org.id)).toEqual({ outcome: 'no_standing_demand' });
    expect(await topUpMails(org.id)).toHaveLength(0);
  });

  it('run twice for the same week (one after the other, and two at once): one proposal, one mail per admin', async () => {
    const p = await organisationWithStandingDemand();
    const first = await run(p.org.id);
    expect(first?.outcome).toBe('proposed');
    const again = await Promise.all([run(p.org.id), run(p.org.id)]);
    for (const o of again) expect(o).toEqual({ outcome: 'already_proposed', proposalId: (first as { proposalId: string }).proposalId });
    expect(await topUpsOf(p.org.id)).toHaveLength(1);
    expect(await topUpMails(p.org.id)).toHaveLength(2);
  });

  it('counts the people waiting in lines from five: a covered horizon runs short when they join', async () => {
    const p = await organisationWithStandingDemand();
    const [first] = await offerEachWeek(p, 8);
    expect(await run(p.org.id)).toEqual({ outcome: 'covered' });
    const wait = (people: typeof p.employees) => t.database.db.insertInto('waitlist_entries')
      .values(people.map((e) => ({ org_id: p.org.id, session_id: first!.id, person_id: e.id }))).execute();
    const supply = () => inOrg(t.ctx.db, p.org.id, (tx) => supplyAhead(tx, p.org.id, NOW));
    // Three waiting: the page withholds their number, and the seats needed must not show it as the
    // first week's difference from the next (11 against 8 would): below the floor they count for nothing.
    await wait(p.employees.slice(0, 3));
    expect((await supply())!.waiting).toBe(3);
    expect((await supply())!.weeks.map((w) => w.seatsNeeded)).toEqual([8, 8, 8, 8]);
    const admin = p.admins[0]!;
    const shown = await call(t, 'GET', '/api/admin/planner/supply', { cookie: await t.cookieFor(admin) });
    expect([shown.body.waiting, shown.body.weeks.map((w: { seatsNeeded: number }) => w.seatsNeeded)]).toEqual([null, [8, 8, 8, 8]]);
    expect(await run(p.org.id)).toEqual({ outcome: 'covered' });

    await wait(p.employees.slice(3, 5));
    expect((await supply())!.waiting).toBe(5);
    expect((await supply())!.weeks.map((w) => w.seatsNeeded)).toEqual([13, 8, 8, 8]);
    expect((await supply())!.weeks.map((w) => w.short)).toEqual([true, false, false, false]);
    expect((await run(p.org.id))?.outcome).toBe('proposed');
    const [mail] = await topUpMails(p.org.id);
    expect((mail!.detail as { shortWeeks: unknown[] }).shortWeeks).toEqual([{ startsOn: MONDAY, seatsOffered: 8, seatsNeeded: 13 }]);
  });
});
