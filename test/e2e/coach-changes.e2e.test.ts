// What a coach changes after publishing, in the browser: a session's time (refused when the room is
// taken or the time has passed, and then nothing changes; else everyone with a seat gets a mail with
// the new time), a weekly series with one date at fault (skipped, the rest published; or moved, all
// published), and attendance on a phone from the session's start, one tap a person and one more to
// correct.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortWhen } from '../../src/features/notifications/compose/layout.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type OrgRow, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, mainNav, openPage, screenshot } from './browser.ts';

const PHONE = { width: 390, height: 844 };
const ZONE = 'Europe/Berlin';
const local = (d: DateTime) => d.toFormat("yyyy-MM-dd'T'HH:mm");

let t: E2eApp;
let browser: Browser;
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Where the session stands in the database: its start and end, and the time-change mails queued. */
async function stored(sessionId: string) {
  const db = t.database.db;
  const session = await db.selectFrom('sessions').where('id', '=', sessionId).select(['starts_at', 'ends_at']).executeTakeFirstOrThrow();
  const told = await db.selectFrom('outgoing_messages').where('session_id', '=', sessionId).where('kind', '=', 'session_changed').select('recipient_id').execute();
  return { ...session, told: told.map((m) => m.recipient_id).sort() };
}

/** A coach's published session with a room and two people holding seats, one reading English, one German. */
async function publishedSession(org: OrgRow, coach: PersonRow, title: string, startsAt: DateTime) {
  const db = t.database.db;
  const room = await buildRoom(db, { org, capacity: 8 });
  const module = await buildModule(db, { org, title });
  const session = await buildSession(db, { org, coach, module, room, startsAt: startsAt.toJSDate(), durationMinutes: 90 });
  const ada = await buildPerson(db, { org, name: 'Ada Lovelace' });
  const bernd = await buildPerson(db, { org, name: 'Bernd Schulz', locale: 'de' });
  for (const person of [ada, bernd]) await buildBooking(db, { session, person });
  return { room, session, ada, bernd };
}

describe('a coach changing a published session’s time', () => {
  it('is refused when the room is taken, changing nothing; then moves it, and everyone with a seat gets the new time by mail (desktop, English)', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const day = DateTime.now().setZone(ZONE).plus({ days: 5 }).startOf('day');
    const { room, session, ada, bernd } = await publishedSession(org, coach, 'Difficult conversations', day.set({ hour: 10 }));
    // Another coach has the room in the afternoon.
    await buildSession(db, { org, room, startsAt: day.set({ hour: 14 }).toJSDate() });
    const before = await stored(session.id);

    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, coach.email);
    await page.goto('/coach');
    const card = page.getByRole('article', { name: 'Difficult conversations' });
    await card.getByRole('button', { name: 'Change the time of Difficult conversations' }).click();
    const start = card.getByLabel('New date and start time');
    expect(await start.inputValue()).toBe(local(day.set({ hour: 10 })));
    await card.getByText(`In the session’s time zone, ${ZONE}. The length stays as it is.`).waitFor();

    await start.fill(local(day.set({ hour: 14, minute: 30 })));
    await card.getByRole('button', { name: 'Move the session' }).click();
    await card.getByRole('alert').filter({ hasText: 'The room is taken at that time.' }).waitFor();
    await card.getByText('The session keeps its time:').waitFor();
    expect(await stored(session.id)).toEqual(before);
    await expectAccessible(page, 'time change refused');

    const moved = day.plus({ days: 1 }).set({ hour: 9 });
    await start.fill(local(moved));
    await card.getByRole('button', { name: 'Move the session' }).click();
    await card.getByRole('status').filter({ hasText: /^Moved to .+; everyone with a seat is told\.$/ }).waitFor();
    expect(await stored(session.id)).toEqual({ starts_at: moved.toJSDate(), ends_at: moved.plus({ minutes: 90 }).toJSDate(), told: [ada.id, bernd.id].sort() });
    // Each in their own language, the new time in the subject.
    const english = await t.mailbox.waitFor((m) => t.mailbox.to(ada.email).includes(m) && m.subject === `Session changed: Difficult conversations, ${shortWhen(moved.toJSDate(), ZONE, 'en')}`);
    expect(english.text).toContain('the session you booked has changed (the time)');
    await t.mailbox.waitFor((m) => t.mailbox.to(bernd.email).includes(m) && m.subject === `Termin geändert: Difficult conversations, ${shortWhen(moved.toJSDate(), ZONE, 'de')}`);
    // The card shows the session at its new time.
    await card.getByText(moved.setLocale('en-GB').toFormat('d MMM')).first().waitFor();
    await expectAccessible(page, 'time changed');
    await screenshot(page, 'coach-change-time');
    expect(errors).toEqual([]);
  });

  it('is refused a time that has passed, then moves the session from its page (phone, German)', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], locale: 'de' });
    const day = DateTime.now().setZone(ZONE).plus({ days: 8 }).startOf('day');
    const { session, bernd } = await publishedSession(org, coach, 'Feedback geben', day.set({ hour: 11 }));
    const before = await stored(session.id);

    const { page, errors } = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: PHONE });
    await signInByMail(t, page, coach.email);
    await page.goto(`/sessions/${session.id}`);
    await page.getByRole('heading', { level: 1, name: 'Feedback geben' }).waitFor();
    await page.getByRole('button', { name: 'Zeit von Feedback geben ändern' }).click();
    const start = page.getByLabel('Neues Datum und neuer Beginn');
    await start.fill(local(DateTime.now().setZone(ZONE).minus({ days: 1 }).set({ minute: 0 })));
    await page.getByRole('button', { name: 'Termin verschieben' }).click();
    await page.getByRole('alert').filter({ hasText: 'Der Beginn muss in der Zukunft liegen.' }).waitFor();
    await page.getByText('Der Termin behält seine Zeit:').waitFor();
    expect(await stored(session.id)).toEqual(before);
    await expectAccessible(page, 'time change refused, German phone');

    const moved = day.set({ hour: 15, minute: 30 });
    await start.fill(local(moved));
    await page.getByRole('button', { name: 'Termin verschieben' }).click();
    await page.getByRole('status').filter({ hasText: /^Verschoben auf .+; alle mit Platz werden benachrichtigt\.$/ }).waitFor();
    expect((await stored(session.id)).starts_at).toEqual(moved.toJSDate());
    await t.mailbox.waitFor((m) => t.mailbox.to(bernd.email).includes(m) && m.subject === `Termin geändert: Feedback geben, ${shortWhen(moved.toJSDate(), ZONE, 'de')}`);
    await screenshot(page, 'coach-change-time-de-phone');
    expect(errors).toEqual([]);
  });
});

