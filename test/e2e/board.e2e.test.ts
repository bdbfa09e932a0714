// The loop closed in the browser: an admin appoints a suggestion owner and assigns a group's
// suggestion to her; she plans it with a response; a participant of that session reads the
// response on "My sessions" and in the week's digest mail, in German. The session ended yesterday: suggestions are recorded
// after a session, which the product compares with the real clock.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueWeeklyDigests } from '../../src/features/notifications/loop/queries.ts';
import { digestWeek } from '../../src/features/notifications/loop/schedule.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let admin: PersonRow;
let owner: PersonRow;
let participant: PersonRow;
let campaignSession: { id: string; org_id: string; module_id: string };
const RESPONSE = 'Ab März hängt an jeder Linie eine Übergabe-Checkliste. Danke für die Idee!';

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const org = await buildOrganisation(db);
  admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Alma Admin' });
  owner = await buildPerson(db, { org, name: 'Olivia Owner', department: 'Operations' });
  participant = await buildPerson(db, { org, name: 'Paul Teilnehmer', locale: 'de' });
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
  const module = await buildModule(db, { org, title: 'Continuous Improvement' });
  const session = await buildSession(db, { org, coach, module, startsAt: new Date(Date.now() - 26 * 3_600_000) });
  await buildBooking(db, { session, person: participant });
  campaignSession = session;
  const manufacturing = await db.selectFrom('suggestion_categories').where('org_id', '=', org.id).where('name_en', '=', 'Manufacturing processes')
    .select('id').executeTakeFirstOrThrow();
  await db.insertInto('suggestions').values([
    { org_id: org.id, session_id: session.id, module_id: module.id, title: 'Shift handover checklist', body: 'One page, the same on every line.', category_id: manufacturing.id, area: 'Production' },
    { org_id: org.id, session_id: session.id, module_id: module.id, title: 'Fewer status meetings', body: 'Written updates on Mondays instead.' },
  ]).execute();
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, locale = 'en-GB') {
  const tab = await openPage(browser, t.baseUrl, { locale });
  tabs.push(tab);
  await signInByMail(t, tab.page, person.email);
  return tab.page;
}

