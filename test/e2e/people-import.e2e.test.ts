// The admin's CSV import in the browser: an import that would deactivate people asks first, naming
// how many and their seats (English on a desktop, German on a phone), and Cancel changes nothing;
// the rows at fault and the warnings about new sites and departments read in German.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot, type TestPage } from './browser.ts';

const PHONE = { width: 390, height: 844 };
const HEADER = 'name,email,department,site,time_zone,locale,roles';

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

/** An organisation of its own: its admin, a colleague who stays, and two who are not in the file (one with a seat). */
async function company(locale: 'en' | 'de') {
  const db = t.database.db;
  const org = await buildOrganisation(db, { name: 'Northwind' });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], locale, name: 'Katrin Vogel', department: 'Engineering', site: 'Hamburg' });
  const stays = await buildPerson(db, { org, name: 'Jonas Becker', department: 'Engineering', site: 'Hamburg' });
  const leaver = await buildPerson(db, { org, name: 'Omar Haddad' });
  // The session's coach is the other one not in the file.
  await buildBooking(db, { session: await buildSession(db, { org }), person: leaver });
  const file = [HEADER, `Katrin Vogel,${admin.email},Engineering,Hamburg,,,admin;employee`, `Jonas Becker,${stays.email},Engineering,Hamburg,,,`, `Ada Lovelace,ada-${org.slug}@example.test,Engineering,Hamburg,,,`].join('\n');
  return { org, admin, file };
}

async function signedIn(admin: PersonRow, viewport?: { width: number; height: number }) {
  const tab = await openPage(browser, t.baseUrl, viewport ? { viewport } : {});
  tabs.push(tab);
  await signInByMail(t, tab.page, admin.email);
  await tab.page.goto('/admin/people');
  return tab.page;
}

const choose = (page: Page, label: string, csv: string) =>
  page.getByLabel(label).setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

async function state(org: OrgRow) {
  const people = await t.database.db.selectFrom('people').where('org_id', '=', org.id).select(['email', 'active']).orderBy('email').execute();
  return { people, active: people.filter((p) => p.active).length };
}

