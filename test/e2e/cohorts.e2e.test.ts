// A cohort in the browser: an admin picks 32 people of two departments, 10 weekly rounds online with
// eight coaches, waits for the groups, reads the figures, moves one person by hand, and publishes all
// rounds at once; a member then finds the sessions on "My sessions" — in German. The page is also
// read in German by a German admin.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModule, buildOrganisation, buildPerson, type OrgRow, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let org: OrgRow;
let admin: PersonRow;
let adminDe: PersonRow;
let moduleId: string;
const members: PersonRow[] = [];
const ROUNDS = 10;
// Next week's Tuesday at 10:00 in Berlin: inside the planning window, whatever today is.
const firstRound = DateTime.now().setZone('Europe/Berlin').plus({ weeks: 1 }).set({ weekday: 2, hour: 10, minute: 0, second: 0, millisecond: 0 });

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  org = await buildOrganisation(db);
  // The search is bounded by a setting; two seconds keep the test short (the figures are what they are).
  await db.updateTable('organisations').set({ cohort_search_seconds: 2 }).where('id', '=', org.id).execute();
  admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Alma Admin', department: 'People' });
  adminDe = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Dora Direktorin', department: 'People', locale: 'de' });
  for (const department of ['Production', 'Sales']) {
    for (let i = 0; i < 16; i++) members.push(await buildPerson(db, { org, department, name: `${department} Member ${String(i).padStart(2, '0')}`, locale: i === 0 ? 'de' : 'en' }));
  }
  for (let i = 0; i < 8; i++) await buildPerson(db, { org, roles: ['coach', 'employee'], name: `Coach ${i}`, department: 'Learning' });
  moduleId = (await buildModule(db, { org, title: 'Leading through change' })).id;
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, locale = 'en-GB'): Promise<Page> {
  const tab = await openPage(browser, t.baseUrl, { locale });
  tabs.push(tab);
  await signInByMail(t, tab.page, person.email);
  return tab.page;
}

describe('cohorts', () => {
  let cohortUrl = '';

  it('are built from two departments over ten rounds, previewed, changed by hand and published at once', async () => {
    const page = await signedIn(admin);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Cohorts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cohorts' }).waitFor();
    await expect.poll(() => page.getByText('No cohorts yet.').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'New cohort' }).click();

    await page.getByLabel('Name', { exact: true }).fill('Leadership programme 2027');
    await page.getByLabel('Search the module library').fill('Leading');
    await page.getByLabel('Choose a module').selectOption(moduleId);
    await page.getByLabel('Find people by name, e-mail or department').fill('Production');
    await page.getByRole('button', { name: 'Add all 16 shown' }).click();
    await page.getByText('People (16 chosen)').waitFor();
    // Sales come from an HR export: a CSV whose addresses stand in a quoted column among others.
    const sales = members.filter((m) => m.department === 'Sales');
    const csv = ['"Name";"E-mail";"Cost centre"', ...sales.map((m) => `"${m.name}";"${m.email.toUpperCase()}";"4711"`)].join('\r\n');
    await page.getByLabel(/read the addresses from a CSV file/).setInputFiles({ name: 'sales.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('16 addresses read from sales.csv').waitFor();
    await page.getByRole('button', { name: 'Add these addresses' }).click();
    await page.getByText('People (32 chosen)').waitFor();
    await page.getByLabel('Rounds').fill(String(ROUNDS));
    await page.getByLabel('First round').fill(firstRound.toFormat("yyyy-MM-dd'T'HH:mm"));
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByLabel('Online').check();
    await page.getByText('32 people make 8 groups').waitFor();
    await page.getByLabel('Meeting links (one per group, one per line)').fill(Array.from({ length: 8 }, (_, g) => `https://meet.example.com/leadership-${g + 1}`).join('\n'));
    for (let i = 0; i < 8; i++) await page.getByLabel(`Coach ${i}`).check();
    await expectAccessible(page, 'new cohort form');
    await page.getByRole('button', { name: 'Form the groups' }).click();

    await page.getByRole('heading', { level: 2, name: 'Quality' }).waitFor({ timeout: 30_000 });
    cohortUrl = new URL(page.url()).pathname;
    const repeats = page.getByTestId('repeats');
    // The figures beside their bounds: 32 people over 10 rounds can meet without a repeat.
    await expect.poll(() => repeats.textContent()).toMatch(/^\d+ \(the fewest possible: 0\)$/);
    await expect.poll(() => page.locator('.cohort-round').count()).toBe(ROUNDS);
    await expect.poll(() => page.locator('.cohort-group').count()).toBe(ROUNDS * 8);
    await screenshot(page, 'cohort-preview');

    // Move the first person of round 1's group 1 into group 2, trading places with its first.
    const round1 = page.getByRole('form', { name: 'Move someone in round 1', exact: true });
    const group1 = page.getByRole('article', { name: /^Round 1 · .* · Group 1$/ });
    const group2 = page.getByRole('article', { name: /^Round 1 · .* · Group 2$/ });
    const mover = ((await group1.getByRole('listitem').first().textContent()) ?? '').replace(/ (Production|Sales)$/, '').trim();
    const partner = ((await group2.getByRole('listitem').first().textContent()) ?? '').replace(/ (Production|Sales)$/, '').trim();
    await round1.getByRole('combobox', { name: /^Person/ }).selectOption({ label: `${mover} (Group 1)` });
    await round1.getByRole('combobox', { name: /^To group/ }).selectOption({ label: 'Group 2' });
    await round1.getByRole('combobox', { name: /^Trading places with/ }).selectOption({ label: partner });
    await round1.getByRole('button', { name: 'Move' }).click();
    await round1.getByText('Moved. The figures are up to date.').waitFor();
    await expect.poll(() => group2.textContent()).toContain(mover);
    await expect.poll(() => group1.textContent()).toContain(partner);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Publish every round' }).click();
    await page.getByText(`Published: ${ROUNDS * 8} sessions, every member booked.`).waitFor({ timeout: 30_000 });
    await page.getByText('Published', { exact: true }).first().waitFor();
    await expectAccessible(page, 'published cohort');

    const stored = await t.database.db.selectFrom('bookings').innerJoin('sessions', 'sessions.id', 'bookings.session_id')
      .where('sessions.org_id', '=', org.id).where('sessions.module_id', '=', moduleId).where('bookings.status', '=', 'active')
      .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(32 * ROUNDS);
  });

  it('shows a member the sessions on "My sessions", in German', async () => {
    const member = members[0]!;
    const page = await signedIn(member, 'de-DE');
    await page.goto('/my-sessions');
    await page.getByRole('heading', { level: 1, name: 'Meine Termine' }).waitFor();
    await expect.poll(() => page.getByText('Leading through change').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'cohort-member-my-sessions-de');
  });

  it('reads in German for a German admin', async () => {
    const page = await signedIn(adminDe, 'de-DE');
    await page.goto(cohortUrl);
    await page.getByRole('heading', { level: 2, name: 'Qualität' }).waitFor();
    await page.getByText('Paare, die sich wieder treffen').waitFor();
    await page.getByRole('form', { name: 'Jemand kann an Runde 1 nicht teilnehmen' }).waitFor();
    await page.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Kohorten' }).waitFor();
    await expectAccessible(page, 'cohort in German');
    await screenshot(page, 'cohort-published-de');
  });
});
