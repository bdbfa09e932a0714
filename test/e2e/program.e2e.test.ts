// The whole program in one run, as the issue tells it: an admin and a coach sign in through their
// mails; the coach publishes a session and a 4-week series; five employees sign in through theirs;
// four take the seats of one session and the fifth is told it is full; one of the four gives the
// seat up; the fifth takes it; the coach's roster shows the right four; the coach changes the room;
// the mails that arrive match each step. One employee works in German, one in New York.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModule, buildOrganisation, buildPerson, buildRoom } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const pages: TestPage[] = [];
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const p of pages) expect(p.errors, 'errors in the page').toEqual([]);
  await browser?.close();
});

async function signedIn(email: string, options: Parameters<typeof openPage>[2] = {}): Promise<Page> {
  const p = await openPage(browser, t.baseUrl, options);
  pages.push(p);
  await signInByMail(t, p.page, email);
  return p.page;
}

/** Waits for a mail to `to` whose subject matches. */
const mailTo = (to: string, subject: RegExp) =>
  t.mailbox.waitFor((m) => t.mailbox.to(to).includes(m) && subject.test(m.subject ?? ''), 20_000);

const statusText = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).first().waitFor();
const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name }).click();
const alertText = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text }).first().waitFor();

describe('the program in the browser', () => {
  it('runs from publishing to a full session, a freed seat, the roster and a room change, with the mails of each step', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db, { name: 'Northwind' });
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Katrin Vogel', email: 'katrin@northwind.test' });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Jonas Becker', email: 'jonas@northwind.test' });
    const people = [
      await buildPerson(db, { org, name: 'Emma Schulz', email: 'emma@northwind.test', department: 'Finance' }),
      await buildPerson(db, { org, name: 'Omar Haddad', email: 'omar@northwind.test', department: 'Sales' }),
      await buildPerson(db, { org, name: 'Lena Fischer', email: 'lena@northwind.test', department: 'Logistics', locale: 'de' }),
      await buildPerson(db, { org, name: 'Daniel Brooks', email: 'daniel@northwind.test', department: 'Legal', timeZone: 'America/New_York' }),
      await buildPerson(db, { org, name: 'Mia Wagner', email: 'mia@northwind.test', department: 'Design' }),
    ];
    const [emma, omar, lena, daniel, mia] = people as [typeof admin, typeof admin, typeof admin, typeof admin, typeof admin];
    const feedback = await buildModule(db, { org, title: 'Giving feedback' });
    const meetings = await buildModule(db, { org, title: 'Running better meetings' });
    const elbe = await buildRoom(db, { org, capacity: 6 });
    const alster = await buildRoom(db, { org, capacity: 6 });
    await db.updateTable('rooms').set({ name: 'Elbe' }).where('id', '=', elbe.id).execute();
    await db.updateTable('rooms').set({ name: 'Alster' }).where('id', '=', alster.id).execute();

    // Ten days ahead at 10:00 in Berlin; the series starts the day after at 14:00.
    const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 10 }).startOf('day');
    const start = day.set({ hour: 10 });
    const seriesStart = day.plus({ days: 1 }).set({ hour: 14 });

    const adminPage = await signedIn(admin.email);
    await adminPage.getByRole('navigation').getByRole('link', { name: 'Admin' }).waitFor();

    // The coach publishes one session in Elbe, at a time and zone of their choosing.
    const coachPage = await signedIn(coach.email);
    await nav(coachPage, 'Coaching');
    await coachPage.getByRole('link', { name: 'Publish a session' }).click();
    await coachPage.getByLabel('Search the module library').fill('feedback');
    await coachPage.getByLabel('Choose a module').selectOption(feedback.id);
    await coachPage.getByLabel('Date and start time').fill(start.toFormat("yyyy-MM-dd'T'HH:mm"));
    await coachPage.getByLabel('Time zone').selectOption('Europe/Berlin');
    await coachPage.getByLabel('Room').selectOption(elbe.id);
    await expectAccessible(coachPage, 'coach publish form');
    await screenshot(coachPage, 'coach-publish-form');
    await coachPage.getByRole('button', { name: 'Publish', exact: true }).click();
    await statusText(coachPage, 'Published.');
    const published = await db.selectFrom('sessions').where('module_id', '=', feedback.id).selectAll().executeTakeFirstOrThrow();
    expect(published.starts_at.toISOString()).toBe(start.toUTC().toISO());
    expect(published.room_id).toBe(elbe.id);

    // And a weekly series of four in Alster; every date is checked first.
    await coachPage.goto('/coach/publish');
    await coachPage.getByLabel('Search the module library').fill('meetings');
    await coachPage.getByLabel('Choose a module').selectOption(meetings.id);
    await coachPage.getByLabel('Date and start time').fill(seriesStart.toFormat("yyyy-MM-dd'T'HH:mm"));
    await coachPage.getByLabel('Room').selectOption(alster.id);
    await coachPage.getByRole('checkbox', { name: 'Repeat as a series' }).check();
    await coachPage.getByLabel('How many sessions').fill('4');
    await coachPage.getByRole('button', { name: 'Check the dates' }).click();
    await statusText(coachPage, 'Every date is free.');
    expect(await coachPage.locator('.series-dates li').count()).toBe(4);
    await coachPage.getByRole('button', { name: 'Publish the series' }).click();
    await statusText(coachPage, '4 sessions published.');
    const series = await db.selectFrom('sessions').where('module_id', '=', meetings.id).select(['starts_at', 'series_id']).orderBy('starts_at').execute();
    expect(series.map((s) => s.starts_at.toISOString())).toEqual([0, 1, 2, 3].map((w) => seriesStart.plus({ weeks: w }).toUTC().toISO()));
    expect(new Set(series.map((s) => s.series_id)).size).toBe(1);

    // Five employees sign in through their mails.
    const [emmaPage, omarPage, lenaPage, danielPage, miaPage] = [
      await signedIn(emma.email),
      await signedIn(omar.email),
      await signedIn(lena.email),
      await signedIn(daniel.email, { timezoneId: 'America/New_York', locale: 'en-US' }),
      await signedIn(mia.email),
    ];

    // Emma finds the session in the list and takes a seat.
    await emmaPage.getByRole('link', { name: 'Giving feedback' }).waitFor();
    await expectAccessible(emmaPage, 'open sessions');
    await screenshot(emmaPage, 'employee-sessions');
    await emmaPage.getByRole('link', { name: 'Giving feedback' }).click();
    await emmaPage.getByRole('heading', { level: 1, name: 'Giving feedback' }).waitFor();
    await emmaPage.getByText('4 of 4 seats left').waitFor();
    expect(await emmaPage.title()).toBe('Giving feedback · Quartet');
    await expectAccessible(emmaPage, 'session page');
    await screenshot(emmaPage, 'session-page');
    await emmaPage.getByRole('button', { name: 'Take a seat' }).click();
    await statusText(emmaPage, 'Your seat is confirmed');
    await emmaPage.getByText('3 of 4 seats left').waitFor();

    await omarPage.goto(`/sessions/${published.id}`);
    await omarPage.getByRole('button', { name: 'Take a seat' }).click();
    await statusText(omarPage, 'Your seat is confirmed');

    // Lena works in German: the app follows her locale.
    await lenaPage.getByRole('heading', { name: 'Offene Termine' }).waitFor();
    await expect.poll(() => lenaPage.title()).toBe('Offene Termine · Quartet');
    await lenaPage.getByRole('link', { name: 'Giving feedback' }).click();
    await lenaPage.getByRole('button', { name: 'Platz nehmen' }).click();
    await statusText(lenaPage, 'Ihr Platz ist bestätigt');
    await screenshot(lenaPage, 'session-page-de');

    // Mia opens the page while one seat is left; Daniel, in New York, takes it first.
    await miaPage.goto(`/sessions/${published.id}`);
    await miaPage.getByText('1 of 4 seats left').waitFor();
    const newYork = start.setZone('America/New_York');
    await danielPage.getByText(`${newYork.toFormat('HH:mm')}–${newYork.plus({ minutes: 90 }).toFormat('HH:mm')}`).first().waitFor();
    await danielPage.getByText(/in Europe\/Berlin/).first().waitFor();
    await screenshot(danielPage, 'employee-sessions-new-york');
    await danielPage.getByRole('link', { name: 'Giving feedback' }).click();
    await danielPage.getByRole('button', { name: 'Take a seat' }).click();
    await statusText(danielPage, 'Your seat is confirmed');

    // Mia is told, not left guessing.
    await miaPage.getByRole('button', { name: 'Take a seat' }).click();
    await alertText(miaPage, 'all seats in this session have just been taken');
    await miaPage.getByText('Full', { exact: true }).waitFor();
    await screenshot(miaPage, 'session-full');

    // Omar gives his seat up from My sessions.
    await nav(omarPage, 'My sessions');
    await omarPage.getByRole('button', { name: 'Give up seat in Giving feedback' }).click();
    // Asked first, with the cut-off it implies; nothing is given up until he says yes.
    await omarPage.getByText(/You can give up or move seats until/).waitFor();
    await omarPage.getByRole('button', { name: 'Keep my seat' }).click();
    expect(await omarPage.getByRole('button', { name: 'Yes, give up my seat' }).count()).toBe(0);
    await omarPage.getByRole('button', { name: 'Give up seat in Giving feedback' }).click();
    await omarPage.getByRole('button', { name: 'Yes, give up my seat' }).click();
    await statusText(omarPage, 'Your seat is given up');
    // The given-up booking stands apart from live ones, with no seat count that would read as an offer.
    const ended = omarPage.getByRole('region', { name: /Cancelled, moved or already attended/ });
    await ended.getByText(/you gave up the seat/).waitFor();
    expect(await ended.getByText(/seats? left|Full/).count()).toBe(0);
    await mailTo(omar.email, /^Seat cancelled: Giving feedback/);

    // Mia takes the freed seat.
    await miaPage.reload();
    await miaPage.getByRole('button', { name: 'Take a seat' }).click();
    await statusText(miaPage, 'Your seat is confirmed');
    await nav(miaPage, 'My sessions');
    await miaPage.getByRole('heading', { name: 'Giving feedback' }).waitFor();
    await expectAccessible(miaPage, 'my sessions');
    await screenshot(miaPage, 'my-sessions');
    // Participants do not see each other unless the organisation says so.
    for (const other of [emma, lena, daniel]) expect(await miaPage.content()).not.toContain(other.name);

    // The coach's roster shows the right four.
    await coachPage.goto('/coach');
    const card = coachPage.getByRole('article').filter({ has: coachPage.getByRole('heading', { name: 'Giving feedback' }) });
    const roster = card.getByRole('table');
    await roster.getByRole('cell', { name: 'Mia Wagner' }).waitFor();
    const names = await roster.locator('tbody tr td:first-child').allTextContents();
    expect(names.sort()).toEqual(['Daniel Brooks', 'Emma Schulz', 'Lena Fischer', 'Mia Wagner']);
    await expect.poll(() => card.getByText('Full', { exact: true }).isVisible()).toBe(true);
    await expectAccessible(coachPage, 'coach sessions');
    await screenshot(coachPage, 'coach-sessions');

    // The coach moves the session to Alster.
    await card.getByRole('button', { name: 'Change place, link or note of Giving feedback' }).click();
    await card.getByLabel('Rooms free at that time').selectOption(alster.id);
    await card.getByLabel('Note (e.g. floor, how to find the room)').fill('Second floor, by the kitchen');
    await card.getByRole('button', { name: 'Save changes' }).click();
    await statusText(coachPage, 'Saved; everyone with a seat is told.');
    await card.getByText('Alster', { exact: false }).first().waitFor();
    expect((await db.selectFrom('sessions').where('id', '=', published.id).select('room_id').executeTakeFirstOrThrow()).room_id).toBe(alster.id);

    // The mails match each step.
    for (const person of [emma, daniel, mia]) await mailTo(person.email, /^Seat confirmed: Giving feedback/);
    await mailTo(lena.email, /^Platz bestätigt: Giving feedback/);
    for (const person of [emma, daniel, mia]) await mailTo(person.email, /^Session changed: Giving feedback/);
    await mailTo(lena.email, /^Termin geändert: Giving feedback/);
    expect(t.mailbox.to(omar.email).filter((m) => /changed/i.test(m.subject ?? ''))).toEqual([]);
  });
});
