// An employee's pages beyond taking a seat: moving and calendar files, the week view and filters,
// a session that has taken place and the ratings given, the profile's time zone, and a dropped
// connection.
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot } from './browser.ts';

let t: E2eApp;
let browser: Browser;
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const berlin = (days: number, hour: number) => DateTime.now().setZone('Europe/Berlin').plus({ days }).startOf('day').set({ hour });

describe('an employee', () => {
  it('moves a seat to another session of the module, and takes it home as a calendar file and a feed', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const emma = await buildPerson(db, { org, site: 'Hamburg' });
    const module = await buildModule(db, { org, title: 'Time management' });
    const first = await buildSession(db, { org, module, startsAt: berlin(5, 10).toJSDate() });
    const lisbon = await buildRoom(db, { org, site: 'Lisbon' });
    const second = await buildSession(db, { org, module, room: lisbon, format: 'in_person', startsAt: berlin(12, 15).toJSDate() });
    await buildBooking(db, { session: first, person: emma });

    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, emma.email);
    await page.goto('/my-sessions');
    await page.getByRole('heading', { name: 'Time management' }).waitFor();

    // The calendar file of the booking, as the browser downloads it.
    const link = page.getByRole('link', { name: 'Add Time management to calendar (.ics file)' });
    const ics = await page.request.get((await link.getAttribute('href'))!);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain('Time management');

    // The feed: its address is shown once and works without a cookie.
    await page.getByRole('button', { name: 'Make my feed address' }).click();
    const address = await page.getByLabel('Feed address').inputValue();
    expect(address).toMatch(new RegExp(`^${t.baseUrl}/calendar/[\\w-]+\\.ics$`));
    const feed = await fetch(address.replace(t.baseUrl, t.url));
    expect(await feed.text()).toContain('Time management');
    await expectAccessible(page, 'my sessions with the feed');

    // Move to the other session of the module.
    await page.getByRole('button', { name: 'Move seat in Time management to another session' }).click();
    const target = page.getByLabel('Move to');
    await target.locator('option', { hasText: '15:00' }).waitFor({ state: 'attached' });
    // The other session meets in Lisbon: said in the choice and, once chosen, as on its page.
    expect(await target.locator('option', { hasText: '15:00' }).textContent()).toContain('In Lisbon, not your site');
    await target.selectOption({ index: 1 });
    await page.getByText('This session meets in person in Lisbon; your site is Hamburg.', { exact: false }).waitFor();
    await expectAccessible(page, 'moving to another site');
    await page.getByRole('button', { name: 'Move my seat' }).click();
    await page.getByRole('status').filter({ hasText: 'Your seat has moved.' }).waitFor();
    const active = await db.selectFrom('bookings').where('person_id', '=', emma.id).where('status', '=', 'active').select('session_id').execute();
    expect(active).toEqual([{ session_id: second.id }]);
    await page.getByText(/15:00–16:30/).first().waitFor();
    expect(errors).toEqual([]);
  });

  it('sees each of two seats whose sessions came to overlap flagged, naming the other, and no other seat', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const ida = await buildPerson(db, { org });
    // The service refuses overlapping seats; a coach moving a session's time can still make them.
    const [negotiating, storytelling, listening] = [
      await buildSession(db, { org, module: await buildModule(db, { org, title: 'Negotiating' }), startsAt: berlin(6, 10).toJSDate() }),
      await buildSession(db, { org, module: await buildModule(db, { org, title: 'Storytelling' }), startsAt: berlin(6, 11).toJSDate() }),
      await buildSession(db, { org, module: await buildModule(db, { org, title: 'Listening' }), startsAt: berlin(8, 10).toJSDate() }),
    ];
    for (const session of [negotiating!, storytelling!, listening!]) await buildBooking(db, { session, person: ida });

    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, ida.email);
    await page.goto('/my-sessions');
    await page.getByRole('heading', { name: 'Listening' }).waitFor();
    await page.getByText('This overlaps your seat in Storytelling: please give one of the two back.').waitFor();
    await page.getByText('This overlaps your seat in Negotiating: please give one of the two back.').waitFor();
    expect(await page.getByText(/^This overlaps your seat/).count()).toBe(2);
    await expectAccessible(page, 'my sessions with overlapping seats');
    expect(errors).toEqual([]);
  });

  it('sees a week at a time and filters by format, site and language', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const lena = await buildPerson(db, { org });
    const hamburg = await buildRoom(db, { org, site: 'Hamburg' });
    const lisbon = await buildRoom(db, { org, site: 'Lisbon', timeZone: 'Europe/Lisbon' });
    const monday = DateTime.now().setZone('Europe/Berlin').plus({ weeks: 2 }).startOf('week');
    const hh = await buildModule(db, { org, title: 'Hamburg topic' });
    const lx = await buildModule(db, { org, title: 'Lisbon topic' });
    const online = await buildModule(db, { org, title: 'Online topic', language: 'de' });
    await buildSession(db, { org, module: hh, room: hamburg, startsAt: monday.set({ hour: 9 }).toJSDate() });
    await buildSession(db, { org, module: lx, room: lisbon, timeZone: 'Europe/Lisbon', startsAt: monday.plus({ days: 2 }).set({ hour: 11 }).toJSDate() });
    await buildSession(db, { org, module: online, language: 'de', startsAt: monday.plus({ days: 4 }).set({ hour: 16 }).toJSDate() });

    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, lena.email);
    // Without a date the week opens on the first week with sessions (two weeks ahead, not this
    // week's empty days), and the From field shows the same day as the grid.
    await page.goto('/sessions?view=week');
    await page.getByRole('heading', { name: `Week of ${monday.setLocale('en-GB').toFormat('cccc d LLL')}` }).waitFor();
    await expect.poll(() => page.getByRole('form', { name: 'Filter sessions' }).getByLabel('From').inputValue()).toBe(monday.toISODate());
    await page.goto(`/sessions?view=week&date=${monday.toISODate()}`);
    const wednesday = page.getByRole('region', { name: monday.plus({ days: 2 }).setLocale('en-GB').toFormat('cccc d LLL') });
    await wednesday.getByRole('link', { name: /Lisbon topic/ }).waitFor();
    await expectAccessible(page, 'week view');
    await screenshot(page, 'employee-week');
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('heading', { name: `Week of ${monday.plus({ weeks: 1 }).setLocale('en-GB').toFormat('cccc d LLL')}` }).waitFor();

    // The week the view opened on is its place, not a filter: back in the list nothing is set, and
    // every session from today shows.
    await page.goto('/sessions?view=week');
    await page.getByRole('heading', { name: `Week of ${monday.setLocale('en-GB').toFormat('cccc d LLL')}` }).waitFor();
    await page.getByText('Filters', { exact: true }).waitFor();
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'List' }).click();
    await page.getByRole('link', { name: 'Online topic' }).waitFor();
    await page.getByText('Filters', { exact: true }).waitFor();
    expect(await page.getByText(/Filters \(\d+ set\)/).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Filter sessions' }).getByLabel('From').inputValue()).toBe('');
    expect(new URL(page.url()).search).toBe('');

    await page.goto('/sessions');
    await page.getByRole('link', { name: 'Hamburg topic' }).waitFor();
    const filters = page.getByRole('form', { name: 'Filter sessions' });
    await filters.getByLabel('Site').selectOption('Lisbon');
    await expect.poll(() => page.getByRole('link', { name: /topic/ }).allTextContents()).toEqual(['Lisbon topic']);
    await filters.getByLabel('Site').selectOption('');
    await filters.getByLabel('Format').selectOption('virtual');
    await expect.poll(() => page.getByRole('link', { name: /topic/ }).allTextContents()).toEqual(['Online topic']);
    await filters.getByLabel('Format').selectOption('');
    await filters.getByLabel('Language').selectOption('en');
    await expect.poll(() => page.getByRole('link', { name: /topic/ }).allTextContents()).toEqual(['Hamburg topic', 'Lisbon topic']);
    await filters.getByLabel('Language').selectOption('');
    await filters.getByLabel('Time of day').selectOption('afternoon');
    await expect.poll(() => page.getByRole('link', { name: /topic/ }).allTextContents()).toEqual(['Online topic']);
    await page.getByText('Filters (1 set)').waitFor();
    await filters.getByLabel('Time of day').selectOption('morning');
    await expect.poll(() => page.getByRole('link', { name: /topic/ }).allTextContents()).toEqual(['Hamburg topic', 'Lisbon topic']);
    // Lena works in Hamburg: the Lisbon session says so in the list and warns before she takes a seat.
    const lisbonCard = page.getByRole('article', { name: 'Lisbon topic' });
    await lisbonCard.getByText('In Lisbon, not your site').waitFor();
    expect(await page.getByRole('article', { name: 'Hamburg topic' }).getByText(/not your site/).count()).toBe(0);
    await lisbonCard.getByRole('link', { name: 'Lisbon topic' }).click();
    await page.getByText('This session meets in person in Lisbon; your site is Hamburg.', { exact: false }).waitFor();
    expect(errors).toEqual([]);
  });

  it('sees a session that has taken place as taken part in, not as on offer, and every rating they gave', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db, { participants_visible: true });
    const noah = await buildPerson(db, { org, name: 'Noah Keller' });
    const other = await buildPerson(db, { org, name: 'Olga Berg' });
    const daysAgo = (days: number) => DateTime.now().minus({ days }).startOf('hour').toJSDate();
    // Three weeks ago, attended and rated then; three days ago, nothing recorded yet.
    const old = await buildSession(db, { org, module: await buildModule(db, { org, title: 'Conflict skills' }), startsAt: daysAgo(21), capacity: 2 });
    const recent = await buildSession(db, { org, module: await buildModule(db, { org, title: 'Coaching basics' }), startsAt: daysAgo(3), capacity: 2 });
    for (const session of [old, recent]) {
      await buildBooking(db, { session, person: noah });
      await buildBooking(db, { session, person: other });
    }
    await db.updateTable('bookings').set({ status: 'attended', attendance_marked_at: new Date(), attendance_marked_by: old.coach_id })
      .where('session_id', '=', old.id).where('person_id', '=', noah.id).execute();
    await db.insertInto('session_ratings').values({ org_id: org.id, session_id: old.id, person_id: noah.id, rating: 4, comment: 'Good role plays' }).execute();
    await db.insertInto('session_ratings').values({ org_id: org.id, session_id: old.id, person_id: other.id, rating: 1, comment: 'Olga says no' }).execute();

    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, noah.email);
    await page.goto(`/sessions/${old.id}`);
    await page.getByRole('heading', { level: 1, name: 'Conflict skills' }).waitFor();
    await page.getByText('You took part.').waitFor();
    await page.getByRole('heading', { name: 'Participants' }).waitFor();
    expect(await page.getByText('Who is coming').count()).toBe(0);
    expect(await page.getByText('You have a seat').count()).toBe(0);
    expect(await page.locator('dl.facts dt').allTextContents()).not.toContain('Seats');
    await expectAccessible(page, 'a session taken part in');
    await page.getByRole('main').getByRole('link', { name: 'My sessions', exact: true }).click();
    await page.waitForURL(/\/my-sessions\?view=past$/);

    // The rating given three weeks ago stays shown, as the one that can still be given is offered.
    const oldCard = page.getByRole('article', { name: 'Conflict skills' });
    await oldCard.getByText('Your rating: 4 of 5 · your comment: “Good role plays”').waitFor();
    expect(await oldCard.getByRole('radio').count()).toBe(0);
    await page.getByRole('article', { name: 'Coaching basics' }).getByText('Rate this session').waitFor();
    expect(await page.getByText('Olga says no').count()).toBe(0);
    await expectAccessible(page, 'past sessions with ratings');

    await page.goto(`/sessions/${recent.id}`);
    await page.getByText('You had a seat; attendance has not been recorded.').waitFor();
    expect(errors).toEqual([]);
  });

  it('changes their time zone and language in the profile, and every time follows', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const daniel = await buildPerson(db, { org, name: 'Daniel Brooks' });
    const start = berlin(6, 10);
    const session = await buildSession(db, { org, startsAt: start.toJSDate() });
    const { page, errors } = await openPage(browser, t.baseUrl, { timezoneId: 'America/New_York' });
    await signInByMail(t, page, daniel.email);
    await page.goto(`/sessions/${session.id}`);
    await page.getByText('10:00–11:30').first().waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).click();
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.getByLabel('Language').last().selectOption('de');
    await expectAccessible(page, 'profile');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
    await screenshot(page, 'profile-de');
    const ny = start.setZone('America/New_York');
    await page.goto(`/sessions/${session.id}`);
    await page.getByText(`${ny.toFormat('HH:mm')}–${ny.plus({ minutes: 90 }).toFormat('HH:mm')}`).first().waitFor();
    await page.getByText(/10:00–11:30 .* in Europe\/Berlin/).waitFor();
    expect(await db.selectFrom('people').where('id', '=', daniel.id).select(['time_zone', 'locale']).executeTakeFirst()).toEqual({ time_zone: 'America/New_York', locale: 'de' });
    expect(errors).toEqual([]);
  });

  it('is told when the connection drops, and what happened to the seat they tried to take', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const mia = await buildPerson(db, { org });
    const session = await buildSession(db, { org });
    const { page, context } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, mia.email);
    await page.goto(`/sessions/${session.id}`);
    await page.getByRole('button', { name: 'Take a seat' }).waitFor();
    await context.setOffline(true);
    await page.getByRole('alert').filter({ hasText: 'You are offline' }).waitFor();
    await page.getByRole('button', { name: 'Take a seat' }).click();
    await page.getByRole('alert').filter({ hasText: 'Quartet could not be reached' }).waitFor();
    await screenshot(page, 'offline');
    expect(await db.selectFrom('bookings').where('session_id', '=', session.id).select('id').execute()).toEqual([]);
    await context.setOffline(false);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'You are offline' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Take a seat' }).click();
    await page.getByRole('status').filter({ hasText: 'Your seat is confirmed' }).waitFor();
  });

  it('an employee can book by keyboard alone', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const emma = await buildPerson(db, { org });
    const session = await buildSession(db, { org });
    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, emma.email);
    await page.goto(`/sessions/${session.id}`);
    const button = page.getByRole('button', { name: 'Take a seat' });
    await button.waitFor();
    // Tab from the top of the page until the button has focus, then press Enter.
    for (let i = 0; i < 30 && !(await button.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Your seat is confirmed' }).waitFor();
    expect(await db.selectFrom('bookings').where('session_id', '=', session.id).where('person_id', '=', emma.id).select('status').executeTakeFirst()).toEqual({ status: 'active' });
    expect(errors).toEqual([]);
  });
});
