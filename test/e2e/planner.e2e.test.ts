// The programme planner in Chromium: an admin plans 8 weeks for eight people once a week (two
// sessions a week); the one coach may coach once a week, so every week falls short and the page
// says why, naming her. The admin raises her weekly limit on her availability, plans again — no gap
// now — and publishes the 16 sessions at once. axe on the proposal.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModule, buildOrganisation, buildPerson, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let admin: PersonRow;
let coach: PersonRow;

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const org = await buildOrganisation(db);
  await buildModule(db, { org, title: 'Running effective one-to-ones' });
  // Only the eight employees take part: the admin and the coach are not employees here.
  admin = await buildPerson(db, { org, roles: ['admin'] });
  coach = await buildPerson(db, { org, roles: ['coach'], name: 'Carla Coach' });
  // People without a site meet online, in their zone: no rooms needed.
  for (let i = 0; i < 8; i++) await buildPerson(db, { org });
  await db.updateTable('people').set({ site: null }).where('org_id', '=', org.id).execute();
  await db.insertInto('coach_availability').values({ org_id: org.id, person_id: coach.id, time_zone: 'Europe/Berlin', max_sessions_per_week: 1, coaches_online: true }).execute();
  await db.insertInto('coach_windows').values([1, 2, 3, 4, 5].map((weekday) => ({ org_id: org.id, person_id: coach.id, weekday, starts_minute: 540, ends_minute: 1020 }))).execute();
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function plan(page: Page) {
  await page.goto('/admin/planner');
  await page.getByText('1 coach has entered availability.').waitFor();
  await page.getByLabel('Once every').fill('1');
  await page.getByRole('combobox', { name: 'How often each person takes part' }).selectOption('week');
  await page.getByLabel('Weeks to plan').fill('8');
  await page.getByRole('button', { name: 'Propose a plan' }).click();
  await page.getByRole('heading', { level: 2, name: 'Where the plan falls short' }).waitFor();
}

describe('the programme planner', () => {
  it('shows the gap and why, is fixed by raising the coach’s weekly limit, and publishes the plan at once', async () => {
    const opened = await openPage(browser, t.baseUrl);
    tabs.push(opened);
    const { page } = opened;
    await signInByMail(t, page, admin.email);
    const notice = page.getByRole('dialog').getByRole('button', { name: 'OK', exact: true });
    await notice.click();
    await notice.waitFor({ state: 'detached' });

    await plan(page);
    await page.getByText('8 of 16 sessions needed (50 %)').waitFor();
    const gaps = page.locator('.planner-gaps li');
    expect(await gaps.count()).toBe(8);
    expect(await gaps.first().textContent()).toContain('coaches have reached their weekly maximum: Carla Coach');
    await expectAccessible(page, 'a proposal with gaps');
    await screenshot(page, 'planner-gaps');

    await page.goto(`/admin/availability/${coach.id}`);
    await page.getByLabel('At most sessions a week').fill('2');
    await page.getByRole('button', { name: 'Save availability' }).click();
    await page.getByText('Saved.').waitFor();

    await plan(page);
    await page.getByText('Every week gets the sessions it needs.').waitFor();
    await page.getByText('16 of 16 sessions needed (100 %)').waitFor();
    await page.getByLabel('Meeting link of the online sessions').fill('https://meet.example.test/planned');
    await page.getByRole('button', { name: 'Publish the plan' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, publish' }).click();
    await page.getByText(/Published .*: 16 sessions\./).waitFor();
    const sessions = await t.database.db.selectFrom('sessions').where('coach_id', '=', coach.id).select(['starts_at', 'status']).execute();
    expect(sessions).toHaveLength(16);
    expect(sessions.every((s) => s.status === 'scheduled')).toBe(true);
  });
});
