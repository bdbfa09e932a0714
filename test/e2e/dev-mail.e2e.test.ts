// /dev/mail in the browser, as a newcomer meets it: Quartet started without SMTP_URL keeps its mail
// in the built-in catcher. On this machine the inbox is readable, newest first; a message opens
// rendered, and its log-in link signs the person in. Seen from elsewhere (behind a proxy), only an
// admin reads it, and only their organisation's people's mail; anyone else gets a page that says
// why, not JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/config.ts';
import { startQuartet, type RunningQuartet } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrganisation, buildPerson, type OrgRow, type PersonRow } from '../factories.ts';
import { freePort } from '../free-port.ts';
import { expectAccessible, launchBrowser, openPage, screenshot } from './browser.ts';

const PHONE = { width: 390, height: 844 };
// Quartet trusts X-Forwarded-For here, as behind a proxy: a browser sending it is somewhere else.
const FROM_ELSEWHERE = { 'x-forwarded-for': '203.0.113.7' };

let database: TestDatabase;
let quartet: RunningQuartet;
let baseUrl: string;
let dataDir: string;
let browser: Browser;
let org: OrgRow;
let admin: PersonRow;
let germanAdmin: PersonRow;
let employee: PersonRow;
let outsider: PersonRow;
beforeAll(async () => {
  database = await createTestDatabase(4);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-e2e-dev-mail-'));
  const port = await freePort();
  // localhost, not 127.0.0.1: the session cookie is __Host- (Secure), which Chromium accepts over
  // plain HTTP from localhost only.
  baseUrl = `http://localhost:${port}`;
  quartet = await startQuartet(loadConfig({
    DATABASE_URL: database.url, APP_DATABASE_URL: database.appUrl, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir,
    BASE_URL: baseUrl, SEED_DEMO: 'never', TRUST_PROXY: 'true', LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '2',
  }), pino({ level: 'silent' }));
  browser = await launchBrowser();
  org = await buildOrganisation(database.db, { name: 'Northwind' });
  admin = await buildPerson(database.db, { org, roles: ['admin', 'employee'], name: 'Katrin Vogel' });
  germanAdmin = await buildPerson(database.db, { org, roles: ['admin', 'employee'], name: 'Jonas Becker', locale: 'de' });
  employee = await buildPerson(database.db, { org, name: 'Omar Haddad', locale: 'de' });
  outsider = await buildPerson(database.db, { name: 'Somebody Elsewhere' });
});
afterAll(async () => {
  await browser?.close();
  await quartet?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Mail straight into the catcher, as any program on this machine might send it. */
function send(to: string, subject: string) {
  return nodemailer.createTransport(quartet.ctx.mailCatcher!.smtpUrl).sendMail({ from: 'tester@example.test', to, subject, text: `${subject}.` });
}

/** The log-in link of the newest sign-in mail the catcher holds for `email`, once it is there. */
async function caughtLoginLink(email: string, before: Set<string>): Promise<string> {
  const catcher = quartet.ctx.mailCatcher!;
  let link: string | undefined;
  await expect.poll(async () => {
    for (const { id } of await catcher.list()) {
      const raw = before.has(id) ? undefined : await catcher.read(id);
      // The catcher writes the envelope's recipient on top.
      if (!raw?.startsWith(`Delivered-To: ${email}\r\n`)) continue;
      link = (await simpleParser(raw)).text?.match(/https?:\/\/\S+\/sign-in#token=[\w-]+/)?.[0];
      if (link) return true;
    }
    return false;
  }, { timeout: 15_000 }).toBe(true);
  return link!;
}

const caughtIds = async () => new Set((await quartet.ctx.mailCatcher!.list()).map((c) => c.id));

/** Asks for a log-in link on the sign-in page (in the page's language). */
async function askForLink(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByRole('button', { name: /log-in link|Anmeldelink/i }).click();
  await page.getByRole('status').filter({ hasText: email }).waitFor();
}

describe('the development mail inbox', () => {
  it('lists the mail newest first on this machine, shows a message rendered, and its log-in link signs in (desktop, English)', async () => {
    await send(outsider.email, 'For another organisation');
    await send(admin.email, 'Welcome to the trial');
    const { context, page, errors } = await openPage(browser, baseUrl);
    await askForLink(page, admin.email);

    await page.goto('/dev/mail');
    await page.getByRole('heading', { level: 1, name: 'Development mail' }).waitFor();
    await page.getByText('You read everyone’s mail: you are on this machine.').waitFor();
    // The log-in link is sent by the worker: it is there after a reload or two.
    const signInRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Your Quartet sign-in link' }) });
    await expect.poll(async () => {
      if ((await signInRow.count()) > 0) return true;
      await page.reload();
      return false;
    }, { timeout: 15_000 }).toBe(true);
    const subjects = await page.locator('tbody tr td:first-child').allTextContents();
    expect(subjects.slice(0, 3)).toEqual(['Your Quartet sign-in link', 'Welcome to the trial', 'For another organisation']);
    const received = await page.locator('tbody time').evaluateAll((times) => times.map((e) => e.getAttribute('datetime')!));
    expect(received).toEqual([...received].sort().reverse());
    await signInRow.getByRole('cell', { name: admin.email }).waitFor();
    await expectAccessible(page, 'development inbox');
    await screenshot(page, 'dev-mail-inbox');

    await signInRow.getByRole('link', { name: 'Your Quartet sign-in link' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your Quartet sign-in link' }).waitFor();
    await page.getByRole('definition').filter({ hasText: admin.email }).waitFor();
    const message = page.frameLocator('iframe[title="The message"]');
    const button = message.getByRole('link', { name: 'Sign in to Quartet' });
    expect(await button.getAttribute('href')).toMatch(new RegExp(`^${baseUrl}/sign-in#token=[\\w-]+$`));
    // The message's own HTML runs in a frame without scripts, where axe cannot go.
    await expectAccessible(page, 'development inbox, one message', { skipFrames: ['iframe[title="The message"]'] });
    await screenshot(page, 'dev-mail-message');

    // The link opens outside the sandboxed frame, in a tab of its own, and signs the admin in.
    const [signedIn] = await Promise.all([context.waitForEvent('page'), button.click()]);
    signedIn.on('pageerror', (e) => errors.push(e.message));
    await signedIn.waitForURL(/\/sessions$/);
    const me = await context.request.get('/api/me');
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { name: string }).name).toBe('Katrin Vogel');

    // Signed in, the admin reads their organisation's people's mail only, even on this machine.
    await page.goto('/dev/mail');
    await page.getByText('You read the mail to people of your organisation.').waitFor();
    await page.getByRole('link', { name: 'Welcome to the trial' }).waitFor();
    expect(await page.getByRole('link', { name: 'For another organisation' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('refuses a non-admin from elsewhere with a page, and shows an admin there their organisation’s mail (phone, German)', async () => {
    const { context, page, errors } = await openPage(browser, baseUrl, { locale: 'de-DE', viewport: PHONE });
    await context.setExtraHTTPHeaders(FROM_ELSEWHERE);

    // Not signed in: a page in German that says why, not the API's JSON.
    const refused = await page.goto('/dev/mail');
    expect(refused!.status()).toBe(403);
    expect(refused!.headers()['content-type']).toMatch(/^text\/html/);
    await page.getByRole('heading', { level: 1, name: 'Nicht für Sie' }).waitFor();
    await page.getByText('Die Entwicklungs-Post ist nur auf diesem Rechner und für Admins zugänglich').waitFor();
    expect(await page.locator('body').textContent()).not.toContain('"code"');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await expectAccessible(page, 'development inbox refused');
    await screenshot(page, 'dev-mail-refused-de-phone');

    // Signed in as an employee: refused all the same, a message's address too.
    let before = await caughtIds();
    await askForLink(page, employee.email);
    await page.goto(await caughtLoginLink(employee.email, before));
    await page.waitForURL(/\/sessions$/);
    for (const address of ['/dev/mail', `/dev/mail/${[...before][0]}`]) {
      expect((await page.goto(address))!.status(), address).toBe(403);
      await page.getByRole('heading', { level: 1, name: 'Nicht für Sie' }).waitFor();
    }

    // An admin, from elsewhere too, reads the mail to their organisation's people, in German.
    const adminTab = await openPage(browser, baseUrl, { locale: 'de-DE', viewport: PHONE });
    await adminTab.context.setExtraHTTPHeaders(FROM_ELSEWHERE);
    before = await caughtIds();
    await askForLink(adminTab.page, germanAdmin.email);
    await adminTab.page.goto(await caughtLoginLink(germanAdmin.email, before));
    await adminTab.page.waitForURL(/\/sessions$/);
    expect((await adminTab.page.goto('/dev/mail'))!.status()).toBe(200);
    await adminTab.page.getByRole('heading', { level: 1, name: 'Entwicklungs-Post' }).waitFor();
    await adminTab.page.getByText('Sie lesen die Post an Personen Ihrer Organisation.').waitFor();
    await adminTab.page.getByRole('link', { name: 'Ihr Anmeldelink für Quartet' }).first().waitFor();
    expect(await adminTab.page.getByText(employee.email).count()).toBeGreaterThan(0);
    expect(await adminTab.page.getByText(outsider.email).count()).toBe(0);
    // On a phone the table becomes a list: nothing wider than the screen.
    expect(await adminTab.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(adminTab.page, 'development inbox, German admin on a phone');
    await screenshot(adminTab.page, 'dev-mail-inbox-de-phone');
    expect([...errors, ...adminTab.errors]).toEqual([]);
  });
});
