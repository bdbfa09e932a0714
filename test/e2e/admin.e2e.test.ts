// The admin's pages in the browser: the dashboard's charts, people (details, roles), rooms (retired
// and brought back), the module library, settings, a coach's absence handed to another coach (no
// form to reassign where the API would refuse it), the CSV dry run, outgoing mail.
import { DateTime } from 'luxon';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildDomainClaim, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type OrgRow, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
let org: OrgRow;
let admin: PersonRow;
let adminTab: TestPage;
let page: Page;
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  org = await buildOrganisation(t.database.db, { name: 'Northwind' });
  admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], name: 'Katrin Vogel' });
  adminTab = await openPage(browser, t.baseUrl);
  page = adminTab.page;
  await signInByMail(t, page, admin.email);
});
afterAll(async () => {
  expect(adminTab.errors).toEqual([]);
  await browser?.close();
});

const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).first().waitFor();
// React Router renders a navigation in a transition: on a busy machine the old page stays in place
// for a moment, and a locator may find its fields (People's "Search by name…" answered
// getByLabel('Name'), so the room's name went there and "Add room" met an empty required field).
// A section counts as open once its own heading is there.
async function section(name: string) {
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

describe('the admin area', () => {
  it('opens the coach area for an admin who does not coach without a refusal: no days-away form, a way to the sessions needing a coach', async () => {
    await page.goto('/coach');
    await page.getByRole('heading', { level: 1, name: 'My sessions as coach' }).waitFor();
    await page.getByText('You are not a learning coach').waitFor();
    expect(await page.getByRole('heading', { name: 'Away or ill?' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Sessions that need a new coach' }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/reassign');
    // afterAll checks the tab logged no error: the 403 of the coach's own lists is gone too.
  });

  it('shows the figures as charts', async () => {
    const db = t.database.db;
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    for (const days of [-3, 2, 9, 16]) {
      const session = await buildSession(db, { org, coach, startsAt: DateTime.now().plus({ days, hours: 1 }).toJSDate() });
      await buildBooking(db, { session });
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect.poll(() => page.locator('figure.chart').count()).toBe(3);
    expect(await page.getByRole('img', { name: /^Sessions per week\./ }).getAttribute('aria-label')).toMatch(/Sessions 1/);
    // Four people took part: the quarter's share is withheld (no figure from fewer than five).
    await page.getByText('fewer than 5 people — hidden to protect privacy').first().waitFor();
    expect(await page.getByRole('meter').count()).toBe(0);
    // Five more take part and five others do not: both sides of the share are five or more.
    const more = await buildSession(db, { org, coach, startsAt: DateTime.now().plus({ days: 20, hours: 1 }).toJSDate(), capacity: 5 });
    for (let i = 0; i < 5; i++) await buildBooking(db, { session: more });
    for (let i = 0; i < 5; i++) await buildPerson(db, { org });
    await page.reload();
    await page.getByRole('meter').first().waitFor();
    await expectAccessible(page, 'admin dashboard');
    await screenshot(page, 'admin-dashboard');
  });

  it('finds people, gives a role, and deactivates someone, giving up their seats', async () => {
    const db = t.database.db;
    const omar = await buildPerson(db, { org, name: 'Omar Haddad', department: 'Sales' });
    await buildBooking(db, { session: await buildSession(db, { org }), person: omar });
    await section('People');
    await page.getByLabel('Search by name, address or department').fill('Omar');
    // The name's cell carries the address under it.
    await page.getByRole('cell', { name: /^Omar Haddad/ }).waitFor();
    const rolesOf = async () => (await db.selectFrom('people').where('id', '=', omar.id).select('roles').executeTakeFirstOrThrow()).roles.sort();
    const coachRole = page.getByRole('checkbox', { name: 'coach role of Omar Haddad' });
    // Giving a right is one click, with an undo beside it for a few seconds.
    await coachRole.check();
    await status('Omar Haddad now has the coach role.');
    await expect.poll(rolesOf).toEqual(['coach', 'employee']);
    // Taking it away asks first, naming him and the right; "Keep it" keeps it.
    await coachRole.click();
    const ask = page.getByRole('dialog', { name: 'Take the coach role away from Omar Haddad?' });
    await ask.getByRole('button', { name: 'Keep it' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(await coachRole.isChecked()).toBe(true);
    expect(await rolesOf()).toEqual(['coach', 'employee']);
    await coachRole.click();
    await ask.getByRole('button', { name: 'Take the coach role away' }).click();
    await status('Omar Haddad no longer has the coach role.');
    await expect.poll(rolesOf).toEqual(['employee']);
    await coachRole.check();
    await status('Omar Haddad now has the coach role.');
    await expect.poll(rolesOf).toEqual(['coach', 'employee']);
    await expectAccessible(page, 'people');
    await screenshot(page, 'admin-people');
    await page.getByRole('button', { name: 'Deactivate Omar Haddad' }).click();
    await status('Omar Haddad is deactivated; 1 seat was given up.');
    expect(await db.selectFrom('bookings').where('person_id', '=', omar.id).select('status').execute()).toEqual([{ status: 'cancelled' }]);
  });

  it("edits a person's details and explains a refused role change", async () => {
    const db = t.database.db;
    const lena = await buildPerson(db, { org, name: 'Lena Fischer', department: 'Sales' });
    await section('People');
    await page.getByLabel('Search by name, address or department').fill('Lena');
    await page.getByRole('cell', { name: /^Lena Fischer/ }).waitFor();
    await page.getByRole('button', { name: 'Edit Lena Fischer' }).click();
    const form = page.getByRole('form', { name: 'Edit Lena Fischer' });
    await form.getByLabel('Department').fill('Finance');
    await form.getByLabel('Site').fill('Lisbon');
    await form.getByLabel('Time zone').selectOption('Europe/Lisbon');
    await expectAccessible(page, 'people, editing one');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await status('Lena Fischer is saved.');
    await form.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: /^Lena Fischer/ }) });
    // Department and site in one cell, the time zone under them.
    await row.getByRole('cell', { name: /^Finance · Lisbon\s*Europe\/Lisbon$/ }).waitFor();
    expect(await db.selectFrom('people').where('id', '=', lena.id).select(['department', 'site', 'time_zone']).executeTakeFirstOrThrow()).toEqual({ department: 'Finance', site: 'Lisbon', time_zone: 'Europe/Lisbon' });

    // A coach with a session ahead keeps the role until it is handed on; the page says why.
    const busy = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Paul Wagner' });
    await buildSession(db, { org, coach: busy });
    await page.getByLabel('Search by name, address or department').fill('Paul');
    // click, not uncheck: the refusal puts the tick back, sometimes before uncheck() would look.
    await page.getByRole('checkbox', { name: 'coach role of Paul Wagner' }).click();
    await page.getByRole('dialog', { name: 'Take the coach role away from Paul Wagner?' }).getByRole('button', { name: 'Take the coach role away' }).click();
    await page.getByRole('alert').filter({ hasText: 'This coach runs 1 upcoming session; reassign or cancel it first.' }).waitFor();
    await expect.poll(() => page.getByRole('checkbox', { name: 'coach role of Paul Wagner' }).isChecked()).toBe(true);

    // The same refusal in German, worded by the app rather than passed on from the API.
    const language = page.getByRole('banner').getByRole('combobox');
    await language.selectOption('de');
    await page.getByRole('checkbox', { name: 'Rolle Coach von Paul Wagner' }).click();
    await page.getByRole('dialog', { name: 'Paul Wagner die Rolle „Coach“ entziehen?' }).getByRole('button', { name: 'Rolle „Coach“ entziehen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Dieser Coach leitet 1 anstehenden Termin; übergeben oder sagen Sie ihn zuerst ab.' }).waitFor();
    await language.selectOption('en');
    await page.getByRole('heading', { name: 'People', exact: true }).waitFor();
  });

  it('reports every row at fault in a CSV dry run and changes nothing', async () => {
    await section('People');
    const before = await t.database.db.selectFrom('people').where('org_id', '=', org.id).select('id').execute();
    await page.getByLabel('CSV file').setInputFiles({
      name: 'people.csv', mimeType: 'text/csv',
      buffer: Buffer.from('name,email,department,site,time_zone,locale,roles\nAda Lovelace,ada@northwind.test,R&D,Hamburg,Europe/Berlin,en,employee\nBad Row,not-an-address,R&D,Hamburg,Mars/Base,xx,employee\n'),
    });
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('heading', { name: 'Rows at fault' }).waitFor();
    expect(await page.getByText(/^Line 3/).textContent()).toMatch(/not-an-address/);
    expect(await t.database.db.selectFrom('people').where('org_id', '=', org.id).select('id').execute()).toHaveLength(before.length);
  });

  it('adds a room and a module, retires the module, and changes the rules', async () => {
    const db = t.database.db;
    await section('Rooms');
    await page.getByLabel('Name', { exact: true }).fill('Speicherstadt');
    await page.getByLabel('Site', { exact: true }).fill('Hamburg');
    // A zone the API refuses is named as the form labels it, not as body.timeZone.
    const zone = page.getByLabel('Time zone', { exact: true });
    const typedZone = await zone.inputValue();
    await zone.fill('Berlin');
    await page.getByRole('button', { name: 'Add room' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Time zone: is not an IANA time zone' });
    await refused.waitFor();
    expect(await refused.textContent()).not.toContain('body.');
    await zone.fill(typedZone);
    await page.getByRole('button', { name: 'Add room' }).click();
    await page.getByRole('cell', { name: 'Speicherstadt', exact: true }).waitFor();
    const room = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Speicherstadt', exact: true }) });
    await room.getByRole('button', { name: 'Retire Speicherstadt' }).click();
    await status('Speicherstadt is retired');
    await room.getByRole('cell', { name: 'retired', exact: true }).waitFor();
    expect((await db.selectFrom('rooms').where('org_id', '=', org.id).where('name', '=', 'Speicherstadt').select('retired_at').executeTakeFirstOrThrow()).retired_at).not.toBeNull();
    await expectAccessible(page, 'rooms with a retired one');
    await room.getByRole('button', { name: 'Bring back Speicherstadt' }).click();
    await status('Speicherstadt is back in use.');
    await room.getByRole('cell', { name: 'in use', exact: true }).waitFor();
    expect((await db.selectFrom('rooms').where('org_id', '=', org.id).where('name', '=', 'Speicherstadt').select('retired_at').executeTakeFirstOrThrow()).retired_at).toBeNull();
    await expectAccessible(page, 'rooms');

    await section('Module library');
    const form = page.getByRole('form', { name: 'Add module' });
    await form.getByLabel('Code').fill('FB-201');
    await form.getByLabel('Title').fill('Feedback that lands');
    await form.getByRole('button', { name: 'Add module' }).click();
    await page.getByRole('cell', { name: 'Feedback that lands', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Retire Feedback that lands' }).click();
    await page.getByRole('button', { name: 'Bring back Feedback that lands' }).waitFor();
    expect((await db.selectFrom('modules').where('org_id', '=', org.id).where('code', '=', 'FB-201').select('retired_at').executeTakeFirstOrThrow()).retired_at).not.toBeNull();
    await expectAccessible(page, 'modules');

    await section('Programme settings');
    // A number field emptied stays empty (not "0"), so the browser's own checks speak before a save.
    const seats = page.getByLabel('Seats per session');
    await seats.fill('');
    expect(await seats.inputValue()).toBe('');
    expect(await seats.evaluate((e: HTMLInputElement) => e.validity.valueMissing)).toBe(true);
    await seats.fill('0');
    expect(await seats.evaluate((e: HTMLInputElement) => e.validity.rangeUnderflow)).toBe(true);
    await seats.fill('4');
    await page.getByLabel('Cancellation cut-off (minutes before the start)').fill('240');
    await page.getByLabel('Default time zone').fill('Berlin');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const zoneRefused = page.getByRole('alert').filter({ hasText: 'Default time zone: is not an IANA time zone' });
    await zoneRefused.waitFor();
    expect(await zoneRefused.textContent()).not.toMatch(/body\.|defaultTimeZone/);
    await page.getByLabel('Default time zone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await status('Saved.');
    expect((await db.selectFrom('organisations').where('id', '=', org.id).select('cancellation_cutoff_minutes').executeTakeFirstOrThrow()).cancellation_cutoff_minutes).toBe(240);
    await expectAccessible(page, 'settings');
    // "Saved." goes once the admin edits again.
    await seats.fill('5');
    expect(await page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(0);
    await seats.fill('4');
  });

  it('names a refused setting in German on a phone, as the form labels it', async () => {
    const german = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], name: 'Greta Gruber', locale: 'de' });
    const tab = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: { width: 390, height: 844 } });
    try {
      await signInByMail(t, tab.page, german.email);
      await tab.page.goto('/admin/settings');
      await tab.page.getByRole('heading', { level: 1, name: 'Programmeinstellungen' }).waitFor();
      const seats = tab.page.getByLabel('Plätze pro Termin');
      await seats.fill('');
      expect(await seats.inputValue()).toBe('');
      await seats.fill('4');
      await tab.page.getByLabel('Standard-Zeitzone').fill('Berlin');
      await tab.page.getByRole('button', { name: 'Einstellungen speichern' }).click();
      const refused = tab.page.getByRole('alert').filter({ hasText: 'Standard-Zeitzone: ist keine bekannte Zeitzone' });
      await refused.waitFor();
      expect(await refused.textContent()).not.toMatch(/body\.|ungültig/);
      await expectAccessible(tab.page, 'settings refused, German phone');
      await screenshot(tab.page, 'settings-refused-de-phone', { fullPage: false });
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('reads a malformed id in the address as a page that does not exist, without a "Try again" that cannot help', async () => {
    for (const path of ['/admin/availability/x', '/sessions/xyz']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: 'This page does not exist' }).waitFor();
      expect(await page.getByRole('button', { name: 'Try again' }).count(), path).toBe(0);
      expect(await page.getByText(/params\.id|UUID/).count(), path).toBe(0);
    }
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).waitFor();
  });

  it('shows each single sign-on domain with the operator’s decision, and says when another organisation holds one', async () => {
    const db = t.database.db;
    await buildDomainClaim(db, { org, domain: 'northwind-e2e.test', status: 'approved' });
    await buildDomainClaim(db, { domain: 'taken-e2e.test', status: 'approved' });
    // The settings page may still show what it read before these claims existed.
    await page.reload();
    await section('Programme settings');
    const domains = page.getByRole('list', { name: 'Domains and their approval' });
    await domains.getByText('approved: people sign in through single sign-on').waitFor();
    await page.getByLabel('Allowed e-mail domains (comma-separated)').fill('northwind-e2e.test, new-e2e.test');
    await page.getByRole('button', { name: 'Save single sign-on' }).click();
    await domains.getByRole('listitem').filter({ hasText: 'new-e2e.test' }).getByText('waiting for the operator’s approval').waitFor();
    await expectAccessible(page, 'settings with domains');

    await page.getByLabel('Allowed e-mail domains (comma-separated)').fill('northwind-e2e.test, taken-e2e.test');
    await page.getByRole('button', { name: 'Save single sign-on' }).click();
    await page.getByRole('alert').filter({ hasText: 'Another organisation has already claimed taken-e2e.test' }).waitFor();
    expect((await db.selectFrom('sso_domain_claims').where('org_id', '=', org.id).select('domain').orderBy('domain').execute()).map((c) => c.domain))
      .toEqual(['new-e2e.test', 'northwind-e2e.test']);
  });

  it('hands the sessions of a coach who reported being ill to another coach', async () => {
    const db = t.database.db;
    const ill = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Jonas Becker' });
    const stand = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Sofia Costa' });
    const room = await buildRoom(db, { org });
    const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 4 }).startOf('day');
    const module = await buildModule(db, { org, title: 'Presenting with confidence' });
    const session = await buildSession(db, { org, coach: ill, module, room, startsAt: day.set({ hour: 11 }).toJSDate() });
    const other = await buildModule(db, { org, title: 'Saying no' });
    const dropped = await buildSession(db, { org, coach: ill, module: other, startsAt: day.plus({ days: 1 }).set({ hour: 9 }).toJSDate() });

    const coachTab = await openPage(browser, t.baseUrl);
    await signInByMail(t, coachTab.page, ill.email);
    await coachTab.page.goto('/coach');
    await coachTab.page.getByLabel('First day').fill(day.toISODate()!);
    await coachTab.page.getByLabel('Last day').fill(day.plus({ days: 1 }).toISODate()!);
    await coachTab.page.getByRole('button', { name: 'Report absence' }).click();
    await coachTab.page.getByRole('status').filter({ hasText: '2 of your sessions need a new coach' }).waitFor();
    await expectAccessible(coachTab.page, 'coach sessions with absences');
    expect(coachTab.errors).toEqual([]);
    // The admin is told by mail, with the way to the page below.
    const notice = await t.mailbox.waitFor((m) => t.mailbox.to(admin.email).includes(m) && m.subject === 'Coach away: Jonas Becker, 2 sessions need a new coach');
    expect(notice.text).toContain(`Reassign or cancel: ${t.baseUrl}/admin/reassign`);

    await section('Sessions needing a coach');
    await page.getByRole('heading', { name: 'Presenting with confidence' }).waitFor();
    await page.getByText('Jonas Becker is away').first().waitFor();
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Presenting with confidence' }) });
    await card.getByLabel('New coach for Presenting with confidence').selectOption(stand.id);
    await expectAccessible(page, 'sessions needing a coach');
    await card.getByRole('button', { name: 'Reassign' }).click();
    await status('Reassigned');
    await page.getByRole('heading', { name: 'Presenting with confidence' }).waitFor({ state: 'detached' });
    expect((await db.selectFrom('sessions').where('id', '=', session.id).select('coach_id').executeTakeFirstOrThrow()).coach_id).toBe(stand.id);

    // The other is cancelled instead, with a reason.
    await page.getByRole('button', { name: 'Cancel Saying no instead' }).click();
    await page.getByLabel('Reason (sent to everyone with a seat)').fill('Coach ill, no stand-in free');
    await page.getByRole('button', { name: 'Cancel this session' }).click();
    await page.getByText('No session needs a new coach.').waitFor();
    expect(await db.selectFrom('sessions').where('id', '=', dropped.id).select(['status', 'cancel_reason']).executeTakeFirstOrThrow()).toEqual({ status: 'cancelled', cancel_reason: 'Coach ill, no stand-in free' });
  });

  it('offers no form to reassign a session the API would refuse: cancelled or begun after it was listed, or to a coach', async () => {
    const db = t.database.db;
    const away = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Lena Krause' });
    const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 5 }).startOf('day');
    const cancelled = await buildSession(db, { org, coach: away, module: await buildModule(db, { org, title: 'Giving feedback' }), startsAt: day.set({ hour: 10 }).toJSDate() });
    const begun = await buildSession(db, { org, coach: away, module: await buildModule(db, { org, title: 'Running meetings' }), startsAt: day.set({ hour: 14 }).toJSDate() });
    await db.insertInto('coach_absences').values({
      org_id: org.id, coach_id: away.id, first_day: day.toISODate()!, last_day: day.toISODate()!, starts_at: day.toJSDate(), ends_at: day.plus({ days: 1 }).toJSDate(),
    }).execute();
    // Listed, then changed before each card asks for its candidates: one cancelled by another admin,
    // the other begun (its time moved to now), so reassigning either is refused.
    const changeBeforeAsking = async (route: Route) => {
      const id = new URL(route.request().url()).pathname.split('/')[3];
      if (id === cancelled.id) await db.updateTable('sessions').set({ status: 'cancelled', cancel_reason: 'Room closed', cancelled_at: new Date() }).where('id', '=', id).execute();
      if (id === begun.id) await db.updateTable('sessions').set({ starts_at: new Date(Date.now() - 60_000), ends_at: new Date(Date.now() + 89 * 60_000) }).where('id', '=', id).execute();
      await route.continue();
    };
    await page.route('**/api/sessions/*/coach-candidates', changeBeforeAsking);
    try {
      await page.goto('/admin/reassign');
      for (const [title, why] of [['Giving feedback', 'This session has been cancelled.'], ['Running meetings', 'This session has already started']] as const) {
        const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
        await card.getByRole('alert').filter({ hasText: why }).waitFor();
        expect(await card.getByLabel(`New coach for ${title}`).count(), title).toBe(0);
        expect(await card.getByRole('button', { name: 'Reassign', exact: true }).count(), title).toBe(0);
      }
    } finally {
      await page.unroute('**/api/sessions/*/coach-candidates', changeBeforeAsking);
    }
    expect((await db.selectFrom('sessions').where('id', 'in', [cancelled.id, begun.id]).select('coach_id').execute()).map((s) => s.coach_id)).toEqual([away.id, away.id]);

    // A coach may not reassign: neither the admin's page nor their own offers the form.
    await buildSession(db, { org, coach: away, module: await buildModule(db, { org, title: 'Coaching peers' }), startsAt: day.set({ hour: 17 }).toJSDate() });
    const coachTab = await openPage(browser, t.baseUrl);
    await signInByMail(t, coachTab.page, away.email);
    await coachTab.page.goto('/admin/reassign');
    await coachTab.page.getByRole('alert').filter({ hasText: 'You do not have permission to do this.' }).waitFor();
    expect(await coachTab.page.getByLabel(/^New coach for/).count()).toBe(0);
    await coachTab.page.goto('/coach');
    await coachTab.page.getByText('Coaching peers').first().waitFor();
    expect(await coachTab.page.getByLabel(/^New coach for/).count()).toBe(0);
    expect(await coachTab.page.getByRole('button', { name: 'Reassign', exact: true }).count()).toBe(0);
    expect(coachTab.errors).toEqual([]);
    await coachTab.context.close();
  });

  it('lists outgoing mail with its state', async () => {
    await section('Outgoing mail');
    // At least the log-in links of this file's people went out.
    await page.getByRole('cell', { name: /Katrin Vogel/ }).first().waitFor();
    await page.getByLabel('Status').selectOption('sent');
    await expect.poll(() => page.getByRole('cell', { name: 'Sent', exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'outgoing mail');
    await section('Audit log');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    // Each entry a sentence (the cancellation above), its raw entry behind "Details".
    const cancelled = page.getByRole('listitem').filter({ hasText: /Katrin Vogel cancelled the session ‘Saying no’ on / });
    await cancelled.first().waitFor();
    await cancelled.first().getByText('Details', { exact: true }).click();
    await cancelled.first().getByText('session.cancelled', { exact: true }).waitFor();
    await expectAccessible(page, 'audit log');
  });

  it('makes an integration token under settings, shows its secret once, and revokes it after asking', async () => {
    await section('Programme settings');
    await page.getByRole('link', { name: 'Integration tokens' }).click();
    await page.getByRole('heading', { level: 1, name: 'Integration tokens' }).waitFor();
    await page.getByRole('button', { name: 'Create a token' }).click();
    await page.getByLabel('Name').fill('HR sync');
    await page.getByLabel('Publish, change, cancel and reassign sessions').check();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const secret = await page.getByLabel('Token', { exact: true }).inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await expectAccessible(page, 'integration tokens');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByLabel('Token', { exact: true }).count()).toBe(0);
    await page.getByRole('rowheader', { name: 'HR sync' }).waitFor();
    await page.getByRole('cell', { name: 'Read, Sessions' }).waitFor();
    await page.getByRole('cell', { name: 'Never' }).waitFor();

    await page.getByRole('button', { name: 'Revoke HR sync' }).click();
    await page.getByRole('alertdialog').getByText('Revoke “HR sync”?', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await status('The token “HR sync” is revoked.');
    await page.getByRole('cell', { name: /^Revoked on / }).waitFor();
    const row = await t.database.db.selectFrom('api_tokens').where('org_id', '=', org.id).where('name', '=', 'HR sync').select('revoked_at').executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    const refused = await fetch(`${t.baseUrl}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status).toBe(401);
  });
});
