// The board opened to employees in the browser: closed at first (no link, a clear refusal); an admin
// opens it in the settings; an employee on a phone finds "Ideas" in the navigation and supports a
// group's idea, the count going up; a German colleague does the same on an idea's own page. Never an
// owner, a note or a supporter's name on screen.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, mainNav, openPage, screenshot, type TestPage } from './browser.ts';

const PHONE = { width: 390, height: 844 };

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let admin: PersonRow;
let employee: PersonRow;
let kollegin: PersonRow;
let supporter: PersonRow;

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const org = await buildOrganisation(db);
  admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Alma Admin' });
  employee = await buildPerson(db, { org, name: 'Emil Employee' });
  kollegin = await buildPerson(db, { org, name: 'Klara Kollegin', locale: 'de' });
  supporter = await buildPerson(db, { org, name: 'Sven Supporter' });
  const owner = await buildPerson(db, { org, name: 'Olivia Owner' });
  const module = await buildModule(db, { org, title: 'Continuous Improvement' });
  const session = await buildSession(db, { org, module, startsAt: new Date(Date.now() - 26 * 3_600_000) });
  const [handover] = await db.insertInto('suggestions').values([
    { org_id: org.id, session_id: session.id, module_id: module.id, title: 'Shift handover checklist', body: 'One page, the same on every line. <b>not bold</b>', area: 'Production', status: 'planned', response: 'From March on every line.', owner_id: owner.id },
    { org_id: org.id, session_id: session.id, module_id: module.id, title: 'Fewer status meetings', body: 'Written updates on Mondays instead.' },
  ]).returning('id').execute();
  await db.insertInto('suggestion_comments').values({ org_id: org.id, suggestion_id: handover!.id, author_id: admin.id, body: 'Internal: ask the plant managers' }).execute();
  await db.insertInto('suggestion_supports').values({ org_id: org.id, suggestion_id: handover!.id, person_id: supporter.id }).execute();
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, o: { locale?: string; viewport?: { width: number; height: number } } = {}) {
  const tab = await openPage(browser, t.baseUrl, { locale: o.locale ?? 'en-GB', ...(o.viewport && { viewport: o.viewport }) });
  tabs.push(tab);
  await signInByMail(t, tab.page, person.email);
  return tab.page;
}

/** Nothing of the board's own on screen: the owner, the internal note, who supports. */
async function expectNoBoardSecrets(page: Page) {
  const text = await page.locator('main').textContent();
  for (const secret of ['Olivia Owner', 'Internal: ask the plant managers', 'Sven Supporter', 'Alma Admin']) expect(text).not.toContain(secret);
}

describe('the board opened to employees', () => {
  it('is closed at first: no link in the navigation, and the page says so', async () => {
    const page = await signedIn(employee, { viewport: PHONE });
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const nav = await mainNav(page);
    await nav.getByRole('link', { name: 'Profile' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Ideas' }).count()).toBe(0);
    await page.goto('/ideas');
    await page.getByText('Your organisation has not opened the suggestion board to employees.').waitFor();
  });

  it('lets an admin open it in the program settings', async () => {
    const page = await signedIn(admin);
    await page.goto('/admin/settings');
    await page.getByLabel(/^Open the suggestion board to all employees/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ideas' }).waitFor();
    const stored = await t.database.db.selectFrom('organisations').where('id', '=', admin.org_id).select('board_open_to_employees').executeTakeFirstOrThrow();
    expect(stored.board_open_to_employees).toBe(true);
  });

  it('shows an employee on a phone the ideas; supporting one is counted, and shown in words below five people', async () => {
    const page = await signedIn(employee, { viewport: PHONE });
    await (await mainNav(page)).getByRole('link', { name: 'Ideas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ideas from the groups' }).waitFor();
    await page.getByText('2 ideas').waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Shift handover checklist' }) });
    // One or two supporters are fewer than five people: said in words, never the number.
    await card.getByText('fewer than 5 people — hidden to protect privacy').waitFor();
    await card.getByText('One page, the same on every line. <b>not bold</b>').waitFor();
    await card.getByRole('button', { name: 'Support', pressed: false }).click();
    await card.getByRole('button', { name: 'Support', pressed: true }).waitFor();
    await card.getByText('fewer than 5 people — hidden to protect privacy · You support this.').waitFor();
    await expectNoBoardSecrets(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBe(PHONE.width);
    await screenshot(page, 'ideas-phone');
    await expectAccessible(page, 'the ideas on a phone');
    await page.getByLabel('Sort').selectOption({ label: 'Most supported first' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/sort=supported/);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Shift handover checklist', 'Fewer status meetings']);
    const supports = await t.database.db.selectFrom('suggestion_supports').where('person_id', '=', employee.id).selectAll().execute();
    expect(supports).toHaveLength(1);
  });

  it('lets a German colleague support an idea on its own page, and withdraw it', async () => {
    const page = await signedIn(kollegin, { locale: 'de-DE', viewport: PHONE });
    await (await mainNav(page, 'Hauptmenü')).getByRole('link', { name: 'Ideen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ideen aus den Gruppen' }).waitFor();
    // An order or status the board does not have, kept in an address: the default order, not a refusal.
    await page.goto('/ideas?sort=supports&status=nope');
    await page.getByRole('heading', { level: 1, name: 'Ideen aus den Gruppen' }).waitFor();
    await page.getByRole('link', { name: 'Shift handover checklist' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByLabel('Sortierung').inputValue()).toBe('newest');
    await page.getByRole('link', { name: 'Fewer status meetings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fewer status meetings' }).waitFor();
    await page.getByText('Noch keine Unterstützung').waitFor();
    await page.getByRole('button', { name: 'Unterstützen', pressed: false }).click();
    await page.getByText('weniger als 5 Personen – zum Schutz der Privatsphäre verborgen · Sie unterstützen das.').waitFor();
    await screenshot(page, 'idea-de-phone');
    await expectAccessible(page, 'one idea, German, on a phone');
    await page.getByRole('button', { name: 'Unterstützen', pressed: true }).click();
    await page.getByText('Noch keine Unterstützung').waitFor();
    await expectNoBoardSecrets(page);
  });
});
