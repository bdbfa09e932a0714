// Session feedback in the browser: the day after, a participant opens the mail's "4 – very useful"
// on a phone and has rated, adds a comment; another rates on "My sessions" in German; the admin
// reads the averages once they are final and released (a module with six people who rated), the
// coach their own in German; a participant turns the weekly digest off on their profile.
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseFinalRatings } from '../../src/features/feedback/queries.ts';
import { queueRatingRequests } from '../../src/features/notifications/loop/queries.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let admin: PersonRow;
let ann: PersonRow;
let bernd: PersonRow;
let coach: PersonRow;
let sessionId: string;
let orgId: string;

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const org = await buildOrganisation(db);
  orgId = org.id;
  admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Alma Admin' });
  coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Carl Coach', locale: 'de' });
  const module = await buildModule(db, { org, title: 'Giving feedback' });
  // Ended three hours ago; three earlier sessions of the same module and coach were rated four times already.
  const session = await buildSession(db, { org, coach, module, startsAt: new Date(Date.now() - 4.5 * 3_600_000) });
  sessionId = session.id;
  ann = await buildPerson(db, { org, name: 'Ann Anders' });
  bernd = await buildPerson(db, { org, name: 'Bernd Berger', locale: 'de' });
  await buildBooking(db, { session, person: ann });
  await buildBooking(db, { session, person: bernd });
  const earlier = await buildSession(db, { org, coach, module, startsAt: new Date(Date.now() - 50 * 3_600_000) });
  for (const [rating, comment] of [[5, 'Clear and practical'], [4, ''], [3, 'Too long'], [4, '']] as const) {
    const person = await buildPerson(db, { org });
    await buildBooking(db, { session: earlier, person });
    await db.insertInto('session_ratings').values({ org_id: org.id, session_id: earlier.id, person_id: person.id, rating, comment }).execute();
  }
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, o: { locale?: string; phone?: boolean } = {}) {
  const tab = await openPage(browser, t.baseUrl, { locale: o.locale ?? 'en-GB', ...(o.phone && { viewport: { width: 390, height: 844 } }) });
  tabs.push(tab);
  await signInByMail(t, tab.page, person.email);
  return tab.page;
}

