// Signing in through an organisation's own OpenID provider, end to end, against a real provider
// (oidc-provider on loopback): the redirect with state, nonce and PKCE, the provider's login, the
// callback, and the session cookie; and every way a sign-in is refused. The settings, people unknown
// to the organisation and the log-in link switched off: sso-settings.db.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { TEST_ORIGIN } from '../../../test/app.ts';
import { PAST_MONDAY } from '../../../test/dates.ts';
import { buildOrganisation, buildPerson } from '../../../test/factories.ts';
import { ssoTestbed, type SsoTestbed } from '../../../test/sso-testbed.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';

const { bed, tag, tenantWithSso, account, throughProvider, arrive, signInThroughSso, me } = ssoTestbed();
let t: TestApp;
let operator: SsoTestbed['operator'];
beforeAll(() => {
  ({ t, operator } = bed);
});

describe('signing in through the organisation’s provider', () => {
  it('sets the session cookie as the log-in link does and redirects to /', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `Alice.${tag()}@${tenant.domain}` });
    const { res, session } = await signInThroughSso(tenant, person.email.toUpperCase());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.toLowerCase();
    for (const attr of ['httponly', 'secure', 'samesite=strict', 'path=/', `max-age=${tenant.org.session_absolute_hours * 3600}`]) {
      expect(setCookie.split(/;\s*/)).toContain(attr);
    }
    const who = await me(session);
    expect(who.status).toBe(200);
    expect((await who.json()).id).toBe(person.id);
  });

  it('finds the organisation by the domain of an address, and passes the address on as login_hint', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `dora@${tenant.domain}` });
    const start = await fetch(`${t.url}/api/auth/sso/start?email=${encodeURIComponent(person.email)}`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    expect(new URL(start.headers.get('location')!).searchParams.get('login_hint')).toBe(person.email);
    account(person.email);
    const { callback, attemptCookie } = await throughProvider(`email=${encodeURIComponent(person.email)}`);
    const { session } = await arrive(callback, attemptCookie);
    expect((await (await me(session)).json()).id).toBe(person.id);
  });

  it('sends state, nonce and an S256 PKCE challenge, and stores none of them in the clear', async () => {
    const tenant = await tenantWithSso();
    const start = await fetch(`${t.url}/api/auth/sso/start?org=${tenant.org.slug}`, { redirect: 'manual' });
    const params = new URL(start.headers.get('location')!).searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('code_challenge_method')).toBe('S256');
    for (const p of ['state', 'nonce', 'code_challenge']) expect(params.get(p)).toMatch(/^[\w-]{20,}$/);
    expect(params.get('redirect_uri')).toBe(`${TEST_ORIGIN}/api/auth/sso/callback`);
    const rows = await t.database.db.selectFrom('sso_attempts').where('org_id', '=', tenant.org.id).selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(params.get('state'));
    expect(start.headers.getSetCookie().find((c) => c.startsWith('__Host-quartet_sso='))!.toLowerCase())
      .toMatch(/httponly.*secure|secure.*httponly/);
  });

  it('answers 404 SSO_NOT_SET_UP for an organisation or a domain without single sign-on', async () => {
    const plain = await buildOrganisation(t.database.db);
    for (const query of [`org=${plain.slug}`, `email=someone@nowhere-${tag()}.test`]) {
      const res = await fetch(`${t.url}/api/auth/sso/start?${query}`, { redirect: 'manual' });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'SSO_NOT_SET_UP' });
    }
  });
});

