// A person's rights in the browser (issue 15): an employee downloads everything Quartet holds about
// them (a ZIP with data.json and a readable summary), then erases their account through the link
// mailed to them; the coach of the session they had booked receives the cancellation, without the
// erased person's name, and nothing of them is left to sign in with.
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

describe('a person’s rights', () => {
  it('lets an employee download their data and erase their account; the coach of their booked session is told', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Carla Coach' });
    const emil = await buildPerson(db, { org, name: 'Emil Erasmus', department: 'Finance' });
    const module = await buildModule(db, { org, title: 'Giving feedback' });
    const start = DateTime.now().setZone('Europe/Berlin').plus({ weeks: 2 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const session = await buildSession(db, { org, coach, module, startsAt: start.toJSDate(), format: 'virtual' });
    await buildBooking(db, { session, person: emil });

    const tab = await openPage(browser, t.baseUrl);
    tabs.push(tab);
    const page = tab.page;
    await signInByMail(t, page, emil.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();

    // The download: asked for, prepared by the job, handed out once.
    await page.getByRole('button', { name: 'Download your data' }).click();
    const ready = page.getByRole('button', { name: /^Download \(once, until / });
    await ready.waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'profile with the data ready');
    const [download] = await Promise.all([page.waitForEvent('download'), ready.click()]);
    const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
    expect(Object.keys(files).sort()).toEqual(['data.json', 'summary.html']);
    const data = strFromU8(files['data.json']!);
    expect(data).toContain(emil.email);
    expect(data).toContain(session.id);
    expect(data).not.toContain(coach.email);
    expect(strFromU8(files['summary.html']!)).toContain('<html');
    await page.getByText(/You downloaded your data on/).waitFor();

    // The erasure: asked for on the profile, confirmed through the mailed link.
    const mailsBefore = t.mailbox.to(emil.email).length;
    await page.getByRole('button', { name: 'Erase my account…' }).click();
    await page.getByText(/We sent you a mail/).waitFor();
    const mail = await t.mailbox.waitForTo(emil.email, mailsBefore, (m) => /\/erase#token=/.test(m.html || m.text || ''), 30_000);
    const link = (mail.html || mail.text || '').match(/https?:\/\/[^\s"'<>]+\/erase#token=[\w-]+/)![0];
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Erase your account?' }).waitFor();
    await page.getByText('Your seat in 1 session still to come is given up; its coach is told.').waitFor();
    await expectAccessible(page, 'erasure confirmation');
    await screenshot(page, 'erasure-confirmation');
    const coachMailsBefore = t.mailbox.to(coach.email).length;
    await page.getByRole('button', { name: 'Erase my account now' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account was erased' }).waitFor();

    // The coach hears that the seat was given up, and not from whom.
    const notice = await t.mailbox.waitForTo(coach.email, coachMailsBefore, () => true, 30_000);
    expect(String(notice.subject)).toContain('Giving feedback');
    expect(`${notice.subject} ${notice.text ?? ''} ${notice.html ?? ''}`).not.toContain('Emil');
    const seats = await db.selectFrom('sessions').where('id', '=', session.id).select('seats_taken').executeTakeFirstOrThrow();
    expect(seats.seats_taken).toBe(0);
    expect(await db.selectFrom('people').where('email', '=', emil.email).select('id').execute()).toEqual([]);
    // Signed out, and there is nobody left to sign in as.
    await page.goto('/sessions');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
