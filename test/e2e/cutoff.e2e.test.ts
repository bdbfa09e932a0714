// Past the organisation's cut-off a seat can no longer be given up or moved, and a full session's
// waiting list is closed: the API refuses all three. The pages then offer none of those buttons (each
// would only end in a refusal) and say until when they were possible; a session further off keeps them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, screenshot } from './browser.ts';

let t: E2eApp;
let browser: Browser;
let emma: PersonRow;
let lena: PersonRow;
const ids = { soon: '', full: '' };
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const org = await buildOrganisation(db, { cancellation_cutoff_minutes: 120 });
  emma = await buildPerson(db, { org });
  lena = await buildPerson(db, { org, locale: 'de' });
  const soon = await buildSession(db, { org, module: await buildModule(db, { org, title: 'Negotiating' }), startsAt: inMinutes(60) });
  const later = await buildSession(db, { org, module: await buildModule(db, { org, title: 'Storytelling' }), startsAt: inMinutes(3 * 24 * 60) });
  const full = await buildSession(db, { org, module: await buildModule(db, { org, title: 'Listening' }), startsAt: inMinutes(100), capacity: 4 });
  for (const person of [emma, lena]) {
    await buildBooking(db, { session: soon, person });
    await buildBooking(db, { session: later, person });
  }
  for (let i = 0; i < 4; i++) await buildBooking(db, { session: full, person: await buildPerson(db, { org }) });
  Object.assign(ids, { soon: soon.id, full: full.id });
});
afterAll(() => browser?.close());

describe('past the cut-off', () => {
  it('My sessions offers no giving up or moving of that seat, says until when it could, and keeps both for a later seat', async () => {
    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, emma.email);
    await page.goto('/my-sessions');
    await page.getByRole('heading', { name: 'Storytelling' }).waitFor();
    await page.getByRole('button', { name: 'Give up seat in Storytelling' }).waitFor();
    expect(await page.getByRole('button', { name: 'Move seat in Storytelling to another session' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Give up seat in Negotiating' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Move seat in Negotiating to another session' }).count()).toBe(0);
    const note = page.getByTestId('too-late-to-change');
    expect(await note.count()).toBe(1);
    expect(await note.textContent()).toMatch(/^Seats in this session could be given up or moved until .+\. If you cannot come now, please tell your coach\.$/);
    // The calendar file stays: the seat is still theirs.
    await page.getByRole('link', { name: 'Add Negotiating to calendar (.ics file)' }).waitFor();
    await expectAccessible(page, 'my sessions past the cut-off');

    await page.goto(`/sessions/${ids.soon}`);
    await page.getByText('You have a seat').waitFor();
    await page.getByTestId('too-late-to-change').waitFor();
    expect(await page.getByRole('button', { name: /Give up/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("a full session's page offers no waiting list once it has closed, and says since when (German, phone)", async () => {
    const { page, errors } = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await signInByMail(t, page, lena.email);
    await page.goto(`/sessions/${ids.full}`);
    await page.getByText('Ausgebucht').first().waitFor();
    const closed = page.getByTestId('waitlist-closed');
    await closed.waitFor();
    expect(await closed.textContent()).toMatch(/^Die Warteliste ist seit .+ geschlossen: Ab dann können Plätze nicht mehr freigegeben werden\.$/);
    expect(await page.getByRole('button', { name: /Warteliste/ }).count()).toBe(0);
    await page.goto('/sessions');
    await page.getByRole('article', { name: 'Listening' }).waitFor();
    expect(await page.getByRole('button', { name: /Warteliste/ }).count()).toBe(0);

    await page.goto('/my-sessions');
    await page.getByTestId('too-late-to-change').waitFor();
    expect(await page.getByTestId('too-late-to-change').textContent()).toContain('Wenn Sie jetzt nicht kommen können, sagen Sie bitte Ihrem Coach Bescheid.');
    expect(await page.getByRole('button', { name: 'Platz in Negotiating freigeben' }).count()).toBe(0);
    await screenshot(page, 'cutoff-my-sessions-phone-de');
    expect(errors).toEqual([]);
  });
});