describe('the sign-in page asks first', () => {
  it('whether an address leads to single sign-on: yes only for an approved domain of an organisation that has it', async () => {
    const tenant = await tenantWithSso();
    const plain = await buildOrganisation(t.database.db);
    const available = async (email: string) => {
      const res = await fetch(`${t.url}/api/auth/sso/available?email=${encodeURIComponent(email)}`);
      return res.status === 200 ? (await res.json()).available : res.status;
    };
    expect(await available(`anyone@${tenant.domain}`)).toBe(true);
    expect(await available(`ANYONE@${tenant.domain.toUpperCase()}`)).toBe(true);
    expect(await available(`someone@nowhere-${tag()}.test`)).toBe(false);
    expect(await available(`${plain.slug}@example.com`)).toBe(false);
    expect(await available('not an address')).toBe(400);
  });

  it('and a browser whose start is refused lands on the sign-in page with the code, not on JSON', async () => {
    const res = await fetch(`${t.url}/api/auth/sso/start?email=${encodeURIComponent(`someone@nowhere-${tag()}.test`)}`, {
      redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?error=SSO_NOT_SET_UP');
  });
});

describe('a sign-in is refused', () => {
  it('with a wrong state, and the right one still works after', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `erin@${tenant.domain}` });
    account(person.email);
    const { callback, attemptCookie } = await throughProvider(`org=${tenant.org.slug}`);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'x'.repeat(43));
    const wrong = await arrive(forged, attemptCookie);
    expect(wrong.res.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'SSO_STATE_INVALID', message: expect.any(String) });
    expect(wrong.session).toBeUndefined();
    expect((await arrive(callback, attemptCookie)).res.status).toBe(303);
  });

  it('when the callback comes to another browser than the one that started', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `fred@${tenant.domain}` });
    account(person.email);
    const { callback } = await throughProvider(`org=${tenant.org.slug}`);
    const other = await arrive(callback, `__Host-quartet_sso=${'y'.repeat(43)}`);
    expect(other.res.status).toBe(401);
    expect(other.body).toMatchObject({ code: 'SSO_STATE_INVALID' });
    expect(other.session).toBeUndefined();
  });

  it('when the same callback (code and state) comes twice', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `gina@${tenant.domain}` });
    account(person.email);
    const { callback, attemptCookie } = await throughProvider(`org=${tenant.org.slug}`);
    expect((await arrive(callback, attemptCookie)).res.status).toBe(303);
    const again = await arrive(callback, attemptCookie);
    expect(again.res.status).toBe(401);
    expect(again.body).toMatchObject({ code: 'SSO_STATE_INVALID' });
    expect(again.session).toBeUndefined();
  });

  it('when a used code comes back with a fresh state', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `hank@${tenant.domain}` });
    account(person.email);
    const first = await throughProvider(`org=${tenant.org.slug}`);
    expect((await arrive(first.callback, first.attemptCookie)).res.status).toBe(303);
    const second = await throughProvider(`org=${tenant.org.slug}`);
    const replay = new URL(second.callback);
    replay.searchParams.set('code', first.callback.searchParams.get('code')!);
    const res = await arrive(replay, second.attemptCookie);
    expect(res.res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SSO_PROVIDER_REFUSED' });
    expect(res.session).toBeUndefined();
  });

  it('when the ID token does not carry the nonce of this attempt (openid-client checks it)', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `nina@${tenant.domain}` });
    account(person.email);
    const { callback, attemptCookie } = await throughProvider(`org=${tenant.org.slug}`);
    await t.database.db.updateTable('sso_attempts').set({ nonce: 'not-the-nonce-sent' }).where('org_id', '=', tenant.org.id).execute();
    const res = await arrive(callback, attemptCookie);
    expect(res.res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SSO_PROVIDER_REFUSED' });
  });

  it('when the attempt has expired', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `otto@${tenant.domain}` });
    account(person.email);
    const { callback, attemptCookie } = await throughProvider(`org=${tenant.org.slug}`);
    await t.database.db.updateTable('sso_attempts').set({ expires_at: PAST_MONDAY }).where('org_id', '=', tenant.org.id).execute();
    const res = await arrive(callback, attemptCookie);
    expect(res.res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SSO_STATE_INVALID' });
  });

  it('for an address outside the allowed domains, even one the organisation knows', async () => {
    const tenant = await tenantWithSso({ createPeople: true });
    const outsider = await buildPerson(t.database.db, { org: tenant.org, email: `ivan@elsewhere-${tag()}.test` });
    const before = await t.database.db.selectFrom('people').where('org_id', '=', tenant.org.id).select('id').execute();
    const res = await signInThroughSso(tenant, outsider.email);
    expect(res.res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SSO_DOMAIN_NOT_ALLOWED' });
    expect(res.session).toBeUndefined();
    expect(await t.database.db.selectFrom('people').where('org_id', '=', tenant.org.id).select('id').execute()).toEqual(before);
  });

  it('when the operator withdrew the domain after the sign-in started', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `uma@${tenant.domain}` });
    account(person.email);
    const { callback, attemptCookie } = await throughProvider(`org=${tenant.org.slug}`);
    const claim = await t.database.db.selectFrom('sso_domain_claims').where('org_id', '=', tenant.org.id).select('id').executeTakeFirstOrThrow();
    expect((await t.request('POST', `/api/operator/domain-claims/${claim.id}/reject`, { headers: operator.headers })).status).toBe(200);
    const res = await arrive(callback, attemptCookie);
    expect(res.res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SSO_DOMAIN_NOT_ALLOWED' });
    expect(res.session).toBeUndefined();
  });

  it('for an address the provider says is not verified', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `jane@${tenant.domain}` });
    const res = await signInThroughSso(tenant, person.email, { emailVerified: false });
    expect(res.res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SSO_EMAIL_UNVERIFIED' });
  });

  it('when the operator suspended the organisation after the sign-in started, creating nobody', async () => {
    const tenant = await tenantWithSso({ createPeople: true });
    const email = `newcomer.${tag()}@${tenant.domain}`;
    account(email);
    const { callback, attemptCookie } = await throughProvider(`org=${tenant.org.slug}`);
    const suspend = await t.request('POST', `/api/operator/organisations/${tenant.org.id}/suspend`, { headers: operator.headers });
    expect(suspend.status).toBe(200);
    const res = await arrive(callback, attemptCookie);
    expect(res.res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'SSO_NOT_SET_UP' });
    expect(res.session).toBeUndefined();
    expect(await t.database.db.selectFrom('people').where('org_id', '=', tenant.org.id).where('email', '=', email).select('id').execute()).toEqual([]);
  });

  it('for a deactivated person', async () => {
    const tenant = await tenantWithSso({ createPeople: true });
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `karl@${tenant.domain}`, active: false });
    const res = await signInThroughSso(tenant, person.email);
    expect(res.res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SSO_PERSON_INACTIVE' });
  });
});
