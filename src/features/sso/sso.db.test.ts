// Signing in through an organisation's own OpenID provider, end to end, against a real provider
// (oidc-provider on loopback): the admin's settings, the redirect with state, nonce and PKCE, the
// provider's login, the callback, and the session cookie; and every way a sign-in is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../../test/app.ts';
import { PAST_MONDAY } from '../../../test/dates.ts';
import { buildOperatorToken, buildOrganisation, buildPerson, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import { startTestProvider, type TestProvider } from '../../../test/oidc-provider.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';

let t: TestApp;
let idp: TestProvider;
let operator: Awaited<ReturnType<typeof buildOperatorToken>>;
beforeAll(async () => {
  t = await startTestApp();
  idp = await startTestProvider(`${TEST_ORIGIN}/api/auth/sso/callback`);
  operator = await buildOperatorToken(t.database.db);
});
afterAll(() => idp?.close());

const tag = () => crypto.randomUUID().slice(0, 8);

interface Tenant { org: OrgRow; admin: PersonRow; adminCookie: string; domain: string }

/** An organisation whose admin set up single sign-on through the API, its domain approved by the operator. */
async function tenantWithSso(settings: Partial<{ createPeople: boolean; loginLinkAllowed: boolean; allowedDomains: string[] }> = {}): Promise<Tenant> {
  const org = await buildOrganisation(t.database.db);
  const domain = `acme-${tag()}.test`;
  const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], email: `admin@${domain}` });
  const adminCookie = await t.cookieFor(admin);
  const res = await t.request('PUT', '/api/sso-settings', {
    cookie: adminCookie,
    body: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, allowedDomains: [domain], createPeople: false, loginLinkAllowed: true, ...settings },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const claims = await t.request('GET', '/api/operator/domain-claims?status=pending', { headers: operator.headers });
  for (const claim of (await claims.json()).claims.filter((c: { organisation: { id: string } }) => c.organisation.id === org.id)) {
    const approved = await t.request('POST', `/api/operator/domain-claims/${claim.id}/approve`, { headers: operator.headers });
    expect(approved.status, await approved.clone().text()).toBe(200);
  }
  return { org, admin, adminCookie, domain };
}

/** An account at the provider; the next login there completes as it. */
function account(email: string, extra: { emailVerified?: boolean; name?: string; locale?: string } = {}) {
  const sub = `sub-${tag()}`;
  idp.accounts.set(sub, { email, ...extra });
  idp.signInAs(sub);
  return sub;
}

function cookieFrom(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`) && !/^[^=]+=;/.test(c))?.split(';')[0];
}

/** Starts at Quartet, logs in at the provider (with its own cookie jar, as a browser would), and
 * stops where the provider sends the browser back to Quartet. */
async function throughProvider(query: string): Promise<{ callback: URL; attemptCookie: string }> {
  const start = await fetch(`${t.url}/api/auth/sso/start?${query}`, { redirect: 'manual' });
  expect(start.status, await start.clone().text()).toBe(302);
  const attemptCookie = cookieFrom(start, '__Host-quartet_sso');
  expect(attemptCookie).toBeDefined();
  const jar = new Map<string, string>();
  let next = new URL(start.headers.get('location')!);
  expect(next.origin).toBe(idp.issuer);
  for (let hop = 0; hop < 10 && next.origin !== TEST_ORIGIN; hop++) {
    const res = await fetch(next, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [name, value] = c.split(';')[0]!.split(/=(.*)/s) as [string, string];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${next.pathname}: ${res.status} ${await res.text()}`);
    next = new URL(location, next);
  }
  expect(next.origin + next.pathname).toBe(`${TEST_ORIGIN}/api/auth/sso/callback`);
  return { callback: next, attemptCookie: attemptCookie! };
}

