// The coach's pages: a series that runs into a taken room is refused with the conflicting dates
// listed and nothing published (on a phone-sized screen); a session published with the keyboard
// alone; attendance after the session, the list headed as who took part; days away reported on a
// German phone; the area explained, not blank, when its code cannot be loaded.
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

describe('a coach', () => {
  it('lists the dates at fault and publishes nothing', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Jonas Becker' });
    const other = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const module = await buildModule(db, { org, title: 'Negotiation basics' });
    const room = await buildRoom(db, { org, capacity: 6 });
    const first = DateTime.now().setZone('Europe/Berlin').plus({ days: 7 }).startOf('day').set({ hour: 9 });
    // Another coach has the room in the third week, overlapping by half an hour.
    const taken = first.plus({ weeks: 2, hours: 1 });
    await buildSession(db, { org, coach: other, room, startsAt: taken.toJSDate() });

    // A phone-sized screen: the form must still be usable.
    const { page, errors } = await openPage(browser, t.baseUrl, { viewport: { width: 390, height: 844 } });
    await signInByMail(t, page, coach.email);
    await page.goto('/coach/publish');
    await page.getByLabel('Search the module library').fill('negotiation');
    await page.getByLabel('Choose a module').selectOption(module.id);
    await page.getByLabel('Date and start time').fill(first.toFormat("yyyy-MM-dd'T'HH:mm"));
    await page.getByLabel('Room').selectOption(room.id);
    await page.getByRole('checkbox', { name: 'Repeat as a series' }).check();
    await page.getByLabel('How many sessions').fill('4');
    await page.getByRole('button', { name: 'Publish the series' }).click();

    await page.getByRole('alert').filter({ hasText: '1 date cannot be used' }).waitFor();
    const dates = await page.locator('.series-dates li').allTextContents();
    expect(dates).toHaveLength(1);
    expect(dates[0]).toContain('Room taken');
    expect(dates[0]).toContain(first.plus({ weeks: 2 }).setLocale('en').toFormat('d MMM yyyy'));
    expect(await db.selectFrom('sessions').where('module_id', '=', module.id).select('id').execute()).toEqual([]);
    await expectAccessible(page, 'refused series');
    await screenshot(page, 'coach-series-conflict-phone');

    // Checking the dates shows all four, the third at fault.
    await page.getByRole('button', { name: 'Check the dates' }).click();
    await expect.poll(() => page.locator('.series-dates li').count()).toBe(4);
    const checked = await page.locator('.series-dates li').allTextContents();
    expect(checked.map((d) => d.includes('Room taken'))).toEqual([false, false, true, false]);
    expect(errors).toEqual([]);
  });

  it('publishes a session with the keyboard alone', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const module = await buildModule(db, { org, title: 'Keyboard-only facilitation' });
    await buildModule(db, { org, title: 'Something else entirely' });
    const room = await buildRoom(db, { org, capacity: 6 });
    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, coach.email);
    await page.getByRole('heading', { name: 'Open sessions' }).waitFor();

    /** Presses Tab until the focused control is the one named, as a keyboard user would. */
    const tabTo = async (name: string | RegExp, limit = 40) => {
      const seen: string[] = [];
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const e = document.activeElement as HTMLInputElement | null;
          if (!e || e === document.body) return '';
          const label = e.labels?.[0]?.textContent ?? '';
          return (e.getAttribute('aria-label') || label || e.textContent || '').trim();
        });
        seen.push(focused);
        if (typeof name === 'string' ? focused.startsWith(name) : name.test(focused)) return;
      }
      throw new Error(`${String(name)} not reached by Tab; focus went through: ${seen.join(' | ')}`);
    };
    const focusedValue = () => page.evaluate(() => (document.activeElement as HTMLInputElement).value);

    await tabTo('Coaching');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'My sessions as coach' }).waitFor();
    await tabTo('Publish a session');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Publish a session' }).waitFor();

    await tabTo('Search the module library');
    await page.keyboard.type('keyboard');
    await page.getByText('1 module matches').waitFor();
    await expectAccessible(page, 'publish form, no module chosen yet');
    await tabTo('Choose a module');
    await page.keyboard.press('ArrowDown');
    expect(await focusedValue()).toBe(module.id);

    // Chromium's date-time field follows the browser's own language (here US English: month, day,
    // year, then hour, minute, AM/PM), not the page's; a year may have more than four digits, so
    // Tab moves on from it to the hour.
    const start = DateTime.now().setZone('Europe/Berlin').plus({ days: 10 }).startOf('day').set({ hour: 9, minute: 30 });
    await tabTo('Date and start time');
    await page.keyboard.type(start.toFormat('MMddyyyy'));
    await page.keyboard.press('Tab');
    await page.keyboard.type(start.setLocale('en-US').toFormat('hhmma'));
    expect(await focusedValue()).toBe(start.toFormat("yyyy-MM-dd'T'HH:mm"));

    await tabTo('Room');
    await page.keyboard.press('ArrowDown');
    expect(await focusedValue()).toBe(room.id);
    await tabTo('Publish');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Published.' }).waitFor();
    const published = await db.selectFrom('sessions').where('module_id', '=', module.id).select(['room_id', 'starts_at']).execute();
    expect(published).toEqual([{ room_id: room.id, starts_at: start.toJSDate() }]);

    // The confirmation's link is next in the tab order, so the new session is one key away.
    await tabTo('See it', 3);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard-only facilitation' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('records attendance once the session has taken place', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const module = await buildModule(db, { org, title: 'Active listening' });
    const session = await buildSession(db, { org, coach, module, startsAt: new Date(Date.now() - 3 * 3_600_000) });
    const ada = await buildPerson(db, { org, name: 'Ada Lovelace' });
    const alan = await buildPerson(db, { org, name: 'Alan Turing' });
    const [adaSeat, alanSeat] = [await buildBooking(db, { session, person: ada }), await buildBooking(db, { session, person: alan })];
    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, coach.email);
    await page.goto('/coach');
    await page.getByRole('button', { name: 'Past' }).click();
    await page.getByRole('group', { name: 'Attendance of Ada Lovelace' }).getByRole('button', { name: 'Here', exact: true }).click();
    await page.getByRole('group', { name: 'Attendance of Alan Turing' }).getByRole('button', { name: 'Not here' }).click();
    const statusOf = async (id: string) => (await db.selectFrom('bookings').where('id', '=', id).select('status').executeTakeFirstOrThrow()).status;
    await expect.poll(() => statusOf(adaSeat.id)).toBe('attended');
    await expect.poll(() => statusOf(alanSeat.id)).toBe('no_show');
    // Taken place: the seat-holders are its participants, not who is coming, and no seats are on offer.
    const card = page.getByRole('article', { name: 'Active listening' });
    await card.getByRole('heading', { name: 'Participants' }).waitFor();
    expect(await card.getByText('Who is coming').count()).toBe(0);
    expect(await card.getByText(/seats? left|^Full$/).count()).toBe(0);
    await expectAccessible(page, 'past sessions with attendance');
    // Its own page, too, and the way back leads to the coaching pages.
    await card.getByRole('link', { name: 'Active listening' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Active listening' }).waitFor();
    await page.getByRole('heading', { name: 'Participants' }).waitFor();
    expect(await page.getByText('Who is coming').count()).toBe(0);
    await page.getByRole('main').getByRole('link', { name: 'Coaching', exact: true }).click();
    await page.getByRole('heading', { name: 'My sessions as coach' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('reports days away on a German phone: none of their sessions affected, the days shown as dates', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], locale: 'de' });
    const first = DateTime.now().setZone('Europe/Berlin').plus({ days: 40 }).startOf('day');
    const last = first.plus({ days: 1 });
    const { page, errors } = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await signInByMail(t, page, coach.email);
    await page.goto('/coach');
    await page.getByLabel('Erster Tag').fill(first.toISODate()!);
    await page.getByLabel('Letzter Tag').fill(last.toISODate()!);
    await page.getByRole('button', { name: 'Abwesenheit melden' }).click();
    await page.getByRole('status').filter({ hasText: 'Gemeldet. Keiner Ihrer Termine fällt in diese Tage, also braucht keiner einen neuen Coach.' }).waitFor();
    const asDate = (d: DateTime) => new Intl.DateTimeFormat('de-DE', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
      .format(new Date(`${d.toISODate()}T12:00:00Z`));
    const listed = page.getByRole('listitem').filter({ hasText: asDate(first) });
    await listed.getByText(`${asDate(first)} – ${asDate(last)}`).waitFor();
    expect(await page.getByText(first.toISODate()!).count()).toBe(0);
    await listed.getByRole('button', { name: `Abwesenheit ${asDate(first)} – ${asDate(last)} zurückziehen` }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'days away reported, German phone');
    expect(errors).toEqual([]);
  });

  it("sees their own session's page without a refusal meant for a participant, or another site's warning", async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], site: 'Hamburg' });
    const lisbon = await buildRoom(db, { org, site: 'Lisbon' });
    const session = await buildSession(db, { org, coach, room: lisbon, format: 'in_person', module: await buildModule(db, { org, title: 'Mentoring others' }) });
    await buildBooking(db, { session });
    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, coach.email);
    await page.goto(`/sessions/${session.id}`);
    await page.getByRole('heading', { name: 'Mentoring others' }).waitFor();
    await page.getByRole('heading', { name: 'Who is coming' }).waitFor();
    await page.getByRole('button', { name: 'Change the time of Mentoring others' }).waitFor();
    expect(await page.getByTestId('seat-refusal').count()).toBe(0);
    expect(await page.getByText('You are the coach of this session.').count()).toBe(0);
    expect(await page.getByText(/your site is Hamburg/).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Take a seat' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('is told when the coach area cannot be loaded, instead of a blank page', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const { page } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, coach.email);
    await page.route('**/assets/coach-area-*.js', (route) => route.abort('internetdisconnected'));
    await page.getByRole('navigation').getByRole('link', { name: 'Coaching' }).click();
    await page.getByRole('alert').filter({ hasText: 'This page could not be shown' }).waitFor();
    // The rest of the app still works.
    await page.getByRole('navigation').getByRole('link', { name: 'Sessions', exact: true }).click();
    await page.getByRole('heading', { name: 'Open sessions' }).waitFor();
  });
});