describe('session feedback', () => {
  it('takes a rating by one click from the mail on a phone, without signing in, and then a comment', async () => {
    await queueRatingRequests(t.database.db);
    // The morning after has come.
    await sql`update outgoing_messages set send_after = now() where session_id = ${sessionId} and kind = 'feedback_request' and recipient_id = ${ann.id}`.execute(t.database.db);
    const mail = await t.mailbox.waitFor((m) => t.mailbox.to(ann.email).includes(m) && /How was “Giving feedback”/.test(m.subject ?? ''), 15_000);
    const link = String(mail.html).match(/href="([^"]+rating=4)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(link?.startsWith(`${t.baseUrl}/rate#token=`)).toBe(true);

    const tab = await openPage(browser, t.baseUrl, { viewport: { width: 390, height: 844 } });
    tabs.push(tab);
    const page = tab.page;
    await page.goto(link!);
    await page.getByText(/Thank you! Your rating of Giving feedback/).waitFor();
    // The token left the address bar at once.
    expect(page.url()).toBe(`${t.baseUrl}/rate`);
    expect(await page.getByRole('radio', { name: '4 – very useful' }).isChecked()).toBe(true);
    await page.getByLabel('Comment (optional)').fill('More time for practice, please.');
    await page.getByRole('button', { name: 'Save my rating' }).click();
    await expect.poll(async () => (await t.database.db.selectFrom('session_ratings').where('person_id', '=', ann.id).select(['rating', 'comment']).executeTakeFirst()))
      .toEqual({ rating: 4, comment: 'More time for practice, please.' });
    await screenshot(page, 'rate-by-link-phone');
    await expectAccessible(page, 'the rating page from the mail, phone');
  });

  it('takes a rating on "My sessions", in German', async () => {
    const page = await signedIn(bernd, { locale: 'de-DE' });
    await page.goto('/my-sessions?view=past');
    await page.getByRole('group', { name: 'Wie nützlich war der Termin für Sie?' }).waitFor();
    await page.getByRole('radio', { name: '5 – hervorragend' }).check();
    await page.getByRole('button', { name: 'Bewertung senden' }).click();
    await page.getByText('Ihre Bewertung: 5 von 5').waitFor();
    await expectAccessible(page, 'my past sessions with a rating, German');
  });

  it('shows the admin averages only from five ratings, without names', async () => {
    const page = await signedIn(admin);
    await page.goto('/admin/feedback');
    await page.getByRole('heading', { level: 1, name: 'How the sessions were rated' }).waitFor();
    // Today's ratings can still be changed: nothing is released, and the page says when it will be.
    await page.getByText('No ratings to show yet.').waitFor();
    expect(await page.locator('main').textContent()).toContain('their ratings are added 15 days after it, once at least 5 people have rated sessions of the same module with the same coach');
    // Sixteen days on, the hourly release has taken in the six people's ratings, final by then.
    await sql`update sessions set starts_at = starts_at - interval '16 days', ends_at = ends_at - interval '16 days' where org_id = ${orgId}`.execute(t.database.db);
    expect(await releaseFinalRatings(t.database.db)).toBe(2);
    await page.reload();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Giving feedback' }) });
    // 5, 4, 3, 4 before, and today's 4 and 5: 25 / 6.
    await row.getByText('4.2 of 5').waitFor();
    await row.getByText('3 comments').click();
    await page.getByText('More time for practice, please.').first().waitFor();
    const text = await page.locator('main').textContent();
    for (const name of ['Ann Anders', 'Bernd Berger']) expect(text).not.toContain(name);
    expect(text).toContain('A session’s own average appears once 5 people have rated it');
    expect(text).toContain('Ratings are added once they can no longer be changed, 15 days after the session, and only 5 people or more at a time');
    await screenshot(page, 'admin-feedback');
    await expectAccessible(page, 'the admin’s ratings page');
  });

  it('shows the coach their own averages, in German, and when ratings come in', async () => {
    const page = await signedIn(coach, { locale: 'de-DE' });
    await page.goto('/coach/feedback');
    await page.getByRole('heading', { level: 1, name: 'Wie die Termine bewertet wurden' }).waitFor();
    await page.getByText('4,2 von 5').first().waitFor();
    expect(await page.locator('main').textContent()).toContain('Bewertungen kommen erst hinzu, wenn sie sich nicht mehr ändern lassen, 15 Tage nach dem Termin, und nur gebündelt, von mindestens 5 Personen zugleich');
    await expectAccessible(page, 'the coach’s ratings page, German');
  });

  it('lets a participant turn the weekly digest off on their profile', async () => {
    const page = await signedIn(ann, { phone: true });
    await page.goto('/profile');
    const digest = page.getByLabel('Weekly digest: what became of my groups’ suggestions');
    expect(await digest.isChecked()).toBe(true);
    await digest.uncheck();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Saved.').waitFor();
    const stored = await t.database.db.selectFrom('people').where('id', '=', ann.id).select('suggestion_digest').executeTakeFirstOrThrow();
    expect(stored.suggestion_digest).toBe(false);
    await expectAccessible(page, 'the profile with the digest setting, phone');
  });

  // Last: its rating would change the averages the tests above read.
  it('opens the rating link in the language of its mail, whatever the browser speaks', async () => {
    const db = t.database.db;
    const module = await buildModule(db, { org: { id: orgId }, title: 'Listening' });
    const held = await buildSession(db, { org: { id: orgId }, coach, module, startsAt: new Date(Date.now() - 3 * 3_600_000) });
    const carla = await buildPerson(db, { org: { id: orgId }, name: 'Carla Conrad', locale: 'de' });
    await buildBooking(db, { session: held, person: carla });
    await queueRatingRequests(db);
    await sql`update outgoing_messages set send_after = now() where session_id = ${held.id} and kind = 'feedback_request' and recipient_id = ${carla.id}`.execute(db);
    const mail = await t.mailbox.waitFor((m) => t.mailbox.to(carla.email).includes(m) && /^Wie war/.test(m.subject ?? ''), 15_000);
    const link = String(mail.html).match(/href="([^"]+rating=3)"/)?.[1]?.replaceAll('&amp;', '&');
    const tab = await openPage(browser, t.baseUrl, { locale: 'en-GB' });
    tabs.push(tab);
    await tab.page.goto(link!);
    await tab.page.getByText(/^Danke! Ihre Bewertung von Listening/).waitFor();
    expect(await tab.page.getByRole('radio', { name: '3 – nützlich' }).isChecked()).toBe(true);
  });
});
