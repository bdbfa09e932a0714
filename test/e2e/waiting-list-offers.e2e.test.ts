// The waiting list's "offer the seat" mode in Chromium: an admin switches the organisation to
// offers on the settings page; a seat holder gives up a full session's seat; the first in line is
// mailed the offer with its expiry and a link, follows it to My sessions and accepts (the seat is
// theirs, the confirmation comes); the next offer is declined on a German phone and goes on to the
// next in line, mailed in their language. axe on the open offer.
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zoneInDaytime } from '../dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, mainNav, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let org: OrgRow;
let admin: PersonRow;
let seated: PersonRow[];
let first: PersonRow;
let second: PersonRow;
let third: PersonRow;
let sessionId: string;
const TITLE = 'Giving feedback that lands';
const HOURS = 6;
// Where the offer's hours end in the day, whatever the hour of the run: one that would end in the
// person's night is held to 9 the next morning (src/features/waiting-list/offer-ends.ts).
const ZONE = zoneInDaytime(new Date(Date.now() + HOURS * 3_600_000));

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  org = await buildOrganisation(db);
  admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Astrid Admin' });
  const module = await buildModule(db, { org, title: TITLE });
  const session = await buildSession(db, { org, module, capacity: 4 });
  sessionId = session.id;
  seated = await Promise.all([1, 2, 3, 4].map(() => buildPerson(db, { org })));
  for (const person of seated) await buildBooking(db, { session, person });
  first = await buildPerson(db, { org, name: 'Freya First', timeZone: ZONE });
  second = await buildPerson(db, { org, name: 'Sven Zweiter', locale: 'de', timeZone: ZONE });
  third = await buildPerson(db, { org, name: 'Dora Dritte', locale: 'de', timeZone: ZONE });
  // In line in this order, through the API a page calls.
  for (const person of [first, second]) expect((await api('POST', `/api/sessions/${sessionId}/waitlist`, person)).status).toBe(201);
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function api(method: string, path: string, person: PersonRow) {
  return t.request(method, path, { cookie: await t.cookieFor(person), headers: { origin: t.baseUrl } });
}

async function signedIn(person: PersonRow, o: { locale?: string; phone?: boolean } = {}): Promise<Page> {
  const opened = await openPage(browser, t.baseUrl, { locale: o.locale ?? 'en-GB', ...(o.phone && { viewport: { width: 390, height: 844 } }) });
  tabs.push(opened);
  await signInByMail(t, opened.page, person.email);
  const notice = opened.page.getByRole('dialog').getByRole('button', { name: 'OK', exact: true });
  await notice.click();
  await notice.waitFor({ state: 'detached' });
  return opened.page;
}

const line = () => t.database.db.selectFrom('waitlist_entries').where('session_id', '=', sessionId)
  .select(['person_id', 'status', 'offer_expires_at']).orderBy('created_at').execute();
const seatOf = async (person: PersonRow) => (await t.database.db.selectFrom('bookings').where('session_id', '=', sessionId)
  .where('person_id', '=', person.id).where('status', '=', 'active').select('id').executeTakeFirstOrThrow()).id;
const statusOf = async (person: PersonRow) => (await line()).filter((e) => e.person_id === person.id).map((e) => e.status);
const activeSeats = async () => (await t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('status', '=', 'active')
  .select('person_id').execute()).map((b) => b.person_id).sort();

/** The offer mail to the person that arrives after `since` of their mails, and its accept/decline links. */
async function offerMail(person: PersonRow, since: number, subject: RegExp): Promise<{ mail: ParsedMail; text: string; accept: string; decline: string }> {
  const mail = await t.mailbox.waitForTo(person.email, since, (m) => subject.test(m.subject ?? ''), 30_000);
  const text = mail.text ?? '';
  const link = (answer: string) => text.match(new RegExp(`${t.baseUrl}/my-sessions\\?offer=[\\w-]+&answer=${answer}`))?.[0];
  expect(link('accept'), 'accept link in the mail').toBeTruthy();
  expect(link('decline'), 'decline link in the mail').toBeTruthy();
  return { mail, text, accept: link('accept')!, decline: link('decline')! };
}

const offerExpiry = async (person: PersonRow) => (await line()).find((e) => e.person_id === person.id && e.status === 'offered')!.offer_expires_at!;

