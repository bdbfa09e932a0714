// Single sign-on's settings, people unknown to the organisation, and the log-in link switched off,
// against a real provider as in sso.db.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { TEST_ORIGIN } from '../../../test/app.ts';
import { buildPerson } from '../../../test/factories.ts';
import type { TestProvider } from '../../../test/oidc-provider.ts';
import { ssoTestbed } from '../../../test/sso-testbed.ts';

const { bed, tag, tenantWithSso, signInThroughSso, me } = ssoTestbed();
let t: TestApp;
let idp: TestProvider;
beforeAll(() => {
  ({ t, idp } = bed);
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
