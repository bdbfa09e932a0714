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
    // Emptied, the number stays empty for the browser to ask for, not "0".
    await page.getByLabel('Rounds').fill('');
    expect(await page.getByLabel('Rounds').inputValue()).toBe('');
    expect(await page.getByLabel('Rounds').evaluate((e: HTMLInputElement) => e.validity.valueMissing)).toBe(true);
    await page.getByLabel('Rounds').fill(String(ROUNDS));
    await page.getByLabel('First round').fill(firstRound.toFormat("yyyy-MM-dd'T'HH:mm"));
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByLabel('Online').check();
    await page.getByText('32 people make 8 groups').waitFor();
    await page.getByLabel('Meeting links (one per group, one per line)').fill(Array.from({ length: 8 }, (_, g) => `https://meet.example.com/leadership-${g + 1}`).join('\n'));
    // One coach short: the refusal names the field as the form does, with the number needed.
    for (let i = 0; i < 7; i++) await page.getByLabel(`Coach ${i}`).check();
    await page.getByRole('button', { name: 'Form the groups' }).click();
    const short = page.getByRole('alert').filter({ hasText: 'Coaches (at least one per group): choose at least 8' });
    await short.waitFor();
    expect(await short.textContent()).not.toContain('coachIds');
    await page.getByLabel('Coach 7').check();
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
    // Groups of four throughout: a move alone would make one of five, so "Nobody" is not offered.
    const partners = round1.getByRole('combobox', { name: /^Trading places with/ });
    expect(await partners.locator('option').allTextContents()).not.toContain('Nobody (where group sizes allow)');
    expect(await partners.evaluate((e: HTMLSelectElement) => e.required)).toBe(true);
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

  it('offers a move alone only where the sizes allow, and words a refused one in German with the groups as shown (phone)', async () => {
    const tab = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: { width: 390, height: 844 } });
    tabs.push(tab);
    const page = tab.page;
    await signInByMail(t, page, adminDe.email);
    const coachIds = (await t.database.db.selectFrom('people').where('org_id', '=', org.id).where('name', 'like', 'Coach %')
      .orderBy('name').limit(3).select('id').execute()).map((c) => c.id);
    const call = (method: string, path: string, body?: unknown) => page.evaluate(async ([m, p, b]) => {
      const res = await fetch(p, { method: m, headers: b === undefined ? {} : { 'content-type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
      return { status: res.status, body: await res.json() as Record<string, unknown> };
    }, [method, path, body] as const);
    // Ten people make groups of 4, 3 and 3 in every round.
    const created = await call('POST', '/api/cohorts', {
      name: 'Entwurf', moduleId, personIds: members.slice(16, 26).map((m) => m.id), rounds: 2, timeZone: 'Europe/Berlin',
      firstStartsAt: firstRound.plus({ hours: 5 }).toFormat("yyyy-MM-dd'T'HH:mm"), everyWeeks: 1, format: 'virtual', coachIds,
      onlineUrls: ['https://meet.example.com/d-1', 'https://meet.example.com/d-2', 'https://meet.example.com/d-3'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    type Groups = Array<{ group: number; people: Array<{ id: string; name: string }> }>;
    let groups: Groups = [];
    await expect.poll(async () => {
      const preview = (await call('GET', `/api/cohorts/${id}`)).body.preview as { rounds: Array<{ groups: Groups }> } | null;
      groups = preview?.rounds[1]?.groups ?? [];
      return groups.length;
    }, { timeout: 30_000 }).toBe(3);
    const four = groups.find((g) => g.people.length === 4)!;
    const [threeA, threeB] = groups.filter((g) => g.people.length === 3) as [Groups[number], Groups[number]];

    await page.goto(`/admin/cohorts/${id}`);
    const round2 = page.getByRole('form', { name: 'Jemanden in Runde 2 umsetzen', exact: true });
    await round2.waitFor();
    const person = round2.getByRole('combobox', { name: /^Person/ });
    const toGroup = round2.getByRole('combobox', { name: /^In Gruppe/ });
    const partner = round2.getByRole('combobox', { name: /^Tauscht den Platz mit/ });
    const nobody = 'Niemandem (wo die Gruppengrößen es erlauben)';
    // From a group of three to the other: it would leave two, so someone has to trade places.
    await person.selectOption({ label: `${threeA.people[0]!.name} (Gruppe ${threeA.group + 1})` });
    await toGroup.selectOption({ label: `Gruppe ${threeB.group + 1}` });
    expect(await partner.locator('option').allTextContents()).not.toContain(nobody);
    // From the group of four to one of three: alone is fine.
    const [first, second] = four.people as [Groups[number]['people'][number], Groups[number]['people'][number]];
    await person.selectOption({ label: `${second.name} (Gruppe ${four.group + 1})` });
    await toGroup.selectOption({ label: `Gruppe ${threeB.group + 1}` });
    expect(await partner.locator('option').allTextContents()).toContain(nobody);
    // Meanwhile someone else moved the first of that group of four: the page has not seen it.
    expect((await call('POST', `/api/cohorts/${id}/moves`, { round: 1, personId: first.id, toGroup: threeA.group })).status).toBe(200);
    await round2.getByRole('button', { name: 'Umsetzen' }).click();
    const refused = round2.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      `Gruppe ${threeB.group + 1} hätte dann 4 Personen und Gruppe ${four.group + 1} 2. Wählen Sie jemanden aus Gruppe ${threeB.group + 1}, der oder die den Platz tauscht.`,
    );
    // And the page now shows the groups as they are: the group of four has three left.
    const before = page.getByRole('article', { name: new RegExp(`^Runde 2 · .* · Gruppe ${four.group + 1}$`) });
    await expect.poll(() => before.getByRole('listitem').count()).toBe(3);
    expect(await refused.isVisible()).toBe(true);
    await expectAccessible(page, 'cohort move refused, German phone');
    await screenshot(page, 'cohort-move-refused-de-phone', { fullPage: false });
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
