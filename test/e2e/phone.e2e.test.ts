// Every main page on a small phone (375 × 740): nothing wider than the screen, so no page scrolls
// sideways, and the main navigation on screen. Wide tables scroll inside their own box, which is
// allowed; the page itself must not.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { launchBrowser, mainNav, openPage, screenshot, type TestPage } from './browser.ts';

const PHONE = { width: 375, height: 740 };

let t: E2eApp;
let browser: Browser;
let tab: TestPage;
let page: Page;
let sessionId: string;
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const org = await buildOrganisation(db, { name: 'Northwind Traders International' });
  // One person in every role, so one sign-in reaches every page.
  const person = await buildPerson(db, { org, roles: ['admin', 'coach', 'employee'], name: 'Maximiliane Oberhauser-Schwarzenberg', department: 'Research and Development' });
  const other = await buildPerson(db, { org, roles: ['coach', 'employee'] });
  const module = await buildModule(db, { org, title: 'Giving and receiving feedback in distributed teams' });
  const room = await buildRoom(db, { org, site: 'Hamburg Speicherstadt Nord' });
  const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 3 }).startOf('day');
  const session = await buildSession(db, { org, coach: other, module, room, startsAt: day.set({ hour: 10 }).toJSDate() });
  sessionId = session.id;
  await buildBooking(db, { session, person });
  const coached = await buildSession(db, { org, coach: person, module, startsAt: day.plus({ days: 1 }).set({ hour: 14 }).toJSDate() });
  await buildBooking(db, { session: coached });
  tab = await openPage(browser, t.baseUrl, { viewport: PHONE });
  page = tab.page;
  await signInByMail(t, page, person.email);
});
afterAll(async () => {
  expect(tab.errors).toEqual([]);
  await browser?.close();
});

/** What sticks out past the right edge, outside any box that scrolls on its own: for the failure message. */
function overflowing(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scrollsAlone = (e: Element | null): boolean => {
      for (let p = e?.parentElement; p; p = p.parentElement) if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    const culprits = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !scrollsAlone(e))
      .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} (right ${Math.round(e.getBoundingClientRect().right)})`);
    return { scrollWidth: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 8) };
  });
}

const PAGES: Array<[string, () => string, string]> = [
  ['employee sessions list', () => '/sessions', 'Open sessions'],
  ['session page', () => `/sessions/${sessionId}`, 'Giving and receiving feedback in distributed teams'],
  ['my sessions', () => '/my-sessions', 'My sessions'],
  ['profile', () => '/profile', 'Profile'],
  ['coach sessions', () => '/coach', 'My sessions as coach'],
  ['coach publish form', () => '/coach/publish', 'Publish a session'],
  ['admin dashboard', () => '/admin', 'Dashboard'],
  ['admin people', () => '/admin/people', 'People'],
  ['admin rooms', () => '/admin/rooms', 'Rooms'],
  ['admin modules', () => '/admin/modules', 'Module library'],
  ['admin mail', () => '/admin/mail', 'Outgoing mail'],
  ['admin audit log', () => '/admin/audit', 'Audit log'],
  ['admin integration tokens', () => '/admin/settings/tokens', 'Integration tokens'],
  ['admin suggestion owners', () => '/admin/suggestions', 'Suggestion owners and categories'],
  ['suggestion board', () => '/board', 'Suggestion board'],
  ['campaign view', () => '/board/campaigns', 'Campaign view'],
  // Closed to employees in this organisation (so no seventh link), but an admin previews it.
  ['open board preview', () => '/ideas', 'Ideas from the groups'],
];

describe('on a phone-sized screen', () => {
  it.each(PAGES)('the %s fits the width and keeps the main navigation in reach', async (what, path, heading) => {
    await page.goto(path());
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    const layout = await overflowing(page);
    await screenshot(page, `phone-${what.replaceAll(' ', '-')}`);
    expect(layout, what).toEqual({ scrollWidth: layout.width, width: PHONE.width, culprits: [] });
    // Tables turn into cards rather than scroll sideways.
    const sideways = await page.locator('.table-wrap').evaluateAll((boxes) => boxes.filter((b) => b.scrollWidth > b.clientWidth + 1).length);
    expect(sideways, `${what}: tables to scroll sideways`).toBe(0);

    // The header is one row (the brand and a Menu button) until the menu is unfolded.
    const header = (await page.locator('header.top').boundingBox())!;
    expect(header.height, `${what}: the folded header`).toBeLessThan(70);
    const nav = await mainNav(page);
    const links = await nav.getByRole('link').all();
    expect(links.length, what).toBe(6);
    for (const link of links) {
      expect(await link.isVisible(), `${what}: ${await link.textContent()}`).toBe(true);
      const box = (await link.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= PHONE.width, `${what}: ${await link.textContent()} on screen`).toBe(true);
    }
  });

  it('shows a session on the first screen of the open sessions: the filters start folded and open on a tap', async () => {
    await page.goto('/sessions');
    // The short privacy notice stands above the page until it is read (once, here: nobody has yet);
    // then the first screen is the list's.
    const notice = page.getByRole('dialog').getByRole('button', { name: 'OK', exact: true });
    await notice.click();
    await notice.waitFor({ state: 'detached' });
    const card = page.getByRole('article', { name: 'Giving and receiving feedback in distributed teams' }).first();
    await card.waitFor();
    const filters = page.getByRole('form', { name: 'Filter sessions' });
    expect(await filters.isVisible()).toBe(false);
    expect((await card.boundingBox())!.y).toBeLessThan(PHONE.height);
    await page.getByText('Filters', { exact: true }).click();
    await filters.getByLabel('Time of day').selectOption('morning');
    await page.getByText('Filters (1 set)').waitFor();
  });

  it('folds the unfolded menu on Escape and gives focus back to its button', async () => {
    await page.goto('/my-sessions');
    const toggle = page.locator('header.top .menu-toggle');
    const firstLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link').first();
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    await firstLink.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await firstLink.isVisible()).toBe(false);
    expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);
  });

  it("keeps a person's edit form within the screen", async () => {
    await page.goto('/admin/people');
    await page.getByRole('button', { name: /^Edit / }).first().click();
    const form = page.getByRole('form', { name: /^Edit / });
    await form.getByLabel('Time zone').waitFor();
    expect((await overflowing(page)).culprits).toEqual([]);
    const save = (await form.getByRole('button', { name: 'Save changes' }).boundingBox())!;
    expect(save.x + save.width).toBeLessThanOrEqual(PHONE.width);
  });
});
