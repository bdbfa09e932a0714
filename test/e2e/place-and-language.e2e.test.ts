// Two of the first hour's surprises, gone: a Lisbon employee is told that an in-person session meets
// in Hamburg — a badge in the list, a warning before the seat — and is told nothing of the kind for
// an online session or one at home; the header's language switch says it saved the choice to the
// profile, and it did. Desktop in English, phone in German; axe on the warning.
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const inDays = (days: number, hour: number, zone = 'Europe/Berlin') => DateTime.now().setZone(zone).plus({ days }).startOf('day').set({ hour }).toJSDate();

describe('a Lisbon employee and the Hamburg sessions', () => {
  it('sees the other site on the list and is warned before the seat; not for Lisbon or online (desktop, English)', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const rita = await buildPerson(db, { org, site: 'Lisbon', timeZone: 'Europe/Lisbon', name: 'Rita Lisboa' });
    const hamburg = await buildRoom(db, { org, site: 'Hamburg' });
    const lisbon = await buildRoom(db, { org, site: 'Lisbon', timeZone: 'Europe/Lisbon' });
    const [far, home, online] = await Promise.all([
      buildModule(db, { org, title: 'Far away topic' }), buildModule(db, { org, title: 'Home topic' }), buildModule(db, { org, title: 'Online topic' }),
    ]);
    const away = await buildSession(db, { org, module: far, room: hamburg, startsAt: inDays(3, 10) });
    const near = await buildSession(db, { org, module: home, room: lisbon, timeZone: 'Europe/Lisbon', startsAt: inDays(3, 14, 'Europe/Lisbon') });
    const virtual = await buildSession(db, { org, module: online, format: 'virtual', startsAt: inDays(4, 10) });

    const { page, errors } = await openPage(browser, t.baseUrl, { timezoneId: 'Europe/Lisbon' });
    await signInByMail(t, page, rita.email);
    const card = (title: string) => page.locator('article.session-card').filter({ has: page.getByRole('heading', { name: title }) });
    await card('Far away topic').getByText('In Hamburg, not your site').waitFor();
    expect(await card('Home topic').getByText(/not your site/).count()).toBe(0);
    expect(await card('Online topic').getByText(/not your site/).count()).toBe(0);

    await page.goto(`/sessions/${away.id}`);
    const warning = page.getByText('This session meets in person in Hamburg; your site is Lisbon.', { exact: false });
    await warning.waitFor();
    await expectAccessible(page, 'the other-site warning');
    for (const id of [near.id, virtual.id]) {
      await page.goto(`/sessions/${id}`);
      await page.getByRole('button', { name: 'Take a seat', exact: true }).waitFor();
      expect(await page.getByText(/meets in person in/).count()).toBe(0);
    }
    // Warned, not refused: she may still be in Hamburg that day.
    await page.goto(`/sessions/${away.id}`);
    await page.getByRole('button', { name: 'Take a seat', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Your seat is confirmed.' }).waitFor();
    expect(errors).toEqual([]);
  });
});

describe('the header’s language switch', () => {
  it('says it saved the language to the profile, and it did (phone, German)', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const jan = await buildPerson(db, { org, locale: 'en', name: 'Jan Sprache' });
    const { page, errors } = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await signInByMail(t, page, jan.email);
    await page.getByRole('heading', { level: 1, name: 'Open sessions' }).waitFor();
    const toggle = page.locator('header.top .menu-toggle');
    if (await toggle.isVisible()) await toggle.click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await page.getByRole('status').filter({ hasText: 'Im Profil gespeichert: Seiten und E-Mails sind jetzt auf Deutsch.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Offene Termine' }).waitFor();
    const stored = await db.selectFrom('people').where('id', '=', jan.id).select('locale').executeTakeFirstOrThrow();
    expect(stored.locale).toBe('de');
    await expectAccessible(page, 'the language saved, German phone');
    expect(errors).toEqual([]);
  });

  it('asks the API again, so what it words in the person\'s language follows at once (desktop, English → German → English)', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    await db.updateTable('organisations').set({ board_open_to_employees: true }).where('id', '=', org.id).execute();
    const ines = await buildPerson(db, { org, locale: 'en', name: 'Ines Idee' });
    const module = await buildModule(db, { org, title: 'Lean basics' });
    const session = await buildSession(db, { org, module, startsAt: new Date(Date.now() - 26 * 3_600_000) });
    const [category] = await db.insertInto('suggestion_categories').values({ org_id: org.id, name_en: 'Shop floor flow', name_de: 'Ablauf in der Halle' }).returning('id').execute();
    await db.insertInto('suggestions').values({ org_id: org.id, session_id: session.id, module_id: module.id, title: 'Kanban at the press line', category_id: category!.id }).execute();

    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, ines.email);
    await page.goto('/ideas');
    const card = page.locator('main').getByText('Kanban at the press line');
    await card.waitFor();
    await page.locator('main .badge').getByText('Shop floor flow', { exact: true }).waitFor();
    const language = page.getByRole('combobox', { name: 'Language' });
    await language.selectOption('de');
    await page.locator('main .badge').getByText('Ablauf in der Halle', { exact: true }).waitFor();
    // The list and the category filter are two answers, asked again each on its own: wait for both.
    await expect.poll(() => page.locator('main').getByText('Shop floor flow').count(), { timeout: 15_000 }).toBe(0);
    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
    await page.locator('main .badge').getByText('Shop floor flow', { exact: true }).waitFor();
    await expect.poll(() => page.locator('main').getByText('Ablauf in der Halle').count(), { timeout: 15_000 }).toBe(0);
    expect(errors).toEqual([]);
  });
});