/** A weekly series of four in a room another coach has in the third week, overlapping by half an hour. */
async function seriesWithOneTakenDate(locale: 'en' | 'de', title: string) {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], locale });
  const module = await buildModule(db, { org, title });
  const room = await buildRoom(db, { org, capacity: 6 });
  const first = DateTime.now().setZone(ZONE).plus({ days: 7 }).startOf('day').set({ hour: 9 });
  await buildSession(db, { org, room, startsAt: first.plus({ weeks: 2, hours: 1 }).toJSDate() });
  const published = async () => (await db.selectFrom('sessions').where('module_id', '=', module.id).select(['starts_at', 'series_id']).orderBy('starts_at').execute());
  return { coach, module, room, first, published };
}

/** Fills the publish form for a weekly series of four and checks its dates (labels in the page's language). */
async function checkSeries(page: Page, s: Awaited<ReturnType<typeof seriesWithOneTakenDate>>, label: Record<'search' | 'module' | 'start' | 'room' | 'repeat' | 'count' | 'check', string>) {
  await page.goto('/coach/publish');
  await page.getByLabel(label.search).fill(s.module.title.split(' ')[0]!);
  await page.getByLabel(label.module).selectOption(s.module.id);
  await page.getByLabel(label.start).fill(local(s.first));
  await page.getByLabel(label.room).selectOption(s.room.id);
  await page.getByRole('checkbox', { name: label.repeat }).check();
  await page.getByLabel(label.count).fill('4');
  await page.getByRole('button', { name: label.check }).click();
  await expect.poll(() => page.locator('.series-dates li').count()).toBe(4);
}

