// The open list ordered "Best for meeting new colleagues": the later session with new faces comes
// first, marked, and the page says the list is not in date order — on a phone too, where the
// filters start folded and their summary counts the order as set.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildEncounter, buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { launchBrowser, openPage, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let viewer: PersonRow;
let viewerDe: PersonRow;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const org = await buildOrganisation(db);
  await db.updateTable('organisations').set({ mixing: 'recommend' }).where('id', '=', org.id).execute();
  viewer = await buildPerson(db, { org, name: 'Vera Viewer', department: 'Sales' });
  viewerDe = await buildPerson(db, { org, name: 'Viktor Betrachter', department: 'Sales', locale: 'de' });
  const known = [await buildPerson(db, { org }), await buildPerson(db, { org })];
  const fresh = [await buildPerson(db, { org }), await buildPerson(db, { org })];
  for (const k of known) {
    await buildEncounter(db, viewer, k, new Date(Date.now() - 30 * DAY));
    await buildEncounter(db, viewerDe, k, new Date(Date.now() - 30 * DAY));
  }
  const early = await buildSession(db, { org, module: await buildModule(db, { org, title: 'Early with familiar faces' }), startsAt: new Date(Date.now() + 3 * DAY), capacity: 6 });
  const late = await buildSession(db, { org, module: await buildModule(db, { org, title: 'Later with new faces' }), startsAt: new Date(Date.now() + 5 * DAY), capacity: 6 });
  for (const p of known) await buildBooking(db, { session: early, person: p });
  for (const p of fresh) await buildBooking(db, { session: late, person: p });
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, locale: string, width: number): Promise<Page> {
  const tab = await openPage(browser, t.baseUrl, { locale, viewport: { width, height: 800 } });
  tabs.push(tab);
  await signInByMail(t, tab.page, person.email);
  return tab.page;
}

const titles = (page: Page) => page.locator('.session-card h3').allTextContents();

describe('best for meeting new colleagues', () => {
  it('puts the session with new faces first on a desktop, marks it, and says the list is not in date order', async () => {
    const page = await signedIn(viewer, 'en-GB', 1280);
    await page.goto('/sessions');
    await expect.poll(() => titles(page)).toEqual(['Early with familiar faces', 'Later with new faces']);
    const hint = page.getByText('Ordered for meeting new colleagues, not by date.');
    expect(await hint.count()).toBe(0);

    await page.getByLabel('Order').selectOption('newColleagues');
    await expect.poll(() => titles(page)).toEqual(['Later with new faces', 'Early with familiar faces']);
    await page.locator('.session-card').first().getByText('Only new colleagues').waitFor();
    await hint.waitFor();
  });

  it('says so on a phone, where the folded filters count the order as set (German)', async () => {
    const page = await signedIn(viewerDe, 'de-DE', 375);
    await page.goto('/sessions?sort=newColleagues');
    await expect.poll(() => titles(page)).toEqual(['Later with new faces', 'Early with familiar faces']);
    expect(await page.locator('.filters-box').getAttribute('open')).toBeNull();
    expect(await page.locator('.filters-box > summary').textContent()).toBe('Filter (1 gesetzt)');
    await page.getByText('Sortiert danach, wo Sie neue Kolleg:innen treffen, nicht nach Datum.').waitFor();
  });
});