describe('the waiting list that offers the seat', () => {
  it('is switched to offers for some hours by an admin on the settings page', async () => {
    const page = await signedIn(admin);
    await (await mainNav(page)).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Programme settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Programme settings', exact: true }).waitFor();
    await page.getByRole('radio', { name: /^Offer it to them for a number of hours/ }).check();
    await page.getByLabel('Hours an offered seat is held (1–72)').fill(String(HOURS));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).first().waitFor();
    const stored = await t.database.db.selectFrom('organisations').where('id', '=', org.id).select(['waitlist_mode', 'waitlist_offer_hours']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ waitlist_mode: 'offer', waitlist_offer_hours: HOURS });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Programme settings', exact: true }).waitFor();
    expect(await page.getByRole('radio', { name: /^Offer it to them for a number of hours/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Hours an offered seat is held (1–72)').inputValue()).toBe(String(HOURS));
    await expectAccessible(page, 'settings with offers');
  });

  it('offers a freed seat to the first in line by mail, who accepts it on My sessions; the second still waits', async () => {
    const mailsBefore = t.mailbox.to(first.email).length;
    const before = Date.now();
    expect((await api('POST', `/api/bookings/${await seatOf(seated[0]!)}/cancel`, seated[0]!)).status).toBeLessThan(300);
    const after = Date.now();

    // The seat is held, not given: nobody has it yet, the first holds the offer, the second waits.
    expect(await activeSeats()).toEqual(seated.slice(1).map((p) => p.id).sort());
    expect(await statusOf(first)).toEqual(['offered']);
    expect(await statusOf(second)).toEqual(['waiting']);
    const expires = await offerExpiry(first);
    expect(expires.getTime()).toBeGreaterThanOrEqual(before + HOURS * 3_600_000 - 1_000);
    expect(expires.getTime()).toBeLessThanOrEqual(after + HOURS * 3_600_000 + 1_000);

    const offer = await offerMail(first, mailsBefore, new RegExp(`^A seat is free for you: ${TITLE}, `));
    const until = DateTime.fromJSDate(expires, { zone: ZONE }).setLocale('en');
    expect(offer.text).toContain(TITLE);
    expect(offer.text).toContain(`It is held for you until ${until.toFormat('cccc, d LLLL yyyy, HH:mm')}`);

    const page = await signedIn(first);
    await page.goto(offer.accept);
    const offers = page.getByRole('region', { name: 'A seat is held for you' });
    await offers.getByRole('heading', { name: TITLE }).waitFor();
    const held = await offers.getByText(/^Held for you until /).textContent();
    expect(held).toContain(until.toFormat('HH:mm'));
    expect(held).toContain(until.toFormat('yyyy'));
    await offers.getByText('Confirm with one click: the seat becomes yours').waitFor();
    await expectAccessible(page, 'My sessions with an open offer');
    await screenshot(page, 'waiting-list-offer');

    const confirmations = t.mailbox.to(first.email).length;
    await offers.getByRole('button', { name: `Accept the seat in ${TITLE}` }).click();
    await page.getByRole('status').filter({ hasText: `The seat in ${TITLE} is yours.` }).waitFor();
    expect(await activeSeats()).toEqual([...seated.slice(1).map((p) => p.id), first.id].sort());
    expect(await statusOf(first)).toEqual(['promoted']);
    expect(await statusOf(second)).toEqual(['waiting']);
    await expect.poll(() => t.mailbox.to(first.email).length, { timeout: 30_000 }).toBe(confirmations + 1);
    const confirmation = t.mailbox.to(first.email).at(-1)!;
    expect(confirmation.subject).toMatch(new RegExp(`^Seat from the waiting list: ${TITLE}, `));
    const invitation = confirmation.attachments.find((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics');
    expect(invitation?.content.toString('utf8')).toMatch(/METHOD:REQUEST/);
    // The offer is answered: the page no longer shows it, and the session is among theirs.
    await page.getByRole('button', { name: `Accept the seat in ${TITLE}` }).waitFor({ state: 'detached' });
    await page.getByRole('main').getByRole('heading', { name: TITLE }).first().waitFor();
  });

  it('passes a seat declined on a German phone to the next in line, mailed in their language', async () => {
    expect((await api('POST', `/api/sessions/${sessionId}/waitlist`, third)).status).toBe(201);
    const secondMails = t.mailbox.to(second.email).length;
    const thirdMails = t.mailbox.to(third.email).length;
    expect((await api('POST', `/api/bookings/${await seatOf(seated[1]!)}/cancel`, seated[1]!)).status).toBeLessThan(300);
    expect(await statusOf(second)).toEqual(['offered']);
    expect(await statusOf(third)).toEqual(['waiting']);

    const offer = await offerMail(second, secondMails, new RegExp(`^Ein Platz ist für Sie frei: ${TITLE}, `));
    const until = DateTime.fromJSDate(await offerExpiry(second), { zone: ZONE }).setLocale('de');
    expect(offer.text).toContain(`Er wird bis ${until.toFormat('cccc, d. LLLL yyyy, HH:mm')}`);

    const page = await signedIn(second, { locale: 'de-DE', phone: true });
    await page.goto(offer.decline);
    const offers = page.getByRole('region', { name: 'Ein Platz wird für Sie freigehalten' });
    await offers.getByText(/^Für Sie freigehalten bis .*\d\d:\d\d/).waitFor();
    await offers.getByText('Mit einem Klick bestätigen: Der Platz geht an die nächste Person').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'an open offer, German phone');
    await offers.getByRole('button', { name: `Platz in ${TITLE} ablehnen` }).click();
    await page.getByRole('status').filter({ hasText: `Sie haben den Platz in ${TITLE} abgelehnt` }).waitFor();

    expect(await statusOf(second)).toEqual(['declined']);
    expect(await statusOf(third)).toEqual(['offered']);
    // The seat stays held, now for the third: three bookings and one hold fill the four seats.
    expect(await activeSeats()).toEqual([seated[2]!.id, seated[3]!.id, first.id].sort());
    expect((await t.database.db.selectFrom('sessions').where('id', '=', sessionId).select('seats_taken').executeTakeFirstOrThrow()).seats_taken).toBe(4);
    const next = await offerMail(third, thirdMails, new RegExp(`^Ein Platz ist für Sie frei: ${TITLE}, `));
    expect(next.text).toContain('Er wird bis ');
    // The one who declined waits no more: My sessions, reached through the phone's menu, lists no
    // waiting list and no offer for them.
    await page.goto('/sessions');
    await (await mainNav(page, 'Hauptmenü')).getByRole('link', { name: 'Meine Termine' }).click();
    await page.getByText('Sie stehen auf keiner Warteliste.').waitFor();
    expect(await page.getByRole('region', { name: 'Ein Platz wird für Sie freigehalten' }).count()).toBe(0);
  });
});
