// The privacy notice in Chromium: a visitor reaches the generic notice from the footer under the
// sign-in form; an admin, greeted by the short notice (focused, hidden by Escape until Quartet is
// next opened), enters the organisation's controller details (a wrong address refused first); an
// employee on a German phone reads the short notice naming the controller (focused on the first
// page only: later pages keep their own order, skip link first), acknowledges it by keyboard, no longer sees it,
// reads the full notice from the footer, and is shown the short one again once the contact
// changes. axe on each state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildPerson, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let admin: PersonRow;
let employee: PersonRow;

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const org = await buildOrganisation(t.database.db, { name: 'Acme Logistics' });
  admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], name: 'Alma Admin' });
  employee = await buildPerson(t.database.db, { org, name: 'Erik Ebert', locale: 'de' });
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function tab(o: { locale?: string; phone?: boolean } = {}): Promise<Page> {
  const opened = await openPage(browser, t.baseUrl, { locale: o.locale ?? 'en-GB', ...(o.phone && { viewport: { width: 390, height: 844 } }) });
  tabs.push(opened);
  return opened.page;
}

const seenVersion = async (person: PersonRow) =>
  (await t.database.db.selectFrom('people').where('id', '=', person.id).select('privacy_notice_seen_version').executeTakeFirstOrThrow()).privacy_notice_seen_version;

let adminPage: Page;

describe('the privacy notice', () => {
  it('is reachable signed out, from the footer under the sign-in form: the generic notice', async () => {
    const page = await tab();
    await page.goto('/sessions');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy', exact: true }).click();
    await page.waitForURL(/\/privacy$/);
    await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
    await page.getByText(/Sign in to see who is responsible for your data/).waitFor();
    await page.getByText('Records of the mails sent to you: 90 days.').waitFor();
    await page.getByText(/never built from fewer than 5 people/).waitFor();
    await expectAccessible(page, 'privacy notice, signed out');
    await screenshot(page, 'privacy-notice-signed-out');
  });

  it('greets the admin with the short notice, which Escape hides; the admin enters the controller details', async () => {
    adminPage = await tab();
    const page = adminPage;
    await signInByMail(t, page, admin.email);
    const dialog = page.getByRole('dialog', { name: 'Your data in Quartet' });
    await dialog.waitFor();
    await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await expectAccessible(page, 'short privacy notice');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(await seenVersion(admin)).toBeNull();
    // Hidden until Quartet is next opened, not only until the next page.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('dialog').count()).toBe(0);

    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Privacy notice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
    const form = page.getByRole('form', { name: 'Privacy notice' });
    await form.getByText(/Not entered yet/).waitFor();
    await form.getByLabel('Legal name of the organisation').fill('Acme Logistics GmbH');
    await form.getByLabel('Postal address').fill('Hafenstraße 1\n20457 Hamburg');
    await form.getByLabel(/Data-protection officer/).fill('Dana Schutz');
    await form.getByLabel('E-mail address for data protection').fill('datenschutz@acme');
    await form.getByLabel('Supervisory authority', { exact: true }).fill('Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit');
    await form.getByLabel(/Web page of the supervisory authority/).fill('https://datenschutz-hamburg.de');
    await form.getByLabel(/Addition in English/).fill('Works council agreement BV-17 of 2026.');
    await form.getByLabel(/Addition in German/).fill('Betriebsvereinbarung BV-17 von 2026.');
    await form.getByRole('button', { name: 'Save the details' }).click();
    await form.getByRole('alert').getByText('E-mail address for data protection: is not an e-mail address').waitFor();
    await expectAccessible(page, 'privacy notice form, refused');

    await form.getByLabel('E-mail address for data protection').fill('datenschutz@acme.test');
    await form.getByRole('button', { name: 'Save the details' }).click();
    await form.getByRole('status').getByText('Saved. The notice is now version 1.1: everyone is shown the short notice again at their next visit.').waitFor();
    await expectAccessible(page, 'privacy notice form, saved');
    await screenshot(page, 'admin-privacy-notice');
  });

  it('shows an employee on a German phone the short notice naming the controller; OK by keyboard records it', async () => {
    const page = await tab({ locale: 'de-DE', phone: true });
    await signInByMail(t, page, employee.email);
    const dialog = page.getByRole('dialog', { name: 'Ihre Daten in Quartet' });
    await dialog.getByText('Verantwortlich für Ihre Daten: Acme Logistics GmbH. Fragen: datenschutz@acme.test.').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'short privacy notice, German phone');
    await screenshot(page, 'privacy-notice-short-phone');

    // A phone has no Escape key: the notice offers a button instead of naming a key.
    await dialog.getByRole('button', { name: 'Später' }).waitFor();
    expect(await dialog.textContent()).not.toMatch(/Escape/i);
    // The first page gives it focus; from the dialog, Tab reaches OK first.
    await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('OK');
    // Not yet read, it is there on the next page too, but that page keeps its focus order: the skip
    // link first, then the header; Tab reaches OK after them.
    await page.reload();
    await dialog.waitFor();
    await page.waitForLoadState('networkidle');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(false);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt springen');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Menü');
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'OK'; i++) await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => seenVersion(employee)).toBe('1.1');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('dialog').count()).toBe(0);

    await page.getByRole('contentinfo').getByRole('link', { name: 'Datenschutz', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Datenschutzhinweis' }).waitFor();
    await page.getByText('Acme Logistics GmbH', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'datenschutz@acme.test' }).waitFor();
    await page.getByRole('link', { name: 'Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit' }).waitFor();
    await page.getByText('Betriebsvereinbarung BV-17 von 2026.').waitFor();
    await page.getByText('Protokolle der Mails an Sie: 90 Tage.').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'privacy notice, German phone');
    await screenshot(page, 'privacy-notice-full-phone');
  });

  it('is shown again once the contact for data protection changes', async () => {
    const page = adminPage;
    const form = page.getByRole('form', { name: 'Privacy notice' });
    await form.getByLabel('E-mail address for data protection').fill('privacy@acme.test');
    await form.getByRole('button', { name: 'Save the details' }).click();
    await form.getByRole('status').getByText(/version 1\.2/).waitFor();

    const again = await tab({ locale: 'de-DE' });
    await signInByMail(t, again, employee.email);
    const dialog = again.getByRole('dialog', { name: 'Der Datenschutzhinweis hat sich geändert' });
    await dialog.getByText(/Fragen: privacy@acme\.test\./).waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => seenVersion(employee)).toBe('1.2');
  });
});
