// An organisation for a planner test: an admin (and their cookie), one module, and `people` employees
// without a site in one zone, whose demand the planner plans for.
import type { TestApp } from './app.ts';
import { buildModule, buildOrganisation, buildPerson } from './factories.ts';

export async function plannerOrganisation(t: TestApp, o: { zone: string; people: number }) {
  const db = t.database.db;
  const org = await buildOrganisation(db, { default_capacity: 4 });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], timeZone: o.zone });
  const module = await buildModule(db, { org, title: 'Feedback' });
  await db.insertInto('people').values(Array.from({ length: o.people }, (_, i) => ({
    org_id: org.id, email: `p-${i}-${org.id}@example.test`, name: `P ${i}`, department: 'Sales', site: null, time_zone: o.zone,
  }))).execute();
  return { org, admin, cookie: await t.cookieFor(admin), module };
}
