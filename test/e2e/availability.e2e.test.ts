// Coaches' availability in the browser: a coach enters weekly windows, a limit and their modules
// (in German, on a phone), a refused overlap is explained; an admin sees every coach's and, when a
// coach is away, the coaches available then offered first with the others' reasons.
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
let org: OrgRow;
let coach: PersonRow;
const tabs: TestPage[] = [];
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  org = await buildOrganisation(t.database.db);
  coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'], name: 'Clara Coach', locale: 'de' });
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

describe('availability', () => {
  it('is entered by a coach on a phone, in German: windows, a weekly limit, a refused overlap explained, then saved', async () => {
    await buildModule(t.database.db, { org, title: 'Feedback geben' });
    const tab = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: { width: 390, height: 844 } });
    tabs.push(tab);
    const page = tab.page;
    await signInByMail(t, page, coach.email);
    await page.goto('/coach');
    await page.getByRole('link', { name: 'Wann ich coachen kann' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wann ich coachen kann' }).waitFor();
    await page.getByText('Noch keine Zeitfenster').waitFor();
    await page.getByRole('button', { name: 'Zeitfenster hinzufügen' }).click();
    await page.getByRole('button', { name: 'Zeitfenster hinzufügen' }).click();
    const rows = page.locator('.window-rows li');
    await rows.nth(0).getByLabel('Tag').selectOption('2');
    await rows.nth(0).getByLabel('Von').fill('09:00');
    await rows.nth(0).getByLabel('Bis').fill('12:00');
    await rows.nth(1).getByLabel('Tag').selectOption('2');
    await rows.nth(1).getByLabel('Von').fill('11:00');
    await rows.nth(1).getByLabel('Bis').fill('14:00');
    await page.getByLabel('Höchstens Termine pro Woche').fill('3');
    await page.getByRole('button', { name: 'Verfügbarkeit speichern' }).click();
    await page.getByRole('alert').filter({ hasText: 'Zeitfenster 2: überschneidet sich mit einem anderen Zeitfenster desselben Tages' }).waitFor();
    await rows.nth(1).getByLabel('Von').fill('13:00');
    await rows.nth(1).getByLabel('Bis').fill('16:00');
    await page.getByRole('button', { name: 'Verfügbarkeit speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert. 6 Stunden pro Woche' }).waitFor();
    await expectAccessible(page, 'availability form (de, phone)');
    await screenshot(page, 'coach-availability-de-phone');
    await page.reload();
    await expect.poll(() => page.locator('.window-rows li').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByLabel('Höchstens Termine pro Woche').inputValue()).toBe('3');
  });

  it('is seen by an admin for every coach, and offers the available coach first when a session needs one', async () => {
    const db = t.database.db;
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Ada Admin' });
    const away = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Anton Away' });
    await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Bea Unset' });
    // Next week's Tuesday 10:00 in Berlin, inside Clara's window (09:00–12:00); Anton is away then.
    const start = DateTime.now().setZone('Europe/Berlin').plus({ weeks: 1 }).set({ weekday: 2, hour: 10, minute: 0, second: 0, millisecond: 0 });
    const session = await buildSession(db, { org, coach: away, startsAt: start.toJSDate(), format: 'virtual' });
    await db.insertInto('coach_absences').values({
      org_id: org.id, coach_id: away.id, first_day: start.toISODate()!, last_day: start.toISODate()!,
      starts_at: start.startOf('day').toJSDate(), ends_at: start.plus({ days: 1 }).startOf('day').toJSDate(),
    }).execute();
    const tab = await openPage(browser, t.baseUrl);
    tabs.push(tab);
    const page = tab.page;
    await signInByMail(t, page, admin.email);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Availability' }).click();
    await page.getByRole('heading', { level: 1, name: 'Coaches’ availability' }).waitFor();
    const clara = page.getByRole('row', { name: /Clara Coach/ });
    await clara.getByText('6 hours a week').waitFor();
    await clara.getByText('at most 3 a week').waitFor();
    await page.getByRole('row', { name: /Bea Unset/ }).getByText('not entered yet').waitFor();
    await expectAccessible(page, 'coaches’ availability');

    // A window entered for Bea that ends before it starts is named as the form numbers its windows.
    await page.getByRole('link', { name: 'Availability of Bea Unset' }).click();
    await page.getByRole('heading', { level: 1, name: 'Availability of Bea Unset' }).waitFor();
    await page.getByRole('button', { name: 'Add a window' }).click();
    const window = page.locator('.window-rows li').first();
    await window.getByLabel('From').fill('12:00');
    await window.getByLabel('To').fill('09:00');
    await page.getByRole('button', { name: 'Save availability' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Window 1: ends before it starts (a window across midnight is two windows)' });
    await refused.waitFor();
    expect(await refused.textContent()).not.toContain('windows.0');

    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Sessions needing a coach' }).click();
    const select = page.getByLabel(/^New coach for/);
    await expect.poll(async () => (await select.locator('option').allTextContents()).slice(1), { timeout: 15_000 }).toEqual([
      'Clara Coach — Suggested, 0 sessions that week',
      'Bea Unset — has not entered availability',
    ]);
    await select.selectOption({ label: 'Clara Coach — Suggested, 0 sessions that week' });
    await page.getByRole('button', { name: 'Reassign' }).click();
    await page.getByRole('status').filter({ hasText: 'Reassigned' }).waitFor();
    expect((await db.selectFrom('sessions').where('id', '=', session.id).select('coach_id').executeTakeFirstOrThrow()).coach_id).toBe(coach.id);
  });

  it('is shown to an admin as not changeable for a deactivated coach: a notice, no save', async () => {
    const db = t.database.db;
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Ida Admin' });
    const gone = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Gero Gone' });
    await db.updateTable('people').set({ active: false }).where('id', '=', gone.id).execute();
    const tab = await openPage(browser, t.baseUrl);
    tabs.push(tab);
    const page = tab.page;
    await signInByMail(t, page, admin.email);
    await page.goto(`/admin/availability/${gone.id}`);
    await page.getByRole('status').filter({ hasText: 'Gero Gone is deactivated' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save availability' }).count()).toBe(0);
  });
});
