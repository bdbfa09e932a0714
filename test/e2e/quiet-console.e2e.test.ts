// An employee's ordinary hour leaves the browser's console empty: no failed request, not even the
// ones a browser logs by itself for a 401 or a 409. Before signing in the app asks /api/session
// (200 either way); a seat the rules would refuse — another session at that time, the limit on
// upcoming bookings, a full session — is explained on the page before any click, so nothing is
// sent to be refused. Desktop in English, phone in German; axe on the explained refusal.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot } from './browser.ts';

let t: E2eApp;
let browser: Browser;
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const berlin = (days: number, hour: number, minute = 0) => DateTime.now().setZone('Europe/Berlin').plus({ days }).startOf('day').set({ hour, minute }).toJSDate();

/** Every line the browser logs as an error, the failed requests included (openPage leaves those out). */
function consoleOf(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') lines.push(`${m.type()}: ${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
  return lines;
}

async function scene(org: OrgRow) {
  const db = t.database.db;
  const module = await buildModule(db, { org, title: 'Listening well' });
  const first = await buildSession(db, { org, module, startsAt: berlin(6, 9) });
  const overlapping = await buildSession(db, { org, module, startsAt: berlin(6, 9, 30) });
  const second = await buildSession(db, { org, module, startsAt: berlin(7, 14) });
  const third = await buildSession(db, { org, module, startsAt: berlin(8, 14) });
  const full = await buildSession(db, { org, module, startsAt: berlin(9, 10), capacity: 1 });
  await buildBooking(db, { session: full, person: await buildPerson(db, { org }) });
  return { first, overlapping, second, third, full };
}

async function take(page: Page, sessionId: string, button: string, done: string) {
  await page.goto(`/sessions/${sessionId}`);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('status').filter({ hasText: done }).waitFor();
}

async function refused(page: Page, sessionId: string, text: string | RegExp, button: string) {
  await page.goto(`/sessions/${sessionId}`);
  await page.getByTestId('seat-refusal').filter({ hasText: text }).waitFor();
  expect(await page.getByRole('button', { name: button, exact: true }).count()).toBe(0);
}

describe('the console of an ordinary hour', () => {
  it('stays empty from the signed-out start through seats taken and seats the rules refuse (desktop, English)', async () => {
    const org = await buildOrganisation(t.database.db);
    const s = await scene(org);
    const nora = await buildPerson(t.database.db, { org, name: 'Nora Quiet' });
    const { page } = await openPage(browser, t.baseUrl);
    const lines = consoleOf(page);

    // Signed out: the app's first question is answered 200, and the sign-in form shows.
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/session'));
    await page.goto('/');
    expect((await answered).status()).toBe(200);
    await page.getByRole('button', { name: /log-in link/i }).waitFor();
    await signInByMail(t, page, nora.email);

    await take(page, s.first.id, 'Take a seat', 'Your seat is confirmed.');
    // A full session offers its line, not a refusal.
    await page.goto(`/sessions/${s.full.id}`);
    await page.getByRole('button', { name: 'Join the waiting list for Listening well' }).waitFor();
    expect(await page.getByTestId('seat-refusal').count()).toBe(0);
    await refused(page, s.overlapping.id, 'You have another session at that time.', 'Take a seat');
    await take(page, s.second.id, 'Take a seat', 'Your seat is confirmed.');
    await refused(page, s.third.id, 'You already hold 2 upcoming bookings', 'Take a seat');
    await expectAccessible(page, 'a session the limit refuses, explained');
    await screenshot(page, 'session-refusal-foreseen');
    await page.goto('/my-sessions');
    await page.getByRole('heading', { name: 'Listening well' }).first().waitFor();

    const seats = await t.database.db.selectFrom('bookings').where('person_id', '=', nora.id).where('status', '=', 'active').select('session_id').orderBy('created_at').execute();
    expect(seats.map((b) => b.session_id)).toEqual([s.first.id, s.second.id]);
    expect(lines).toEqual([]);
  });

  it('says the same in German on a phone, and a seat given up makes the refused one bookable again', async () => {
    const org = await buildOrganisation(t.database.db);
    const s = await scene(org);
    const lena = await buildPerson(t.database.db, { org, name: 'Lena Leise', locale: 'de' });
    await buildBooking(t.database.db, { session: s.first, person: lena });
    const seat = await buildBooking(t.database.db, { session: s.second, person: lena });
    const { page } = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const lines = consoleOf(page);
    await signInByMail(t, page, lena.email);

    await refused(page, s.third.id, 'Sie haben schon 2 anstehende Buchungen', 'Platz nehmen');
    await refused(page, s.overlapping.id, 'Sie haben zu dieser Zeit schon einen anderen Termin.', 'Platz nehmen');
    await expectAccessible(page, 'a refused seat explained, German, phone');
    // Elsewhere (another device, an admin) a seat is given up: the page asks again and offers the seat.
    const gaveUp = await t.request('POST', `/api/bookings/${seat.id}/cancel`, { cookie: await t.cookieFor(lena), headers: { origin: t.baseUrl } });
    expect(gaveUp.status).toBe(200);
    await take(page, s.third.id, 'Platz nehmen', 'Ihr Platz ist bestätigt.');
    expect(lines).toEqual([]);
  });
});
