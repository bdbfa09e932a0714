// The network in the browser: the admin's page (figures, partners per person, the department heat
// map with cells from fewer than five people saying so, and departments of fewer than five people
// taking part shown together, unnamed), in English on a desktop and in German on a
// 390 px phone where the heat map scrolls sideways inside its own region; and an employee's own
// count on their profile. Nobody is named.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDueEncounters } from '../../src/features/encounters/service.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let org: OrgRow;
let admin: PersonRow;
let adminDe: PersonRow;
const staff: PersonRow[] = [];
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  org = await buildOrganisation(db);
  admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Alma Admin', department: 'People' });
  adminDe = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Dora Direktorin', department: 'People', locale: 'de' });
  const make = (department: string, n: number) => Promise.all(Array.from({ length: n }, (_, i) => buildPerson(db, { org, department, name: `${department} Colleague ${i}` })));
  const [e, s, l, f] = [await make('Engineering', 5), await make('Sales', 5), await make('Legal', 3), await make('Finance', 2)];
  staff.push(...e, ...s, ...l, ...f);
  // Legal (3) and Finance (2) are too small to be named: together they are the row "Other
  // departments". Their cells with Engineering and Sales (four engineers, two salespeople) are
  // withheld and about nine people together, so Engineering × Sales stays shown (presenters.ts).
  const groups = [[e[0], e[1], s[0], s[1]], [e[2], e[3], s[2], s[3]], [e[4], e[0], s[4], s[2]], [l[0], l[1], e[1], s[3]], [l[0], e[2], e[3], s[4]], [f[0], f[1], l[2], e[4]]];
  for (const [i, group] of groups.entries()) {
    // Held in the last hours, two hours apart.
    const session = await buildSession(db, { org, startsAt: new Date(Date.now() - (2 + 2 * i) * HOUR) });
    for (const person of group) {
      const booking = await buildBooking(db, { session, person: person! });
      await db.updateTable('bookings').set({ status: 'attended' }).where('id', '=', booking.id).execute();
    }
  }
  await countDueEncounters(t.ctx.db);
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, o: { locale?: string; phone?: boolean } = {}) {
  const tab = await openPage(browser, t.baseUrl, { locale: o.locale ?? 'en-GB', ...(o.phone && { viewport: { width: 390, height: 844 } }) });
  tabs.push(tab);
  await signInByMail(t, tab.page, person.email);
  return tab.page;
}

describe('the network', () => {
  it('shows the admin the figures and the heat map, with small cells hidden and nobody named', async () => {
    const page = await signedIn(admin);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Network' }).click();
    await page.getByRole('heading', { level: 1, name: 'The network' }).waitFor();
    // 35 pairs (each new to both) over 24 seats: 2.9 of at most 3; Engineering × Sales 15 pairs.
    await page.getByText('2.9 of at most 3').waitFor();
    const map = page.getByRole('region', { name: 'Encounters between departments' });
    const salesRow = map.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Sales' }) });
    expect(await salesRow.textContent()).toContain('15');
    // The five of Legal and Finance: one row, its own cell (4 pairs, 5 people) shown, the rest fewer.
    const othersRow = map.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Other departments' }) });
    expect(await othersRow.textContent()).toContain('fewer than 5 people');
    expect(await othersRow.getByRole('cell').last().textContent()).toBe('4');
    expect(await map.getByRole('rowheader').allTextContents()).toEqual(['Engineering', 'Sales', 'Other departments']);
    await page.getByText('A department with fewer than 5 people taking part is not named').waitFor();
    const text = await page.locator('main').textContent();
    for (const person of staff) expect(text).not.toContain(person.name);
    for (const small of ['Legal', 'Finance']) expect(text).not.toContain(small);
    await screenshot(page, 'admin-network');
    await expectAccessible(page, 'the admin’s network page');
  });

  it('reads in German on a phone, the heat map scrolling sideways in its own region', async () => {
    const page = await signedIn(adminDe, { locale: 'de-DE', phone: true });
    await page.goto('/admin/network');
    await page.getByRole('heading', { level: 1, name: 'Das Netzwerk' }).waitFor();
    await page.getByText('Begegnungen über Abteilungen hinweg').waitFor();
    const map = page.getByRole('region', { name: 'Begegnungen zwischen Abteilungen' });
    await map.waitFor();
    await map.getByRole('rowheader', { name: 'Weitere Abteilungen' }).waitFor();
    // The page itself never scrolls sideways; the map does if it must.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'admin-network-phone-de');
    await expectAccessible(page, 'the network page in German on a phone');
  });

  it('tells an employee on their profile how many colleagues from how many departments, without names', async () => {
    const person = staff[0]!; // Engineering 0: the first and third groups
    const page = await signedIn(person, { phone: true });
    await page.goto('/profile');
    await page.getByRole('heading', { name: 'Your network' }).waitFor();
    // On the first hours of a year the sessions may belong to the year before.
    await page.getByText(/You have learned with 6 colleagues from 2 departments this year\.|You have not learned with colleagues/).waitFor();
    const text = await page.locator('main').textContent();
    for (const other of staff) expect(text).not.toContain(other.name);
    await expectAccessible(page, 'the profile with the network sentence, phone');
  });
});
