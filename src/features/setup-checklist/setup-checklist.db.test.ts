// A new organisation's checklist ticks itself off, one step at a time, from what the organisation
// holds; only admins read it, and it never counts people.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { authenticateAs, buildOrganisation, buildPerson, buildRoom, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
let org: OrgRow;
let admin: PersonRow;

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  org = await buildOrganisation(t.database.db);
  admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
});

async function checklist(as: PersonRow = admin) {
  const res = await t.request('GET', '/api/admin/setup-checklist', { cookie: await t.cookieFor(as) });
  return { status: res.status, body: (await res.json()) as { steps: Array<{ step: string; done: boolean }>; complete: boolean } };
}
const doneSteps = async () => (await checklist()).body.steps.filter((s) => s.done).map((s) => s.step);

describe('the setup checklist', () => {
  it('starts with nothing done in a new organisation, and ticks each step off as the organisation gets it', async () => {
    const first = await checklist();
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ steps: ['rooms', 'coaches', 'people', 'signIn', 'sessions'].map((step) => ({ step, done: false })), complete: false });

    const db = t.database.db;
    await buildRoom(db, { org });
    expect(await doneSteps()).toEqual(['rooms']);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    expect(await doneSteps()).toEqual(['rooms', 'coaches']);
    // The admin and the coach are employees too: three more make a group's worth.
    const people = await Promise.all([1, 2, 3].map(() => buildPerson(db, { org })));
    expect(await doneSteps()).toEqual(['rooms', 'coaches', 'people']);
    // The admin signing in (as this test does) is not the organisation signing in; an employee is.
    await authenticateAs(db, people[0]!);
    expect(await doneSteps()).toEqual(['rooms', 'coaches', 'people', 'signIn']);
    await buildSession(db, { org, coach });
    expect(await checklist()).toMatchObject({ body: { complete: true } });
  });

  it('does not count people who left or were erased, nor retired rooms', async () => {
    const db = t.database.db;
    const other = await buildOrganisation(db);
    const boss = await buildPerson(db, { org: other, roles: ['admin', 'employee'] });
    const room = await buildRoom(db, { org: other });
    await db.updateTable('rooms').set({ retired_at: new Date() }).where('id', '=', room.id).execute();
    const gone = await Promise.all([1, 2, 3, 4].map(() => buildPerson(db, { org: other })));
    await db.updateTable('people').set({ active: false }).where('id', 'in', gone.slice(0, 2).map((p) => p.id)).execute();
    // Stand-ins as erasure leaves them: inactive, nameless, holding nothing, but still employees.
    await db.updateTable('people').set({ anonymised_at: new Date(), active: false, name: '(erased)', department: null, site: null })
      .where('id', 'in', gone.slice(2).map((p) => p.id)).execute();
    const res = await checklist(boss);
    expect(res.body.steps.filter((s) => s.done)).toEqual([]);
  });

  it('is for admins only', async () => {
    const employee = await buildPerson(t.database.db, { org });
    expect((await checklist(employee)).status).toBe(403);
  });
});
