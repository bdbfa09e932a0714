// The operator appointing an admin by address (API and command line). The operator works for the
// host, not for the organisation: the answer says what was done, never whose the address was (their
// name, their other roles), and a person the organisation deactivated is not made active again as a
// side effect — only when the operator asks for it, and then the audit log says so.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson } from '../../../test/factories.ts';
import { runCli } from '../../../test/run-cli.ts';

let t: TestApp;
let operatorToken: string;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-appoint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(t.database.url, tmp, args);

beforeAll(async () => {
  t = await startTestApp();
  const made = await cli('operator', 'token', 'create', '--name', 'ops');
  operatorToken = JSON.parse(made.stdout).token;
});

const appoint = (orgId: string, body: Record<string, unknown>) =>
  call(t, 'POST', `/api/operator/organisations/${orgId}/admins`, { headers: { authorization: `Bearer ${operatorToken}` }, body });

const personNow = (id: string) => t.database.db.selectFrom('people').where('id', '=', id).select(['active', 'roles', 'name']).executeTakeFirstOrThrow();
const auditOf = (orgId: string) => t.database.db.selectFrom('audit_log').where('org_id', '=', orgId)
  .select(['action', 'actor_kind', 'subject_id', 'detail']).orderBy('at').orderBy('id').execute();

describe('the operator API appointing an admin', () => {
  it('answers an existing person’s appointment without their name or roles', async () => {
    const org = await buildOrganisation(t.database.db);
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'], name: 'Carla Private' });
    const res = await appoint(org.id, { email: coach.email, name: 'Typed By Operator' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ id: coach.id, email: coach.email, created: false, reactivated: false });
    expect(res.text).not.toContain('Carla');
    expect(res.text).not.toContain('coach');
    expect(await personNow(coach.id)).toEqual({ active: true, roles: ['admin', 'coach', 'employee'], name: 'Carla Private' });
  });

  it('refuses a deactivated person and changes nothing; reactivates them only when asked, and audits it', async () => {
    const org = await buildOrganisation(t.database.db);
    const gone = await buildPerson(t.database.db, { org, roles: ['employee'], active: false });

    const refused = await appoint(org.id, { email: gone.email, name: 'X' });
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'ADMIN_DEACTIVATED']);
    expect(await personNow(gone.id)).toMatchObject({ active: false, roles: ['employee'] });
    expect(await auditOf(org.id)).toEqual([]);

    const done = await appoint(org.id, { email: gone.email, name: 'X', reactivate: true });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toEqual({ id: gone.id, email: gone.email, created: false, reactivated: true });
    expect(await personNow(gone.id)).toMatchObject({ active: true, roles: ['admin', 'employee'] });
    expect(await auditOf(org.id)).toEqual([
      { action: 'people.changed', actor_kind: 'operator', subject_id: gone.id, detail: { fields: ['active'], active: { from: false, to: true } } },
      { action: 'people.admin_appointed', actor_kind: 'operator', subject_id: gone.id, detail: { reactivated: true } },
    ]);

    // reactivate on an active person or a new address changes nothing more than an appointment.
    const fresh = await appoint(org.id, { email: `new-${org.id}@example.test`, name: 'Nina', reactivate: true });
    expect(fresh.body).toMatchObject({ created: true, reactivated: false });
  });
});

describe('quartet org appoint-admin', () => {
  it('answers as the API does, refuses a deactivated person, and reactivates with --reactivate', async () => {
    const org = await buildOrganisation(t.database.db);
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'], name: 'Conrad Private' });
    const gone = await buildPerson(t.database.db, { org, roles: ['employee'], active: false });

    const made = await cli('org', 'appoint-admin', '--slug', org.slug, '--email', coach.email.toUpperCase(), '--name', 'Typed');
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toEqual({ id: coach.id, email: coach.email, created: false, reactivated: false });
    expect(made.stdout).not.toContain('Conrad');

    const refused = await cli('org', 'appoint-admin', '--slug', org.slug, '--email', gone.email, '--name', 'Typed');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ADMIN_DEACTIVATED.*--reactivate/);
    expect(await personNow(gone.id)).toMatchObject({ active: false, roles: ['employee'] });

    const reactivated = await cli('org', 'appoint-admin', '--slug', org.slug, '--email', gone.email, '--name', 'Typed', '--reactivate');
    expect(reactivated.code, reactivated.stderr).toBe(0);
    expect(JSON.parse(reactivated.stdout)).toEqual({ id: gone.id, email: gone.email, created: false, reactivated: true });
    expect(await personNow(gone.id)).toMatchObject({ active: true, roles: ['admin', 'employee'] });
    const logged = (await auditOf(org.id)).filter((e) => e.subject_id === gone.id);
    expect(logged.map((e) => [e.action, e.actor_kind, e.detail])).toEqual([
      ['people.changed', 'system', { fields: ['active'], active: { from: false, to: true } }],
      ['people.admin_appointed', 'system', { reactivated: true }],
    ]);

    expect((await cli('org', 'appoint-admin', '--slug', org.slug, '--email', 'not-an-address', '--name', 'N')).stderr).toMatch(/--email: is not an e-mail address/);
    expect((await cli('org', 'appoint-admin', '--slug', org.slug, '--email', 'z@z.test', '--name', 'Z', '--time-zone', 'Mars/Base')).stderr).toMatch(/--time-zone/);
  });
});
