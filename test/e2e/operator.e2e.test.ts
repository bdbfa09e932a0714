// The operator's area in Chromium: a wrong token is refused in words; with the right one the
// operator sees the organisations with their size, creates one with its first admin (a slug
// refused first, naming the field), suspends it (after confirming) and resumes it. The new
// organisation's admin then finds the setup checklist on the dashboard, ticking itself off as
// rooms and coaches arrive. English and German; a phone; axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from '../../src/lib/secrets.ts';
import { buildOrganisation, buildPerson, buildRoom } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
const token = `qop_${newSecret()}`;

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  await t.database.db.insertInto('operator_tokens').values({ name: 'e2e', token_hash: hashSecret(token) }).execute();
  const acme = await buildOrganisation(t.database.db, { name: 'Acme Logistics' });
  await Promise.all([1, 2, 3].map(() => buildPerson(t.database.db, { org: acme })));
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

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });

describe('the operator area', () => {
  it('refuses a wrong token in words, then lists, creates, suspends and resumes organisations', async () => {
    const page = await tab();
    await page.goto('/operator');
    await page.getByRole('heading', { level: 1, name: 'Operator' }).waitFor();
    await page.getByLabel('Operator token').fill('qop_not-a-token');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('alert').filter({ hasText: 'not a valid operator token' }).waitFor();
    // The field stays, empty, for the next try: no detour through "Close the operator area".
    expect(await page.getByLabel('Operator token').inputValue()).toBe('');

    await page.getByLabel('Operator token').fill(token);
    await page.getByRole('button', { name: 'Open' }).click();
    const acme = row(page, 'Acme Logistics');
    await acme.waitFor();
    expect(await acme.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Active', '3', '0']));

    await page.getByLabel('Name', { exact: true }).fill('Northwind Traders');
    await page.getByLabel('Address name').fill('Northwind!');
    await page.getByLabel('Default time zone').fill('Europe/Lisbon');
    await page.getByLabel('First admin’s e-mail address').fill('nora@northwind.test');
    await page.getByLabel('First admin’s name').fill('Nora North');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    // The rule in words, under the field's label; not the API's field name or its regular expression.
    const slug = page.getByRole('alert').filter({ hasText: 'Address name: must be 2 to 63 lower-case letters, digits and dashes' });
    await slug.waitFor();
    expect(await slug.textContent()).not.toMatch(/slug|\^|\{1,62\}/);
    expect(await t.database.db.selectFrom('organisations').where('name', '=', 'Northwind Traders').select('id').execute()).toEqual([]);

    await page.getByLabel('Address name').fill('northwind');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Northwind Traders is created; nora@northwind.test is its first admin' }).waitFor();
    const northwind = row(page, 'Northwind Traders');
    await northwind.waitFor();
    expect(await northwind.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Active', '1', '1']));
    await expectAccessible(page, 'the operator area');
    await screenshot(page, 'operator-area');

    page.once('dialog', (dialog) => void dialog.accept());
    await northwind.getByRole('button', { name: 'Suspend' }).click();
    await page.getByRole('status').filter({ hasText: 'Northwind Traders is suspended.' }).waitFor();
    await northwind.getByRole('button', { name: 'Resume' }).waitFor();
    const stored = await t.database.db.selectFrom('organisations').where('slug', '=', 'northwind').select('status').executeTakeFirstOrThrow();
    expect(stored.status).toBe('suspended');
    await northwind.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('status').filter({ hasText: 'Northwind Traders is active again.' }).waitFor();
    await northwind.getByRole('button', { name: 'Suspend' }).waitFor();
  });

  it('works in German on a phone, the table as cards that fit the screen', async () => {
    const page = await tab({ locale: 'de-DE', phone: true });
    await page.goto('/operator');
    await page.getByLabel('Sprache').selectOption('de');
    await page.getByLabel('Betreiber-Token').fill('qop_kein-token');
    await page.getByRole('button', { name: 'Öffnen' }).click();
    await page.getByRole('alert').filter({ hasText: 'kein gültiges Betreiber-Token' }).waitFor();
    await page.getByLabel('Betreiber-Token').fill(token);
    await page.getByRole('button', { name: 'Öffnen' }).click();
    await row(page, 'Acme Logistics').waitFor();
    await page.getByRole('heading', { name: 'Organisation anlegen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'the operator area on a German phone');
    await page.getByLabel('Name', { exact: true }).fill('Südwind');
    await page.getByLabel('Adressname').fill('Südwind');
    await page.getByLabel('Standard-Zeitzone').fill('Europe/Berlin');
    await page.getByLabel('E-Mail-Adresse der ersten Admin-Person').fill('sina@suedwind.test');
    await page.getByLabel('Name der ersten Admin-Person').fill('Sina Süd');
    await page.getByRole('button', { name: 'Anlegen', exact: true }).click();
    const slug = page.getByRole('alert').filter({ hasText: 'Adressname: muss aus 2 bis 63 Kleinbuchstaben' });
    await slug.waitFor();
    expect(await slug.textContent()).not.toMatch(/slug|\^|ungültig/);
  });
});

describe("a new organisation's first admin", () => {
  it('finds the setup checklist on the dashboard, ticking itself off as rooms and coaches arrive', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db, { name: 'Fresh Start' });
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const page = await tab();
    await signInByMail(t, page, admin.email);
    const notice = page.getByRole('dialog').getByRole('button', { name: 'OK', exact: true });
    await notice.click();
    await notice.waitFor({ state: 'detached' });
    await page.goto('/admin');
    const list = page.getByRole('region', { name: 'Getting your programme started' });
    await list.getByText('0 of 5 done').waitFor();
    await list.getByRole('link', { name: 'Rooms' }).waitFor();
    await expectAccessible(page, 'the dashboard with the setup checklist');

    await buildRoom(db, { org });
    await buildPerson(db, { org, roles: ['coach', 'employee'] });
    await page.reload();
    await list.getByText('2 of 5 done').waitFor();
    expect(await list.getByRole('link', { name: 'Rooms' }).count()).toBe(0);
    await screenshot(page, 'setup-checklist');
  });
});
