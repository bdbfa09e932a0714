// The admin's webhooks page in Chromium: an endpoint added (empty state first), a suggestion the
// group records reaching a real listener on 127.0.0.1 through Quartet's worker, the delivery in
// the log with the endpoint's answer, delivered again with the same event id; the page in German
// on a 390 px phone, nothing wider than the screen; axe on each.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../api-calls.ts';
import { reflectionGroup, type ReflectionGroup } from '../suggestion-fixtures.ts';
import { startReceiver, type Receiver } from '../webhook-receiver.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, mainNav, openPage, screenshot, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
let g: ReflectionGroup;
let receiver: Receiver;
let desk: TestPage;
let page: Page;
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  g = await reflectionGroup(t);
  receiver = await startReceiver();
  receiver.otherwise({ status: 200, body: '{"received":true}' });
  desk = await openPage(browser, t.baseUrl);
  page = desk.page;
  await signInByMail(t, page, g.admin.email);
});
afterAll(async () => {
  expect(desk.errors).toEqual([]);
  await browser?.close();
});

describe('the webhooks page', () => {
  it('adds an endpoint, shows its delivery with the answer, and delivers it again', async () => {
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks', exact: true }).waitFor();
    await page.getByText('No endpoints yet.').waitFor();
    await expectAccessible(page, 'webhooks, empty');

    await page.getByRole('button', { name: 'Add an endpoint' }).click();
    const form = page.getByRole('form', { name: 'Add an endpoint' });
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Description').fill('Ideas to the intranet');
    await form.getByRole('checkbox', { name: /Seat taken/ }).check();
    await expectAccessible(page, 'webhooks, adding');
    await form.getByRole('button', { name: 'Save' }).click();
    const card = page.getByRole('article', { name: receiver.url });
    await card.getByText('Ideas to the intranet').waitFor();
    const secret = await card.getByRole('textbox', { name: `Secret of ${receiver.url}` }).inputValue();
    expect(secret).toMatch(/^whsec_/);

    // The group records it (through the API, from Quartet's own origin).
    const recorded = await call(t, 'POST', `/api/sessions/${g.session.id}/suggestions`, {
      cookie: g.cookies.coach, headers: { origin: t.baseUrl }, body: { title: 'Shared <b>checklists</b>', body: 'One page per line' },
    });
    expect(recorded.status, recorded.text).toBe(201);
    await receiver.waitFor(1);
    expect(JSON.parse(receiver.received[0]!.body).data.suggestion.title).toBe('Shared <b>checklists</b>');

    await card.getByRole('button', { name: 'Show the delivery log' }).click();
    const row = card.getByRole('row').filter({ hasText: 'Suggestion recorded' });
    await row.getByText('Delivered').waitFor();
    await row.getByText('HTTP 200').waitFor();
    await row.getByText('{"received":true}').waitFor();
    await expectAccessible(page, 'webhooks, delivery log');
    await screenshot(page, 'admin-webhooks');

    await row.getByRole('button', { name: /^Deliver Suggestion recorded of .* again$/ }).click();
    await page.getByRole('status').filter({ hasText: 'Queued to be delivered again.' }).waitFor();
    await receiver.waitFor(2);
    expect(receiver.eventIds()[1]).toBe(receiver.eventIds()[0]);
    await row.getByRole('cell', { name: '2', exact: true }).waitFor();
  });

  it('fits a 390 px phone in German, the log open', async () => {
    const phone = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await signInByMail(t, phone.page, g.admin.email);
    const p = phone.page;
    // The language first, then the page: a switch while the page loads would render it twice. And
    // only once the person is loaded (the menu shows): a switch before that is not saved to the
    // profile, and the profile's English, arriving after it, switches the page back.
    // On a phone the menu, the language with it, folds behind the header's Menu button.
    await mainNav(p);
    await p.getByRole('banner').getByRole('combobox').selectOption('de');
    // Through the menus, in German once the switch has taken: nothing loads twice.
    await p.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: 'Verwaltung' }).click();
    await p.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Webhooks' }).click();
    await p.getByRole('heading', { level: 1, name: 'Webhooks', exact: true }).waitFor();
    await p.getByRole('button', { name: 'Endpunkt hinzufügen' }).waitFor();
    const card = p.getByRole('article', { name: receiver.url });
    await card.getByRole('button', { name: 'Zustellprotokoll zeigen' }).click();
    await card.getByRole('row').filter({ hasText: 'Vorschlag erfasst' }).getByText('Zugestellt').waitFor();
    const layout = await p.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(layout).toEqual({ scrollWidth: 390, width: 390 });
    await expectAccessible(p, 'webhooks on a phone, German');
    await screenshot(p, 'phone-admin-webhooks-de');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});
