// A Quartet app and a real OpenID provider on loopback (oidc-provider), with the steps of a sign-in
// through it, shared by the single sign-on tests (features/sso/sso*.db.test.ts).
import { afterAll, beforeAll, expect } from 'vitest';
import { SESSION_COOKIE } from '../src/http/auth.ts';
import { startTestApp, TEST_ORIGIN, type TestApp } from './app.ts';
import { buildOperatorToken, buildOrganisation, buildPerson, type OrgRow, type PersonRow } from './factories.ts';
import { startTestProvider, type TestProvider } from './oidc-provider.ts';

export interface Tenant { org: OrgRow; admin: PersonRow; adminCookie: string; domain: string }

export interface SsoTestbed {
  t: TestApp;
  idp: TestProvider;
  operator: Awaited<ReturnType<typeof buildOperatorToken>>;
}

/** Registers the file's app, provider and operator token (ready in beforeAll) and the sign-in steps. */
export function ssoTestbed() {
  const bed = {} as SsoTestbed;
  beforeAll(async () => {
    bed.t = await startTestApp();
    bed.idp = await startTestProvider(`${TEST_ORIGIN}/api/auth/sso/callback`);
    bed.operator = await buildOperatorToken(bed.t.database.db);
  });
  afterAll(() => bed.idp?.close());

  const tag = () => crypto.randomUUID().slice(0, 8);


  /** An organisation whose admin set up single sign-on through the API, its domain approved by the bed.operator. */
  async function tenantWithSso(settings: Partial<{ createPeople: boolean; loginLinkAllowed: boolean; allowedDomains: string[] }> = {}): Promise<Tenant> {
    const org = await buildOrganisation(bed.t.database.db);
    const domain = `acme-${tag()}.test`;
    const admin = await buildPerson(bed.t.database.db, { org, roles: ['admin', 'employee'], email: `admin@${domain}` });
    const adminCookie = await bed.t.cookieFor(admin);
    const res = await bed.t.request('PUT', '/api/sso-settings', {
      cookie: adminCookie,
      body: { issuer: bed.idp.issuer, clientId: bed.idp.clientId, clientSecret: bed.idp.clientSecret, allowedDomains: [domain], createPeople: false, loginLinkAllowed: true, ...settings },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const claims = await bed.t.request('GET', '/api/operator/domain-claims?status=pending', { headers: bed.operator.headers });
    for (const claim of (await claims.json()).claims.filter((c: { organisation: { id: string } }) => c.organisation.id === org.id)) {
      const approved = await bed.t.request('POST', `/api/operator/domain-claims/${claim.id}/approve`, { headers: bed.operator.headers });
      expect(approved.status, await approved.clone().text()).toBe(200);
    }
    return { org, admin, adminCookie, domain };
  }

  /** An account at the provider; the next login there completes as it. */
  function account(email: string, extra: { emailVerified?: boolean; name?: string; locale?: string } = {}) {
    const sub = `sub-${tag()}`;
    bed.idp.accounts.set(sub, { email, ...extra });
    bed.idp.signInAs(sub);
    return sub;
  }

  function cookieFrom(res: Response, name: string): string | undefined {
    return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`) && !/^[^=]+=;/.test(c))?.split(';')[0];
  }

  /** Starts at Quartet, logs in at the provider (with its own cookie jar, as a browser would), and
   * stops where the provider sends the browser back to Quartet. */
  async function throughProvider(query: string): Promise<{ callback: URL; attemptCookie: string }> {
    const start = await fetch(`${bed.t.url}/api/auth/sso/start?${query}`, { redirect: 'manual' });
    expect(start.status, await start.clone().text()).toBe(302);
    const attemptCookie = cookieFrom(start, '__Host-quartet_sso');
    expect(attemptCookie).toBeDefined();
    const jar = new Map<string, string>();
    let next = new URL(start.headers.get('location')!);
    expect(next.origin).toBe(bed.idp.issuer);
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
    const res = await fetch(`${bed.t.url}${callback.pathname}${callback.search}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    const text = await res.text();
    return { res, text, session: cookieFrom(res, SESSION_COOKIE), body: text ? JSON.parse(text) : undefined };
  }

  async function signInThroughSso(tenant: Tenant, email: string, extra: Parameters<typeof account>[1] = {}) {
    account(email, extra);
    const { callback, attemptCookie } = await throughProvider(`org=${tenant.org.slug}`);
    return arrive(callback, attemptCookie);
  }

  const me = (cookie: string | undefined) => bed.t.request('GET', '/api/me', { cookie });


  return { bed, tag, tenantWithSso, account, cookieFrom, throughProvider, arrive, signInThroughSso, me };
}