describe('the suggestion board', () => {
  it('lets an admin appoint an owner and assign her a suggestion', async () => {
    const page = await signedIn(admin);
    await page.goto('/admin/suggestions');
    const appoint = page.getByRole('form', { name: 'Appoint an owner' });
    await appoint.getByLabel('Find a person').fill('Olivia');
    await appoint.getByRole('combobox', { name: /^Person/ }).selectOption({ label: `Olivia Owner (${owner.email})` });
    await appoint.getByLabel('Manufacturing processes').check();
    await appoint.getByRole('button', { name: 'Appoint an owner' }).click();
    await page.getByRole('rowheader', { name: 'Olivia Owner' }).waitFor();

    await page.getByRole('link', { name: 'Suggestions', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Suggestion board' }).waitFor();
    await page.getByText('2 suggestions').waitFor();
    await expectAccessible(page, 'the board');
    await page.getByRole('link', { name: 'Shift handover checklist' }).click();
    await page.getByRole('heading', { level: 1, name: 'Shift handover checklist' }).waitFor();
    await page.getByLabel('Owner').selectOption({ label: 'Olivia Owner' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. The group will read the outcome.').waitFor();
    await screenshot(page, 'board-item-admin');
    await expectAccessible(page, 'a suggestion on the board');
  });

  it('lets the owner plan it with a response, and keeps notes from the group', async () => {
    const page = await signedIn(owner);
    await page.getByRole('link', { name: 'Suggestions', exact: true }).click();
    await page.getByLabel('Owner').selectOption({ label: 'Assigned to me' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('1 suggestion', { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Fewer status meetings' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Shift handover checklist' }).click();
    // The list has a Status filter too: until the suggestion's page is shown, "Status" is that one.
    await page.getByRole('heading', { level: 1, name: 'Shift handover checklist' }).waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Planned' });
    await page.getByLabel('Response to the group').fill(RESPONSE);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. The group will read the outcome.').waitFor();
    await page.getByLabel('Note', { exact: true }).fill('Ask the plant managers about the template first.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Ask the plant managers about the template first.').waitFor();
    const stored = await t.database.db.selectFrom('suggestions').where('title', '=', 'Shift handover checklist')
      .select(['status', 'response', 'owner_id', 'first_response_at']).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'planned', response: RESPONSE, owner_id: owner.id });
    expect(stored.first_response_at).not.toBeNull();
  });

  it('shows the participant what became of it on "My sessions", in German, without the notes', async () => {
    const page = await signedIn(participant, 'de-DE');
    await page.goto('/my-sessions');
    await page.getByRole('button', { name: 'Vergangen' }).click();
    await page.getByText('Die 2 Vorschläge Ihrer Gruppe und was daraus wurde').click();
    await page.getByText(RESPONSE).waitFor();
    const outcome = await page.locator('.group-outcome').textContent();
    expect(outcome).toContain('Geplant');
    expect(outcome).not.toContain('plant managers');
    expect(outcome).not.toContain('Olivia');
    await screenshot(page, 'my-sessions-outcome-de');
    await expectAccessible(page, 'my sessions with the group’s outcome, German');
  });

  it('mails the participant the week’s digest in German, whose link opens the past sessions with the response', async () => {
    await queueWeeklyDigests(t.database.db, digestWeek(new Date()));
    const mail = await t.mailbox.waitFor((m) => t.mailbox.to(participant.email).includes(m) && m.subject === 'Was aus einem Vorschlag Ihrer Gruppe wurde', 15_000);
    const text = String(mail.text);
    expect(text).toContain('„Shift handover checklist“');
    expect(text).toContain(`Die Antwort: ${RESPONSE}`);
    expect(text).not.toContain('Fewer status meetings');
    expect(text).not.toContain('Olivia');
    const link = text.match(/https?:\/\/\S+\/my-sessions\?view=past/)?.[0];
    expect(link?.startsWith(t.baseUrl)).toBe(true);
    const page = await signedIn(participant, 'de-DE');
    await page.goto(link!);
    await page.getByRole('button', { name: 'Vergangen', pressed: true }).waitFor();
    await page.getByText('Die 2 Vorschläge Ihrer Gruppe und was daraus wurde').click();
    await page.getByText(RESPONSE).waitFor();
  });

  it('shows a module’s campaign over the days the admin chooses', async () => {
    const DAY = 86_400_000;
    // Three suggestions of an earlier round of the campaign, ten weeks ago.
    await t.database.db.insertInto('suggestions').values([1, 2, 3].map((n) => ({
      org_id: campaignSession.org_id, session_id: campaignSession.id, module_id: campaignSession.module_id,
      title: `Earlier round ${n}`, created_at: new Date(Date.now() - 70 * DAY),
    }))).execute();
    const page = await signedIn(admin);
    await page.goto(`/board/campaigns?module=${campaignSession.module_id}`);
    await page.getByRole('heading', { level: 1, name: 'Campaign view' }).waitFor();
    const suggestions = page.locator('dl.figures > div').filter({ has: page.locator('dt', { hasText: /^Suggestions$/ }) }).locator('dd');
    await expect.poll(() => suggestions.textContent()).toBe('5');

    // The last six weeks: a day ahead as the end, whatever the zones of this machine and the organisation.
    const day = (at: number) => new Date(at).toISOString().slice(0, 10);
    const range = page.getByRole('form', { name: 'Days of the campaign' });
    await range.getByLabel('From').fill(day(Date.now() - 42 * DAY));
    await range.getByLabel('Until').fill(day(Date.now() + DAY));
    await range.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => suggestions.textContent()).toBe('2');
    expect(new URL(page.url()).searchParams.get('from')).toBe(day(Date.now() - 42 * DAY));
    await expectAccessible(page, 'the campaign view over six weeks');
  });
});
