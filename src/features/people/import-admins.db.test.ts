// An import that deactivates an admin while, at the same moment, that admin takes admin away from
// the one importing: the organisation keeps an active admin. The change is held open until the
// import waits on it (or, without the lock, has gone past it).
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, type PersonRow } from '../../../test/factories.ts';
import { hold, outcome, untilWaitingOrDone } from '../../../test/lock-waits.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { changePerson } from '../directory/service.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });

const activeAdmins = (orgId: string) => db.selectFrom('people').where('org_id', '=', orgId).where('active', '=', true)
  .where(({ eb, val }) => eb(val('admin'), '=', eb.fn.any('roles'))).select('id').execute();

describe('a people import and an admin change at the same moment', () => {
  it('keeps an admin when the import deactivates the admin who is taking admin away from the importer', async () => {
    const org = await buildOrganisation(db);
    const importer = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Ada Importer' });
    const other = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const employee = await buildPerson(db, { org, name: 'Eve Employee' });
    const cookie = await t.cookieFor(importer);
    // The file leaves the other admin out: the import deactivates them, as the admin confirms.
    const csv = `name,email\n${importer.name},${importer.email}\n${employee.name},${employee.email}\n`;

    const demoted = hold();
    const demoting = inOrg(t.ctx.db, org.id, async (tx) => {
      await changePerson(tx, actorOf(other), importer.id, { roles: ['employee'] });
      await demoted.here();
    });
    await demoted.reached;
    const importing = outcome(t.request('POST', '/api/admin/people/import?expectDeactivated=1', { cookie, body: csv, headers: { 'content-type': 'text/csv' } })
      .then(async (r) => ({ status: r.status, body: (await r.json()) as { code?: string } })));
    await untilWaitingOrDone(t.ctx.pool, importing);
    demoted.release();
    await demoting;

    // The importer is no admin by the time the import decides: refused, and the other admin stays.
    expect(await importing).toEqual({ value: { status: 403, body: expect.objectContaining({ code: 'FORBIDDEN' }) } });
    expect(await activeAdmins(org.id)).toEqual([{ id: other.id }]);
  });
});
