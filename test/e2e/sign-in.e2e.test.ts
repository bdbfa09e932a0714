// Signing in through the real mail (ask on the page, open the link from the SMTP listener), and
// through the organisation's own OpenID provider.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOperatorToken, buildOrganisation, buildPerson } from '../factories.ts';
import { startTestProvider } from '../oidc-provider.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot } from './browser.ts';

let t: E2eApp;
let browser: Browser;
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('sign-in', () => {
  it('asks for a link by mail; the link from the mail signs in and lands on the open sessions', async () => {
    const org = await buildOrganisation(t.database.db);
    const emma = await buildPerson(t.database.db, { org, name: 'Emma Schulz' });
    const { page, errors } = await openPage(browser, t.baseUrl);
    await page.goto('/sessions');
    // Not signed in: the page offers the form instead of a blank screen.
    // Waited for as an element (not polled for a second): a loaded machine takes longer to draw it.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign-in form');
    await screenshot(page, 'sign-in');
    await signInByMail(t, page, emma.email);
    await page.getByRole('heading', { name: 'Open sessions' }).waitFor();
    // The token left the address bar.
    expect(page.url()).not.toContain('token');
    // Every page names its icon, and the icon is there (no 404 behind each page).
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const answer = await page.request.get(new URL(icon!, t.baseUrl).toString());
    expect([answer.status(), answer.headers()['content-type']]).toEqual([200, expect.stringContaining('image/svg+xml')]);
    expect(errors).toEqual([]);
  });

  it('keeps a language chosen while the page is still loading the person, and saves it to their profile', async () => {
    const org = await buildOrganisation(t.database.db);
    const jonas = await buildPerson(t.database.db, { org, locale: 'en' });
    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, jonas.email);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // The next load of the person is held back until the language has been switched.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/session', async (route) => {
      if (route.request().method() === 'GET') await held;
      await route.continue();
    });
    await page.reload();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    release();
    await page.getByRole('navigation', { name: 'Hauptmenü' }).waitFor();
    await expect.poll(async () => (await t.database.db.selectFrom('people').where('id', '=', jonas.id).select('locale').executeTakeFirstOrThrow()).locale, { timeout: 15_000 }).toBe('de');
    // Still German once everything has settled.
    await page.getByRole('heading', { level: 1, name: 'Offene Termine' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('a link used once is refused the second time, with the way to get a new one', async () => {
    const org = await buildOrganisation(t.database.db);
    const lena = await buildPerson(t.database.db, { org });
    const first = await openPage(browser, t.baseUrl);
    await signInByMail(t, first.page, lena.email);
    const mail = t.mailbox.to(lena.email).at(-1)!;
    const link = (mail.html || mail.text || '').match(/https?:\/\/[^\s"'<>]+\/sign-in#token=[\w-]+/)![0];
    const second = await openPage(browser, t.baseUrl);
    await second.page.goto(link);
    await second.page.getByRole('alert').filter({ hasText: /already used or has expired/ }).waitFor();
    expect(await second.page.getByRole('button', { name: 'Mail me a log-in link' }).isVisible()).toBe(true);
  });

  it('signs in through the organisation’s single sign-on from the same form', async () => {
    const org = await buildOrganisation(t.database.db);
    const admin = await buildPerson(t.database.db, { org, roles: ['admin'] });
    const ines = await buildPerson(t.database.db, { org, name: 'Inês Duarte', email: 'ines@sso-e2e.test' });
    const idp = await startTestProvider(`${t.baseUrl}/api/auth/sso/callback`);
    try {
      const setUp = await t.request('PUT', '/api/sso-settings', {
        cookie: await t.cookieFor(admin), headers: { origin: t.baseUrl },
        body: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, allowedDomains: ['sso-e2e.test'], createPeople: false, loginLinkAllowed: true },
      });
      expect(setUp.status, await setUp.text()).toBe(200);
      // The domain signs people in once the operator has approved it.
      const claim = await t.database.db.selectFrom('sso_domain_claims').where('org_id', '=', org.id).select('id').executeTakeFirstOrThrow();
      const operator = await buildOperatorToken(t.database.db);
      const approved = await t.request('POST', `/api/operator/domain-claims/${claim.id}/approve`, { headers: { ...operator.headers, origin: t.baseUrl } });
      expect(approved.status, await approved.text()).toBe(200);
      idp.accounts.set('ines', { email: ines.email });
      idp.signInAs('ines');

      const { page, errors } = await openPage(browser, t.baseUrl);
      await page.goto('/sign-in');
      // An address whose organisation has no single sign-on is not offered it.
      await page.getByLabel(/e-mail/i).fill('someone@no-sso.test');
      await page.waitForResponse((r) => r.url().includes('/api/auth/sso/available') && r.url().includes('no-sso.test'));
      expect(await page.getByRole('link', { name: /single sign-on/ }).count()).toBe(0);
      await page.getByLabel(/e-mail/i).fill(ines.email);
      await page.getByRole('link', { name: /single sign-on/ }).click();
      await page.waitForURL(/\/sessions$/);
      await page.getByRole('heading', { name: 'Open sessions' }).waitFor();
      await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).click();
      await page.getByText(ines.email).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await idp.close();
    }
  });

  it('shows a single sign-on that cannot start as a page in the reader’s language, not as raw JSON', async () => {
    const { page, errors } = await openPage(browser, t.baseUrl, { locale: 'de-DE' });
    await page.goto('/api/auth/sso/start?email=someone%40no-sso.test');
    await page.waitForURL(/\/sign-in\?error=SSO_NOT_SET_UP$/);
    await page.getByRole('alert').filter({ hasText: 'Ihre Organisation meldet sich nicht über Single Sign-on an.' }).waitFor();
    await expectAccessible(page, 'sign-in refusal');
    expect(errors).toEqual([]);
  });
});