/** The browser arriving back at Quartet (BASE_URL is quartet.test; the app listens on loopback). */
async function arrive(callback: URL, cookie: string | undefined) {
  const res = await fetch(`${t.url}${callback.pathname}${callback.search}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const text = await res.text();
  return { res, text, session: cookieFrom(res, SESSION_COOKIE), body: text ? JSON.parse(text) : undefined };
}

async function signInThroughSso(tenant: Tenant, email: string, extra: Parameters<typeof account>[1] = {}) {
  account(email, extra);
  const { callback, attemptCookie } = await throughProvider(`org=${tenant.org.slug}`);
  return arrive(callback, attemptCookie);
}

const me = (cookie: string | undefined) => t.request('GET', '/api/me', { cookie });

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

  it('for a deactivated person', async () => {
    const tenant = await tenantWithSso({ createPeople: true });
    const person = await buildPerson(t.database.db, { org: tenant.org, email: `karl@${tenant.domain}`, active: false });
    const res = await signInThroughSso(tenant, person.email);
    expect(res.res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SSO_PERSON_INACTIVE' });
  });
});

describe('people unknown to the organisation', () => {
  it('are refused when the organisation does not create people at first sign-in', async () => {
    const tenant = await tenantWithSso({ createPeople: false });
    const email = `lena-${tag()}@${tenant.domain}`;
    const res = await signInThroughSso(tenant, email);
    expect(res.res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SSO_UNKNOWN_PERSON' });
    expect(await t.database.db.selectFrom('people').where('email', '=', email).select('id').execute()).toEqual([]);
  });

  it('are created as employees in the default time zone when it does, once', async () => {
    const tenant = await tenantWithSso({ createPeople: true });
    await t.database.db.updateTable('organisations').set({ default_time_zone: 'Asia/Kathmandu' }).where('id', '=', tenant.org.id).execute();
    const email = `mia-${tag()}@${tenant.domain}`;
    const first = await signInThroughSso(tenant, email, { name: 'Mia Example', locale: 'de-DE' });
    expect(first.res.status).toBe(303);
    const created = await t.database.db.selectFrom('people').where('org_id', '=', tenant.org.id).where('email', '=', email).selectAll().execute();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ name: 'Mia Example', roles: ['employee'], time_zone: 'Asia/Kathmandu', locale: 'de', active: true });
    expect((await (await me(first.session)).json()).id).toBe(created[0]!.id);

    const second = await signInThroughSso(tenant, email, { name: 'Mia Renamed' });
    expect(second.res.status).toBe(303);
    expect((await (await me(second.session)).json()).id).toBe(created[0]!.id);
    expect(await t.database.db.selectFrom('people').where('email', '=', email).select('name').execute()).toEqual([{ name: 'Mia Example' }]);
  });
});

describe('the settings', () => {
  it('never return the client secret, only that one is set', async () => {
    const tenant = await tenantWithSso();
    const res = await t.request('GET', '/api/sso-settings', { cookie: tenant.adminCookie });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(idp.clientSecret);
    expect(JSON.parse(text)).toEqual({
      issuer: idp.issuer, clientId: idp.clientId, clientSecretSet: true, allowedDomains: [tenant.domain],
      domains: [{ domain: tenant.domain, status: 'approved' }], createPeople: false, loginLinkAllowed: true, callbackUrl: `${TEST_ORIGIN}/api/auth/sso/callback`,
    });
    // Changing other settings keeps the secret; switching single sign-on off drops it.
    const kept = await t.request('PUT', '/api/sso-settings', {
      cookie: tenant.adminCookie, body: { issuer: idp.issuer, clientId: idp.clientId, allowedDomains: [tenant.domain], createPeople: true, loginLinkAllowed: true },
    });
    expect(await kept.json()).toMatchObject({ clientSecretSet: true, createPeople: true });
    const off = await t.request('PUT', '/api/sso-settings', {
      cookie: tenant.adminCookie, body: { issuer: null, clientId: null, allowedDomains: [], createPeople: false, loginLinkAllowed: true },
    });
    expect(await off.json()).toMatchObject({ issuer: null, clientSecretSet: false });
  });

  it('are for admins only', async () => {
    const tenant = await tenantWithSso();
    const employee = await buildPerson(t.database.db, { org: tenant.org, roles: ['employee', 'coach'] });
    const cookie = await t.cookieFor(employee);
    expect((await t.request('GET', '/api/sso-settings', { cookie })).status).toBe(403);
    const put = await t.request('PUT', '/api/sso-settings', { cookie, body: { issuer: null, clientId: null, allowedDomains: [], createPeople: true, loginLinkAllowed: false } });
    expect(put.status).toBe(403);
    expect((await t.database.db.selectFrom('sso_settings').where('org_id', '=', tenant.org.id).select('create_people').executeTakeFirstOrThrow()).create_people).toBe(false);
  });

  it('refuse a provider over plain http elsewhere than this machine, and single sign-on without domains', async () => {
    const tenant = await tenantWithSso();
    for (const body of [
      { issuer: 'http://idp.example.com', clientId: 'q', allowedDomains: [tenant.domain], createPeople: false, loginLinkAllowed: true },
      { issuer: idp.issuer, clientId: 'q', allowedDomains: [], createPeople: false, loginLinkAllowed: true },
    ]) {
      const res = await t.request('PUT', '/api/sso-settings', { cookie: tenant.adminCookie, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });
});

describe('the log-in link switched off for an organisation', () => {
  it('mails nothing to its people, answering exactly as before, and links mailed earlier stop working', async () => {
    const tenant = await tenantWithSso();
    const person = await buildPerson(t.database.db, { org: tenant.org });
    const ask = async (email: string) => {
      const res = await t.request('POST', '/api/auth/login-link', { body: { email } });
      return { status: res.status, body: await res.text() };
    };
    const asked = await ask(person.email);
    await t.mailbox.waitFor(() => t.mailbox.to(person.email).length === 1);
    const token = /#token=([\w-]+)/.exec(String(t.mailbox.to(person.email)[0]!.text))![1]!;

    const off = await t.request('PUT', '/api/sso-settings', {
      cookie: tenant.adminCookie,
      body: { issuer: idp.issuer, clientId: idp.clientId, allowedDomains: [tenant.domain], createPeople: false, loginLinkAllowed: false },
    });
    expect(await off.json()).toMatchObject({ loginLinkAllowed: false, clientSecretSet: true });
    expect(await ask(person.email)).toEqual(asked);
    // Someone in another organisation still gets theirs; by then, a mail to the first would have come.
    const control = await buildPerson(t.database.db);
    await ask(control.email);
    await t.mailbox.waitFor(() => t.mailbox.to(control.email).length === 1);
    expect(t.mailbox.to(person.email)).toHaveLength(1);
    const used = await t.request('POST', '/api/auth/session', { body: { token } });
    expect(used.status).toBe(401);
  });
});
