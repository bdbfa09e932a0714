// A full session's waiting list in Chromium: a fifth employee joins the line on the session's page
// and sees their place; one of the four gives up their seat on theirs; the fifth holds it at once,
// is mailed the confirmation with the invitation, and My sessions shows the booking, no longer the
// line. Someone at their limit of upcoming bookings may join too, and is told that a freed seat
// passes them by while they hold that many. German on a phone for the line; axe on each state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoursAfterReference } from '../dates.ts';
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
    // A full session's action is the waiting list: no seat to take, not even a disabled button.
    expect(await fifthPage.getByRole('button', { name: 'Platz nehmen' }).count()).toBe(0);
    expect(await fifthPage.getByTestId('waitlist-held-back').count()).toBe(0);
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

  it('lets someone at their limit join, saying that a freed seat goes to the next in line while they hold that many', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db, { max_future_bookings: 2 });
    const full = await buildSession(db, { org, module: await buildModule(db, { org, title: 'Handling conflict' }), capacity: 1 });
    await buildBooking(db, { session: full });
    const emma = await buildPerson(db, { org, name: 'Emma Employee' });
    // On other days: her limit, not an overlap, is what holds her back.
    for (const [i, title] of ['Time management', 'Giving feedback'].entries()) {
      const session = await buildSession(db, { org, module: await buildModule(db, { org, title }), startsAt: hoursAfterReference(72 + 48 * i) });
      await buildBooking(db, { session, person: emma });
    }

    const page = await signedIn(emma);
    await page.goto(`/sessions/${full.id}`);
    const note = page.getByTestId('waitlist-held-back');
    await note.getByText('You hold 2 upcoming bookings, the most allowed at a time. You can still join the waiting list, but while you hold that many, a freed seat goes to the next person in line.', { exact: false }).waitFor();
    // Said once, by the waiting list, and no seat on offer.
    expect(await page.getByTestId('seat-refusal').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Take a seat' }).count()).toBe(0);
    await expectAccessible(page, 'a full session at one’s limit');
    await page.getByRole('button', { name: 'Join the waiting list for Handling conflict' }).click();
    await page.getByText('You are number 1 in line').waitFor();
    await note.getByText('You hold 2 upcoming bookings, the most allowed at a time: while you do, a freed seat goes to the next person in line. You keep your place', { exact: false }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'My sessions' }).click();
    const line = page.getByRole('region', { name: 'Waiting lists' }).getByRole('article', { name: 'Handling conflict' });
    await line.getByText('You are number 1 in line').waitFor();
    await line.getByText(/^You hold 2 upcoming bookings, the most allowed at a time: while you do, a freed seat goes to the next person in line\. You keep your place/).waitFor();
    await expectAccessible(page, 'My sessions, in line at one’s limit');
    await screenshot(page, 'waiting-list-at-limit');
  });
});
