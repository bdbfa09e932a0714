// A cohort's session in the browser, for someone outside its group (migration 044): reached by a
// link, its page says the seats are for the group's members, in English and German, and offers
// neither a seat nor the waiting list; the open list does not show it. A member who gave up their
// seat is marked so on the cohort's page, and is offered the seat back.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../api-calls.ts';
import type { TestApp } from '../app.ts';
import { cohortProgram, scheduleOf, solvedCohort, type Program } from '../cohort-fixtures.ts';
import { buildPerson, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { launchBrowser, openPage, type TestPage } from './browser.ts';

let t: E2eApp;
// The API as the pages call it: a change must come from Quartet's own origin (the CSRF guard).
let api: TestApp;
let browser: Browser;
const tabs: TestPage[] = [];
let p: Program;
let sessionId = '';
let cohortId = '';
let member: PersonRow;

beforeAll(async () => {
  t = await startE2eApp();
  api = Object.assign(Object.create(t) as TestApp, {
    request: (method: string, path: string, o: Parameters<TestApp['request']>[2] = {}) => t.request(method, path, { ...o, headers: { origin: t.baseUrl, ...o.headers } }),
  });
  browser = await launchBrowser();
  p = await cohortProgram(api, 8);
  const cohort = await solvedCohort(api, p, 1);
  expect((await call(api, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie })).status).toBe(200);
  const published = (await call(api, 'GET', `/api/cohorts/${cohort.id}`, { cookie: p.cookie })).body.preview as typeof cohort.preview;
  sessionId = published.rounds[0]!.groups[0]!.sessionId!;
  cohortId = cohort.id;
  member = p.people.find((x) => x.id === scheduleOf(published)[0]![0]![0]!)!;
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, locale: string): Promise<Page> {
  const tab = await openPage(browser, t.baseUrl, { locale });
  tabs.push(tab);
  await signInByMail(t, tab.page, person.email);
  return tab.page;
}

describe("a cohort's session", () => {
  it('tells someone outside the group that its seats are for the group, in English and German, and offers no seat or line', async () => {
    for (const [locale, text] of [['en-GB', 'its seats are for the members of that group'], ['de-DE', 'seine Plätze sind für die Mitglieder dieser Gruppe']] as const) {
      const outsider = await buildPerson(t.database.db, { org: p.org, locale: locale.slice(0, 2) as 'en' | 'de' });
      const page = await signedIn(outsider, locale);
      await page.goto(`/sessions/${sessionId}`);
      await expect.poll(() => page.getByTestId('seat-refusal').textContent(), { timeout: 15_000 }).toContain(text);
      expect(await page.getByRole('button', { name: /Take a seat|Platz nehmen/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /waiting list|Warteliste/i }).count()).toBe(0);
    }
  });

  it('is offered back to a member who gave up their seat, and not listed to others', async () => {
    const page = await signedIn(member, 'en-GB');
    const seat = await t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('person_id', '=', member.id)
      .where('status', '=', 'active').select('id').executeTakeFirstOrThrow();
    expect((await call(api, 'POST', `/api/bookings/${seat.id}/cancel`, { cookie: await t.cookieFor(member) })).status).toBe(200);
    // Their cohort's admin sees who gave the seat up, and no one else marked.
    const admin = await signedIn(p.admin, 'en-GB');
    await admin.goto(`/admin/cohorts/${cohortId}`);
    const marked = admin.getByTestId('seat-given-up');
    await marked.waitFor();
    expect(await marked.count()).toBe(1);
    expect(await admin.getByRole('listitem').filter({ has: marked }).textContent()).toContain(member.name);
    await page.goto(`/sessions/${sessionId}`);
    await page.getByRole('button', { name: 'Take a seat' }).click();
    await page.getByText('Your seat is confirmed').waitFor();
    const outsider = await buildPerson(t.database.db, { org: p.org });
    const listed = await call(api, 'GET', `/api/sessions?moduleId=${p.module.id}`, { cookie: await t.cookieFor(outsider) });
    expect(listed.body.items).toEqual([]);
  });
});