describe('a coach publishing a weekly series with one date taken', () => {
  it('skips that date and publishes the other three (desktop, English)', async () => {
    const s = await seriesWithOneTakenDate('en', 'Negotiation basics');
    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, s.coach.email);
    await checkSeries(page, s, { search: 'Search the module library', module: 'Choose a module', start: 'Date and start time', room: 'Room', repeat: 'Repeat as a series', count: 'How many sessions', check: 'Check the dates' });
    await page.getByRole('alert').filter({ hasText: '1 date cannot be used. Skip it, move it to another time' }).waitFor();
    expect((await page.locator('.series-dates li').allTextContents()).map((d) => d.includes('Room taken'))).toEqual([false, false, true, false]);
    // Only the date at fault offers a choice.
    const choices = page.getByRole('group', { name: /^What to do with / });
    expect(await choices.count()).toBe(1);
    await expectAccessible(page, 'series with a date at fault');

    await choices.getByRole('button', { name: 'Skip this date' }).click();
    await page.getByRole('status').filter({ hasText: 'Every date kept is free; 1 date is skipped.' }).waitFor();
    expect(await choices.getByRole('button', { name: 'Skip this date' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.series-dates li').nth(2).textContent()).toContain('Skipped: not published');
    // Nothing is published before the coach says so.
    expect(await s.published()).toEqual([]);
    await expectAccessible(page, 'series with a date skipped');
    await screenshot(page, 'coach-series-skip');

    await page.getByRole('button', { name: 'Publish the series' }).click();
    await page.getByRole('status').filter({ hasText: '3 sessions published.' }).waitFor();
    const published = await s.published();
    expect(published.map((p) => p.starts_at)).toEqual([0, 1, 3].map((w) => s.first.plus({ weeks: w }).toJSDate()));
    expect(new Set(published.map((p) => p.series_id)).size).toBe(1);
    expect(published[0]!.series_id).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('moves that date to a free time and publishes all four (phone, German)', async () => {
    const s = await seriesWithOneTakenDate('de', 'Verhandeln lernen');
    const { page, errors } = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: PHONE });
    await signInByMail(t, page, s.coach.email);
    await checkSeries(page, s, { search: 'In der Modulbibliothek suchen', module: 'Modul wählen', start: 'Datum und Beginn', room: 'Raum', repeat: 'Als Serie wiederholen', count: 'Wie viele Termine', check: 'Termine prüfen' });
    await page.getByRole('alert').filter({ hasText: '1 Termin ist nicht möglich.' }).waitFor();
    expect((await page.locator('.series-dates li').allTextContents()).map((d) => d.includes('Raum belegt'))).toEqual([false, false, true, false]);

    const choice = page.getByRole('group', { name: /^Was mit dem .+ geschehen soll$/ });
    await choice.getByRole('button', { name: 'Auf eine andere Zeit verschieben' }).click();
    const taken = s.first.plus({ weeks: 2 });
    const moveTo = page.getByLabel(/^Neues Datum und neuer Beginn für den /);
    // It starts at the date's own time; the afternoon of the same day is free.
    expect(await moveTo.inputValue()).toBe(local(taken));
    const moved = taken.set({ hour: 14 });
    await moveTo.fill(local(moved));
    await page.getByRole('button', { name: 'Diese Zeit prüfen' }).click();
    await page.getByRole('status').filter({ hasText: 'Alle Termine sind frei.' }).waitFor();
    expect(await page.locator('.series-dates li').nth(2).textContent()).toMatch(/\(verschoben vom .+\): Frei/);
    expect(await s.published()).toEqual([]);
    await expectAccessible(page, 'series with a date moved, German phone');
    await screenshot(page, 'coach-series-move-de-phone');

    await page.getByRole('button', { name: 'Serie veröffentlichen' }).click();
    await page.getByRole('status').filter({ hasText: '4 Termine veröffentlicht.' }).waitFor();
    const published = await s.published();
    expect(published.map((p) => p.starts_at)).toEqual([s.first, s.first.plus({ weeks: 1 }), moved, s.first.plus({ weeks: 3 })].map((d) => d.toJSDate()));
    expect(new Set(published.map((p) => p.series_id)).size).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('a coach on a phone at the start of a session', () => {
  it('records attendance in one tap a person, a second tap correcting it, stored at once', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const module = await buildModule(db, { org, title: 'Active listening' });
    // Started ten minutes ago: still under "Upcoming", and attendance is already open.
    const session = await buildSession(db, { org, coach, module, startsAt: new Date(Date.now() - 10 * 60_000), durationMinutes: 90 });
    const people = await Promise.all(['Ada Lovelace', 'Alan Turing', 'Grace Hopper'].map((name) => buildPerson(db, { org, name })));
    const seats = await Promise.all(people.map((person) => buildBooking(db, { session, person })));
    const statusOf = async (i: number) => (await db.selectFrom('bookings').where('id', '=', seats[i]!.id).select('status').executeTakeFirstOrThrow()).status;

    const { page, errors } = await openPage(browser, t.baseUrl, { viewport: PHONE });
    await signInByMail(t, page, coach.email);
    await (await mainNav(page)).getByRole('link', { name: 'Coaching' }).click();
    const attendance = page.getByRole('region', { name: 'Attendance at Active listening' });
    await attendance.getByText('0 of 3 recorded.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Upcoming' }).getAttribute('aria-pressed')).toBe('true');
    const person = (name: string) => attendance.getByRole('group', { name: `Attendance of ${name}` });
    // Big enough for a thumb, and on the screen.
    for (const button of await person('Ada Lovelace').getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    }

    await person('Ada Lovelace').getByRole('button', { name: 'Here', exact: true }).click();
    await person('Alan Turing').getByRole('button', { name: 'Here', exact: true }).click();
    await person('Grace Hopper').getByRole('button', { name: 'Not here' }).click();
    await expect.poll(() => Promise.all([0, 1, 2].map(statusOf))).toEqual(['attended', 'attended', 'no_show']);
    // Alan had stepped out: the other button corrects the first tap.
    await person('Alan Turing').getByRole('button', { name: 'Not here' }).click();
    await expect.poll(() => statusOf(1)).toBe('no_show');
    // The page draws the tap in a task of its own, which the stored row does not wait for: a CI run
    // read the button before it. Wait for Alan's own row; "3 of 3" and Grace's "saved" held before.
    const row = attendance.getByRole('listitem').filter({ hasText: 'Alan Turing' });
    await row.getByText('Not here (saved)').waitFor();
    await expect.poll(() => person('Alan Turing').getByRole('button', { name: 'Not here' }).getAttribute('aria-pressed')).toBe('true');
    expect(await person('Alan Turing').getByRole('button', { name: 'Here', exact: true }).getAttribute('aria-pressed')).toBe('false');
    await attendance.getByText('3 of 3 recorded.', { exact: false }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'attendance on a phone');
    await screenshot(page, 'coach-attendance-phone');
    expect(errors).toEqual([]);
  });
});
