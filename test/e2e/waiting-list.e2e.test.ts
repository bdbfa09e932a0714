// A full session's waiting list in Chromium: a fifth employee joins the line on the session's page
// and sees their place; one of the four gives up their seat on theirs; the fifth holds it at once,
// is mailed the confirmation with the invitation, and My sessions shows the booking, no longer the
// line. German on a phone for the line; axe on each state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let seated: PersonRow[];
let fifth: PersonRow;
let sessionId: string;
const TITLE = 'Running effective one-to-ones';

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const module = await buildModule(db, { org, title: TITLE });
  const session = await buildSession(db, { org, module, capacity: 4 });
  sessionId = session.id;
  seated = await Promise.all([1, 2, 3, 4].map(() => buildPerson(db, { org })));
  for (const person of seated) await buildBooking(db, { session, person });
  fifth = await buildPerson(db, { org, name: 'Fiona Fifth', locale: 'de' });
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, o: { locale?: string; phone?: boolean } = {}): Promise<Page> {
  const opened = await openPage(browser, t.baseUrl, { locale: o.locale ?? 'en-GB', ...(o.phone && { viewport: { width: 390, height: 844 } }) });
  tabs.push(opened);
  await signInByMail(t, opened.page, person.email);
  const notice = opened.page.getByRole('dialog').getByRole('button', { name: 'OK', exact: true });
  await notice.click();
  await notice.waitFor({ state: 'detached' });
  return opened.page;
}

describe('the waiting list', () => {
  let fifthPage: Page;

  it('takes a fifth employee in line on a full session, on a German phone, showing their place', async () => {
    fifthPage = await signedIn(fifth, { locale: 'de-DE', phone: true });
    await fifthPage.goto(`/sessions/${sessionId}`);
    await fifthPage.getByRole('button', { name: `Auf die Warteliste für ${TITLE}` }).click();
    await fifthPage.getByText('Sie sind Nummer 1 auf der Warteliste').waitFor();
    await fifthPage.getByRole('status').filter({ hasText: 'Sie stehen auf der Warteliste' }).waitFor();
    expect(await fifthPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(fifthPage, 'a place on the waiting list, German phone');
    await screenshot(fifthPage, 'waiting-list-phone-de');
    const line = await t.database.db.selectFrom('waitlist_entries').where('session_id', '=', sessionId).select(['person_id', 'status']).execute();
    expect(line).toEqual([{ person_id: fifth.id, status: 'waiting' }]);
  });

  it('gives the seat to the fifth the moment one of the four gives theirs up, and mails them the confirmation', async () => {
    const mailsBefore = t.mailbox.to(fifth.email).length;
    const page = await signedIn(seated[0]!);
    await page.goto(`/sessions/${sessionId}`);
    await page.getByRole('button', { name: `Give up seat in ${TITLE}` }).click();
    await page.getByRole('button', { name: 'Yes, give up my seat' }).click();
    await page.getByRole('status').filter({ hasText: 'Your seat is given up' }).waitFor();

    const seats = await t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('status', '=', 'active').select('person_id').execute();
    expect(seats.map((s) => s.person_id).sort()).toEqual([...seated.slice(1).map((p) => p.id), fifth.id].sort());
    await expect.poll(() => t.mailbox.to(fifth.email).length, { timeout: 30_000 }).toBe(mailsBefore + 1);
    const mail = t.mailbox.to(fifth.email).at(-1)!;
    const invitation = mail.attachments.find((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics');
    expect(invitation?.content.toString('utf8')).toMatch(/METHOD:REQUEST/);

    await fifthPage.goto('/my-sessions');
    await fifthPage.getByRole('heading', { name: TITLE }).first().waitFor();
    await fifthPage.getByText('Sie stehen auf keiner Warteliste.').waitFor();
    await expectAccessible(fifthPage, 'My sessions after the promotion');
  });
});