describe('the people import', () => {
  it('asks on a desktop before deactivating, naming the people and seats; Cancel changes nothing, confirming imports', async () => {
    const { org, admin, file } = await company('en');
    const page = await signedIn(admin);
    await page.getByRole('heading', { name: 'Import people from CSV' }).waitFor();
    await choose(page, 'CSV file', file);
    await page.getByLabel('Keep people who are not in the file (otherwise they are deactivated)').uncheck();
    const before = await state(org);

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const ask = page.getByRole('dialog', { name: 'Deactivate 2 people?' });
    await ask.waitFor();
    await ask.getByText('2 active people are not in the file. The import deactivates them and ends their sign-ins.').waitFor();
    await ask.getByText('They give up 1 seat in sessions yet to start; the coaches are told.').waitFor();
    await ask.getByText('3 rows: 1 new, 0 changed, 2 unchanged, 2 deactivated, 1 seat given up.').waitFor();
    await expectAccessible(page, 'people import, asking before deactivating');
    await screenshot(page, 'admin-people-import-confirm', { fullPage: false });
    // The safe answer has the focus: Enter does not deactivate anyone.
    expect(await ask.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement)).toBe(true);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Cancelled; nothing was imported.' }).waitFor();
    expect(await state(org)).toEqual(before);

    // Someone joins between the check and the confirmation: the API refuses the old number, and
    // the page asks again with the new one.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await ask.waitFor();
    await buildPerson(t.database.db, { org, name: 'Late Joiner' });
    await ask.getByRole('button', { name: 'Import and deactivate 2 people' }).click();
    const again = page.getByRole('dialog', { name: 'Deactivate 3 people?' });
    await again.getByText('This changed since the file was checked.').waitFor();
    expect((await state(org)).active).toBe(before.active + 1);
    await again.getByRole('button', { name: 'Import and deactivate 3 people' }).click();
    await page.getByRole('status').filter({ hasText: '3 rows: 1 new, 0 changed, 2 unchanged, 3 deactivated, 1 seat given up.' }).waitFor();
    expect((await state(org)).active).toBe(3);
  });

  it('on a German phone: rows at fault, warnings and the confirmation in German', async () => {
    const { org, admin, file } = await company('de');
    const page = await signedIn(admin, PHONE);
    await page.getByRole('heading', { name: 'Personen aus CSV importieren' }).waitFor();

    // The QA's bad.csv.
    await choose(page, 'CSV-Datei', [
      HEADER,
      'Ada Test,not-an-email,Engineering,Hamburg,Europe/Berlin,en,employee',
      'Bob Test,bob.test@northwind.example,Engineering,Atlantis,Mars/Olympus,fr,employee;wizard',
      ',empty.name@northwind.example,,,,,',
      'Bob Again,bob.test@northwind.example,Sales,Lisbon,Europe/Lisbon,de,employee',
    ].join('\n'));
    await page.getByRole('button', { name: 'Testlauf' }).click();
    const refusal = page.getByRole('alert');
    await refusal.getByText('4 Zeilen sind fehlerhaft; es wurde nichts importiert.').waitFor();
    const line = (n: number) => refusal.getByRole('listitem').filter({ hasText: new RegExp(`^Zeile ${n}\\b`) });
    expect(await line(2).textContent()).toBe('Zeile 2 (not-an-email): email „not-an-email“ ist keine gültige E-Mail-Adresse');
    expect(await line(3).textContent()).toContain('time_zone „Mars/Olympus“ ist keine Zeitzone');
    expect(await line(3).textContent()).toContain('locale „fr“ ist keine der Sprachen en, de');
    expect(await line(3).textContent()).toContain('Rolle „wizard“ ist unbekannt; die Rollen sind employee, coach, admin');
    expect(await line(4).textContent()).toBe('Zeile 4 (empty.name@northwind.example): name fehlt');
    expect(await line(5).textContent()).toContain('steht schon in Zeile 3');
    expect(await refusal.textContent()).not.toMatch(/ is not | unknown| missing| at fault/);
    await screenshot(page, 'admin-people-import-errors-de');

    // The QA's bad-header.csv: the valid columns said once.
    await choose(page, 'CSV-Datei', 'Name;E-Mail;Abteilung\nAda;ada@x.de;IT\n');
    await page.getByRole('button', { name: 'Testlauf' }).click();
    await refusal.getByText('1 Zeile ist fehlerhaft; es wurde nichts importiert.').waitFor();
    expect(await line(1).textContent()).toBe(
      'Zeile 1: unbekannte Spalten „E-Mail“, „Abteilung“; die Spalten heißen name, email, department, site, time_zone, locale, roles; die Spalte email fehlt',
    );

    // The QA's typo.csv: new site and department named, the file not refused.
    await choose(page, 'CSV-Datei', `${HEADER}\nZed Typo,zed.typo@northwind.example,Enginering,Hamburgg,Europe/Berlin,en,employee`);
    await page.getByRole('button', { name: 'Testlauf' }).click();
    await page.getByRole('status').filter({ hasText: 'Testlauf, nichts geändert. 1 Zeile: 1 neu' }).waitFor();
    await page.getByText('Neuer Standort: Hamburgg – 1 Person').waitFor();
    await page.getByText('Neue Abteilung: Enginering – 1 Person').waitFor();
    await expectAccessible(page, 'people import, warnings in German on a phone');
    await screenshot(page, 'admin-people-import-warnings-de');

    // The confirmation, in German, on the phone's width.
    await choose(page, 'CSV-Datei', file);
    await page.getByLabel('Personen behalten, die nicht in der Datei stehen (sonst werden sie deaktiviert)').uncheck();
    const before = await state(org);
    await page.getByRole('button', { name: 'Importieren', exact: true }).click();
    const ask = page.getByRole('dialog', { name: '2 Personen deaktivieren?' });
    await ask.getByText('2 aktive Personen stehen nicht in der Datei. Der Import deaktiviert sie und beendet ihre Anmeldungen.').waitFor();
    await ask.getByText('Dabei wird 1 Platz in anstehenden Terminen freigegeben; die Coaches werden benachrichtigt.').waitFor();
    const box = (await ask.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'people import, asking in German on a phone');
    await screenshot(page, 'admin-people-import-confirm-de-phone', { fullPage: false });
    await ask.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('status').filter({ hasText: 'Abgebrochen; es wurde nichts importiert.' }).waitFor();
    expect(await state(org)).toEqual(before);

    await page.getByRole('button', { name: 'Importieren', exact: true }).click();
    await ask.getByRole('button', { name: 'Importieren und 2 Personen deaktivieren' }).click();
    await page.getByRole('status').filter({ hasText: '2 deaktiviert, 1 Platz freigegeben.' }).waitFor();
    expect((await state(org)).active).toBe(3);
  });
});
