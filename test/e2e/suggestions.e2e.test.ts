// The end of a session on a phone: the coach reads the module's question to the group and records
// its suggestions; a half-typed one survives a reload; a participant reads them in German, with
// no author anywhere. The window opens at the session's start, compared with the real clock, so
// the session here ended half an hour ago.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

const PHONE = { width: 375, height: 740 };
const QUESTION_EN = 'What could our company change so that improvement ideas are tried out within a month?';
const QUESTION_DE = 'Was sollte unser Unternehmen ändern, damit Verbesserungsideen innerhalb eines Monats ausprobiert werden?';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let coach: PersonRow;
let participant: PersonRow;
let sessionId: string;

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const org = await buildOrganisation(db);
  coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Clara Coach' });
  participant = await buildPerson(db, { org, name: 'Paul Participant', locale: 'de' });
  const module = await buildModule(db, { org, title: 'Continuous Improvement' });
  await db.updateTable('modules').set({ reflection_question_en: QUESTION_EN, reflection_question_de: QUESTION_DE }).where('id', '=', module.id).execute();
  const session = await buildSession(db, { org, coach, module, startsAt: new Date(Date.now() - 2 * 3_600_000) });
  sessionId = session.id;
  await buildBooking(db, { session, person: participant });
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, locale = 'en-GB') {
  const tab = await openPage(browser, t.baseUrl, { viewport: PHONE, locale });
  tabs.push(tab);
  await signInByMail(t, tab.page, person.email);
  return tab.page;
}

describe("the group's suggestions", () => {
  it('are recorded by the coach on a phone, three of them, and a draft survives a reload', async () => {
    const page = await signedIn(coach);
    await page.goto('/coach');
    await page.getByRole('button', { name: 'Past' }).click();
    await page.getByRole('link', { name: /Record the group’s suggestions for Continuous Improvement/ }).click();
    await page.getByRole('heading', { name: "The group's suggestions" }).waitFor();
    await expect.poll(() => page.locator('blockquote').textContent()).toBe(QUESTION_EN);
    // The closing time carries its zone, as every other time on the pages does.
    expect(await page.getByText(/^Suggestions can be recorded until /).textContent()).toMatch(/ until \w{3}, \d{1,2} \w{3} \d{4}, \d\d:\d\d (?:[A-Z]{2,5}|GMT[+-][\d:]+|UTC)\.$/);

    const form = page.getByRole('form', { name: 'Add a suggestion' });
    const ideas = [
      { title: 'Shorter approval path for tool purchases', body: 'Below 500 € the team lead decides.', category: 'Office efficiency', area: 'Purchasing' },
      { title: 'Shift handover checklist', body: 'One page, the same on every line.', category: 'Manufacturing processes', area: 'Plant 2' },
      { title: '<script>alert(1)</script> stays text', body: 'Typed by the group as a joke.', category: '', area: '' },
    ];
    for (const idea of ideas) {
      await form.getByLabel('Title').fill(idea.title);
      await form.getByLabel('What could the organisation do better?').fill(idea.body);
      if (idea.category) await form.getByLabel('Category').selectOption({ label: idea.category });
      if (idea.area) await form.getByLabel('Department or area (optional)').fill(idea.area);
      await form.getByRole('button', { name: 'Save suggestion' }).click();
      await page.getByRole('heading', { level: 3, name: idea.title }).waitFor();
      await expect.poll(() => form.getByLabel('Title').inputValue()).toBe('');
    }
    expect(await page.locator('ol.suggestion-list > li').count()).toBe(3);

    // Half-typed, then the page is reloaded (a lost connection, a closed tab): the text is back.
    await form.getByLabel('Title').fill('Visual board at every line');
    await form.getByLabel('What could the organisation do better?').fill('Half of what we wanted to');
    await page.reload();
    await page.getByRole('heading', { name: "The group's suggestions" }).waitFor();
    await expect.poll(() => form.getByLabel('Title').inputValue()).toBe('Visual board at every line');
    expect(await form.getByLabel('What could the organisation do better?').inputValue()).toBe('Half of what we wanted to');
    await page.getByText('Your unsaved draft was restored.').waitFor();

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'suggestions-coach-phone');
    await expectAccessible(page, 'suggestions on the coach phone');

    const stored = await t.database.db.selectFrom('suggestions').where('session_id', '=', sessionId).select(['title', 'area']).orderBy('created_at').execute();
    expect(stored.map((s) => s.title)).toEqual(ideas.map((i) => i.title));
  });

  it('are read by a participant in German, with no author named', async () => {
    const page = await signedIn(participant, 'de-DE');
    await page.goto(`/sessions/${sessionId}`);
    await page.getByRole('heading', { name: 'Vorschläge der Gruppe' }).waitFor();
    await expect.poll(() => page.locator('blockquote').textContent()).toBe(QUESTION_DE);
    await page.getByRole('heading', { level: 3, name: 'Shift handover checklist' }).waitFor();
    const panel = await page.locator('section.suggestions').textContent();
    expect(panel).toContain('<script>alert(1)</script> stays text');
    expect(panel).toContain('Fertigungsprozesse');
    expect(panel).not.toContain('Clara Coach');
    // The organisation has not let participants record: no form for them.
    expect(await page.getByRole('form', { name: 'Vorschlag hinzufügen' }).count()).toBe(0);
    await screenshot(page, 'suggestions-participant-de');
    await expectAccessible(page, 'suggestions for a participant, German');
  });

  it('offer the coach no change or removal of one the board has taken up while it is still new', async () => {
    const db = t.database.db;
    const session = await db.selectFrom('sessions').where('id', '=', sessionId).select(['org_id', 'module_id']).executeTakeFirstOrThrow();
    // Assigned, or answered, on the board: status new all the same, and the API refuses the group.
    await db.insertInto('suggestions').values([
      { org_id: session.org_id, session_id: sessionId, module_id: session.module_id, title: 'Assigned on the board', owner_id: coach.id },
      { org_id: session.org_id, session_id: sessionId, module_id: session.module_id, title: 'Answered on the board', response: 'We will see', first_response_at: new Date() },
    ]).execute();
    const page = await signedIn(coach);
    await page.goto(`/sessions/${sessionId}`);
    await page.getByRole('heading', { level: 3, name: 'Answered on the board' }).waitFor();
    await page.getByRole('button', { name: 'Change “Shift handover checklist”' }).waitFor();
    for (const title of ['Assigned on the board', 'Answered on the board']) {
      expect(await page.getByRole('button', { name: `Change “${title}”` }).count(), title).toBe(0);
      expect(await page.getByRole('button', { name: `Remove “${title}”` }).count(), title).toBe(0);
    }
  });
});
