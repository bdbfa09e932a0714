// Operators: the command line and the operator API create organisations (with the module library
// and a first admin who can then sign in), suspend and resume them, and appoint admins. The
// operator API answers only to an operator token; an organisation's admin is no operator.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { PAST_MONDAY } from '../../../test/dates.ts';
import { buildDomainClaim, buildOrganisation, buildPerson } from '../../../test/factories.ts';
import { hashSecret } from '../../lib/secrets.ts';
import { MODULE_LIBRARY } from './module-library.ts';
import { runCli } from '../../../test/run-cli.ts';

let t: TestApp;
let operatorToken: string;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-operator-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(t.database.url, tmp, args);

async function cliJson(...args: string[]) {
  const run = await cli(...args);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

const asOperator = (token = operatorToken) => ({ authorization: `Bearer ${token}` });

/** Signs in by log-in link, through the real mail, and returns the cookie. */
async function signInByLink(email: string): Promise<string> {
  const before = t.mailbox.to(email).length;
  expect((await call(t, 'POST', '/api/auth/login-link', { body: { email } })).status).toBe(202);
  await t.mailbox.waitFor(() => t.mailbox.to(email).length > before);
  const html = String(t.mailbox.to(email)[before]!.html);
  const token = /#token=([\w-]+)/.exec(html)![1]!;
  const res = await t.request('POST', '/api/auth/session', { body: { token } });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

const modulesOf = async (orgId: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from modules where org_id = ${orgId}`.execute(t.database.db)).rows[0]!.n);

beforeAll(async () => {
  t = await startTestApp();
  const made = await cliJson('operator', 'token', 'create', '--name', 'ops');
  operatorToken = made.token;
});

describe('quartet org and operator commands', () => {
  it('prints an operator token once and stores only its hash', async () => {
    expect(operatorToken).toMatch(/^qop_[\w-]{43}$/);
    const rows = await t.database.db.selectFrom('operator_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash.equals(hashSecret(operatorToken))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(operatorToken.slice(4));
  });

  it('creates an organisation with the module library and an admin who can sign in by log-in link', async () => {
    const created = await cliJson('org', 'create', '--name', 'Acme', '--slug', 'acme', '--admin-email', 'A@Acme.test', '--admin-name', 'Ada Admin', '--time-zone', 'Europe/Lisbon');
    expect(created.organisation).toMatchObject({ name: 'Acme', slug: 'acme', status: 'active', defaultTimeZone: 'Europe/Lisbon', admins: 1 });
    expect(await modulesOf(created.organisation.id)).toBe(MODULE_LIBRARY.length);
    const cookie = await signInByLink('a@acme.test');
    const me = await call(t, 'GET', '/api/me', { cookie });
    expect(me.body).toMatchObject({ name: 'Ada Admin', timeZone: 'Europe/Lisbon', organisation: { id: created.organisation.id, name: 'Acme' } });
    expect(me.body.roles).toContain('admin');
    expect((await call(t, 'GET', '/api/modules', { cookie })).text).toContain(MODULE_LIBRARY[0]!.title);

    const again = await cli('org', 'create', '--name', 'Acme 2', '--slug', 'acme', '--admin-email', 'b@acme.test', '--admin-name', 'B');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/SLUG_TAKEN/);
    expect((await cli('org', 'create', '--slug', 'nameless', '--admin-email', 'n@n.test')).stderr).toMatch(/--name: is required/);
  });

  it('suspends an organisation: no sign-in, no cookie works; resuming brings them back', async () => {
    await cliJson('org', 'create', '--name', 'Pause Ltd', '--slug', 'pause', '--admin-email', 'p@pause.test', '--admin-name', 'Pia');
    const cookie = await signInByLink('p@pause.test');
    expect((await call(t, 'GET', '/api/me', { cookie })).status).toBe(200);

    expect((await cliJson('org', 'suspend', '--slug', 'pause')).status).toBe('suspended');
    expect((await call(t, 'GET', '/api/me', { cookie })).status).toBe(401);
    const candidates = await sql`select * from auth_people_for_sign_in(${'p@pause.test'})`.execute(t.database.db);
    expect(candidates.rows).toEqual([]);
    const listed = await cliJson('org', 'list');
    expect(listed.find((o: { slug: string }) => o.slug === 'pause')).toMatchObject({ status: 'suspended', activePeople: 1, admins: 1 });

    expect((await cliJson('org', 'resume', '--slug', 'pause')).status).toBe('active');
    expect((await call(t, 'GET', '/api/me', { cookie })).status).toBe(200);
    // Each step is in the organisation's audit log, as done from the command line.
    const logged = await sql<{ action: string; actor_kind: string }>`
      select a.action, a.actor_kind from audit_log a join organisations o on o.id = a.org_id
      where o.slug = 'pause' and a.action like 'organisation.%' order by a.at`.execute(t.database.db);
    expect(logged.rows).toEqual([
      { action: 'organisation.created', actor_kind: 'system' },
      { action: 'organisation.suspended', actor_kind: 'system' },
      { action: 'organisation.resumed', actor_kind: 'system' },
    ]);
    expect((await cli('org', 'suspend', '--slug', 'no-such-org')).code).toBe(1);
  });

  it('refuses a link made before the suspension', async () => {
    await cliJson('org', 'create', '--name', 'Late Ltd', '--slug', 'late', '--admin-email', 'l@late.test', '--admin-name', 'Lou');
    expect((await call(t, 'POST', '/api/auth/login-link', { body: { email: 'l@late.test' } })).status).toBe(202);
    await t.mailbox.waitFor(() => t.mailbox.to('l@late.test').length > 0);
    const token = /#token=([\w-]+)/.exec(String(t.mailbox.to('l@late.test')[0]!.html))![1]!;
    await cliJson('org', 'suspend', '--slug', 'late');
    const res = await call(t, 'POST', '/api/auth/session', { body: { token } });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe('quartet domain commands', () => {
  it('list claims, approve one by its domain, reject it by its id, and say so in the audit log', async () => {
    const org = await buildOrganisation(t.database.db);
    const claim = await buildDomainClaim(t.database.db, { org });
    const listed = await cliJson('domain', 'list', '--status', 'pending');
    expect(listed).toContainEqual({
      id: claim.id, domain: claim.domain, status: 'pending', claimedAt: claim.claimed_at.toISOString(), decidedAt: null,
      organisation: { id: org.id, name: org.name, slug: org.slug },
    });
    expect(await cliJson('domain', 'approve', '--domain', claim.domain.toUpperCase())).toMatchObject({ id: claim.id, status: 'approved' });
    expect((await cliJson('domain', 'list', '--status', 'pending')).map((c: { id: string }) => c.id)).not.toContain(claim.id);
    expect(await cliJson('domain', 'reject', '--id', claim.id)).toMatchObject({ id: claim.id, status: 'rejected' });
    const logged = await t.database.db.selectFrom('audit_log').where('org_id', '=', org.id).select(['action', 'actor_kind', 'subject_id']).orderBy('at').execute();
    expect(logged).toEqual([
      { action: 'sso.domain_approved', actor_kind: 'system', subject_id: claim.id },
      { action: 'sso.domain_rejected', actor_kind: 'system', subject_id: claim.id },
    ]);

    // Another organisation holds it now: the rejected claim cannot be approved over it.
    await buildDomainClaim(t.database.db, { domain: claim.domain });
    const taken = await cli('domain', 'approve', '--id', claim.id);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/SSO_DOMAIN_TAKEN/);
    expect((await cli('domain', 'list', '--status', 'maybe')).stderr).toMatch(/--status: is one of pending, approved, rejected/);
    expect((await cli('domain', 'approve', '--domain', 'nobody-claims-this.test')).stderr).toMatch(/not found/);
    expect((await cli('domain', 'reject', '--id', 'not-a-uuid')).stderr).toMatch(/--id: is not a claim id/);
  });

  it('org create --sso-domain approves the new organisation’s domains, and refuses one that is taken', async () => {
    const created = await cliJson('org', 'create', '--name', 'Initech', '--slug', 'initech', '--admin-email', 'i@initech.test', '--admin-name', 'Ida',
      '--sso-domain', 'Initech.test, initech.example');
    const claims = await t.database.db.selectFrom('sso_domain_claims').where('org_id', '=', created.organisation.id).select(['domain', 'status']).orderBy('domain').execute();
    expect(claims).toEqual([{ domain: 'initech.example', status: 'approved' }, { domain: 'initech.test', status: 'approved' }]);

    const clash = await cli('org', 'create', '--name', 'Copy', '--slug', 'copy', '--admin-email', 'c@copy.test', '--admin-name', 'C', '--sso-domain', 'initech.test');
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/SSO_DOMAIN_TAKEN/);
    expect(await t.database.db.selectFrom('organisations').where('slug', '=', 'copy').selectAll().execute()).toEqual([]);
    expect((await cli('org', 'create', '--name', 'Bad', '--slug', 'bad', '--admin-email', 'b@bad.test', '--admin-name', 'B', '--sso-domain', 'not a domain')).stderr)
      .toMatch(/--sso-domain/);
  });
});

describe('the operator API', () => {
  it('answers 401 without an operator token, with a wrong one, and to an organisation admin’s cookie or integration token', async () => {
    const org = await buildOrganisation(t.database.db);
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const cookie = await t.cookieFor(admin);
    const made = await call(t, 'POST', '/api/tokens', { cookie, body: { name: 'sync', scopes: ['read', 'sessions', 'people:import'] } });
    expect(made.status).toBe(201);
    const attempts: Array<{ cookie?: string; headers?: Record<string, string> }> = [
      {}, { cookie }, { headers: asOperator('qop_' + 'x'.repeat(43)) }, { headers: asOperator(made.body.token) },
      { headers: { authorization: operatorToken } }, { headers: { authorization: `Basic ${operatorToken}` } },
    ];
    for (const who of attempts) {
      expect((await call(t, 'GET', '/api/operator/organisations', who)).status, JSON.stringify(who)).toBe(401);
      const post = await call(t, 'POST', `/api/operator/organisations/${org.id}/suspend`, who);
      expect(post.status, JSON.stringify(who)).toBe(401);
    }
    expect((await t.database.db.selectFrom('organisations').where('id', '=', org.id).select('status').executeTakeFirstOrThrow()).status).toBe('active');
  });

  it('creates, lists, suspends, resumes and appoints admins, without a browser Origin', async () => {
    const post = (p: string, body?: unknown) =>
      fetch(`${t.url}${p}`, { method: 'POST', headers: { ...asOperator(), ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const res = await post('/api/operator/organisations', { name: 'Globex', slug: 'globex', adminEmail: 'g@globex.test', adminName: 'Gus' });
    expect(res.status).toBe(201);
    const { organisation, admin } = await res.json();
    expect(organisation).toMatchObject({ slug: 'globex', status: 'active', defaultTimeZone: 'Europe/Berlin', activePeople: 1, admins: 1 });
    expect(admin).toEqual({ id: expect.any(String), email: 'g@globex.test', created: true, reactivated: false });
    expect(await modulesOf(organisation.id)).toBe(MODULE_LIBRARY.length);

    expect((await post('/api/operator/organisations', { name: 'Globex', slug: 'globex', adminEmail: 'x@globex.test', adminName: 'X' })).status).toBe(409);
    expect((await post('/api/operator/organisations', { name: 'Zoned', slug: 'zoned', adminEmail: 'z@z.test', adminName: 'Z', timeZone: 'Mars/Base' })).status).toBe(400);

    const list = await call(t, 'GET', '/api/operator/organisations', { headers: asOperator() });
    expect(list.status).toBe(200);
    expect(list.body.organisations.map((o: { slug: string }) => o.slug)).toEqual(expect.arrayContaining(['acme', 'globex']));

    const coach = await buildPerson(t.database.db, { org: { id: organisation.id }, roles: ['coach', 'employee'] });
    const appointed = await post(`/api/operator/organisations/${organisation.id}/admins`, { email: coach.email, name: 'ignored' });
    expect(appointed.status).toBe(200);
    expect(await appointed.json()).toEqual({ id: coach.id, email: coach.email, created: false, reactivated: false });
    const fresh = await (await post(`/api/operator/organisations/${organisation.id}/admins`, { email: 'new@globex.test', name: 'Nina' })).json();
    expect(fresh).toMatchObject({ created: true, reactivated: false });
    expect((await post(`/api/operator/organisations/${crypto.randomUUID()}/admins`, { email: 'a@b.test', name: 'A' })).status).toBe(404);

    const cookie = await t.cookieFor(coach);
    expect((await post(`/api/operator/organisations/${organisation.id}/suspend`)).status).toBe(200);
    expect((await call(t, 'GET', '/api/me', { cookie })).status).toBe(401);
    expect(await (await post(`/api/operator/organisations/${organisation.id}/resume`)).json()).toMatchObject({ status: 'active', admins: 3 });
    expect((await call(t, 'GET', '/api/me', { cookie })).status).toBe(200);
    expect((await post(`/api/operator/organisations/${crypto.randomUUID()}/suspend`)).status).toBe(404);
    // The operator's changes are in the organisation's audit log, with the operator token and address.
    const logged = await t.database.db.selectFrom('audit_log').where('org_id', '=', organisation.id)
      .select(['action', 'actor_kind', 'subject_id', 'ip']).orderBy('at').execute();
    expect(logged.map((e) => e.action)).toEqual([
      'organisation.created', 'people.admin_appointed', 'people.admin_appointed', 'people.admin_appointed', 'organisation.suspended', 'organisation.resumed',
    ]);
    expect(logged.every((e) => e.actor_kind === 'operator' && e.ip === '127.0.0.1')).toBe(true);
    expect(logged.map((e) => e.subject_id)).toContain(coach.id);
  });

  it('stops answering to a revoked operator token', async () => {
    const { token } = await cliJson('operator', 'token', 'create', '--name', 'temporary');
    expect((await call(t, 'GET', '/api/operator/organisations', { headers: asOperator(token) })).status).toBe(200);
    await t.database.db.updateTable('operator_tokens').set({ revoked_at: PAST_MONDAY }).where('token_hash', '=', hashSecret(token)).execute();
    expect((await call(t, 'GET', '/api/operator/organisations', { headers: asOperator(token) })).status).toBe(401);
  });

  it('lists no organisation to the app role without an operator token, and does not let it read operator tokens', async () => {
    const { rows } = await sql`select * from operator_list_organisations(${hashSecret('qop_guess')})`.execute(t.ctx.db);
    expect(rows).toEqual([]);
    await expect(sql`select * from operator_tokens`.execute(t.ctx.db)).rejects.toThrow(/permission denied/);
  });
});
