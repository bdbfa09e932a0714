// A cohort's pages beside the straight path of cohorts.e2e.test.ts: a publish refused because a
// member is busy (named, with what to do), a solve whose process stopped and one under way (in
// German words and numbers, with nothing offered that the solve would undo), the new-cohort form's
// count of groups and its empty list of rooms, and the pages at a phone's width in both languages.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, openPage, type TestPage } from './browser.ts';

let t: E2eApp;
let browser: Browser;
const tabs: TestPage[] = [];
let org: OrgRow;
let admin: PersonRow;
let adminDe: PersonRow;
let moduleId: string;
const coachIds: string[] = [];
const members: PersonRow[] = [];
// Next week's Tuesday at 10:00 in Berlin: inside the planning window, whatever today is.
const firstRound = DateTime.now().setZone('Europe/Berlin').plus({ weeks: 1 }).set({ weekday: 2, hour: 10, minute: 0, second: 0, millisecond: 0 });

beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
  const db = t.database.db;
  org = await buildOrganisation(db);
  await db.updateTable('organisations').set({ cohort_search_seconds: 1 }).where('id', '=', org.id).execute();
  admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Alma Admin', department: 'People' });
  adminDe = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Dora Direktorin', department: 'People', locale: 'de' });
  // Long names: the groups' cards and the move form's choices have to fit a phone with them.
  const departments = ['Production', 'Sales', 'Research and Development'];
  for (let i = 0; i < 10; i++) {
    members.push(await buildPerson(db, { org, department: departments[i % 3]!, name: `Maximiliane Mustermann-Schulze ${String(i).padStart(2, '0')}` }));
  }
  for (let i = 0; i < 3; i++) coachIds.push((await buildPerson(db, { org, roles: ['coach', 'employee'], name: `Coach ${i}`, department: 'Learning' })).id);
  moduleId = (await buildModule(db, { org, title: 'Leading through change' })).id;
});
afterAll(async () => {
  for (const tab of tabs) expect(tab.errors).toEqual([]);
  await browser?.close();
});

async function signedIn(person: PersonRow, o: { locale?: string; width?: number } = {}): Promise<Page> {
  const tab = await openPage(browser, t.baseUrl, { locale: o.locale ?? 'en-GB', ...(o.width && { viewport: { width: o.width, height: 800 } }) });
  tabs.push(tab);
  await signInByMail(t, tab.page, person.email);
  return tab.page;
}

/** A draft of the ten members over two rounds, `hours` after the first round's time, solved; its id. */
async function solvedDraft(page: Page, name: string, hours: number): Promise<string> {
  const call = (method: string, path: string, body?: unknown) => page.evaluate(async ([m, p, b]) => {
    const res = await fetch(p, { method: m, headers: b === undefined ? {} : { 'content-type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  }, [method, path, body] as const);
  const created = await call('POST', '/api/cohorts', {
    name, moduleId, personIds: members.map((m) => m.id), rounds: 2, timeZone: 'Europe/Berlin',
    firstStartsAt: firstRound.plus({ hours }).toFormat("yyyy-MM-dd'T'HH:mm"), everyWeeks: 1, format: 'virtual', coachIds,
    onlineUrls: ['https://meet.example.com/1', 'https://meet.example.com/2', 'https://meet.example.com/3'],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  await expect.poll(async () => ((await call('GET', `/api/cohorts/${id}`)).body.solver as { status: string }).status, { timeout: 30_000 }).toBe('done');
  return id;
}

/** The solver's state as its process leaves it in the database. */
function setSolver(id: string, state: { solver_status: 'solving'; solver_phase: string; solver_repeats?: number; solver_elapsed_ms?: number; updatedAgo: string }) {
  const { updatedAgo, ...columns } = state;
  return t.database.db.updateTable('cohorts').set({ ...columns, solver_updated_at: sql<Date>`now() - ${updatedAgo}::interval` }).where('id', '=', id).execute();
}

describe('a cohort page', () => {
  it('names who is in the way when publishing is refused, with the round’s time and what to do', async () => {
    const page = await signedIn(admin);
    const id = await solvedDraft(page, 'Conflicts', 0);
    // The first member of round 1's second group already holds a seat in another session then.
    const db = t.database.db;
    const { schedule } = await db.selectFrom('cohorts').where('id', '=', id).select('schedule').executeTakeFirstOrThrow();
    const busy = members.find((m) => m.id === (schedule as unknown as string[][][])[0]![1]![0])!;
    const round = await db.selectFrom('cohort_rounds').where('cohort_id', '=', id).where('round', '=', 0).select('starts_at').executeTakeFirstOrThrow();
    await buildBooking(db, { session: await buildSession(db, { org, startsAt: round.starts_at, module: { id: moduleId } }), person: busy });

    await page.goto(`/admin/cohorts/${id}`);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Publish every round' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Nothing was published' });
    await alert.waitFor();
    const items = await alert.getByRole('listitem').allTextContents();
    expect(items).toEqual([expect.stringMatching(new RegExp(`^Round 1, group 2 \\(.+ 10:00\\): ${busy.name} is busy then$`))]);
    await alert.getByText('Move the people in the way to another group of their round by hand (below), or make a new cohort with other dates.').waitFor();
    await expectAccessible(page, 'the refused publish');
  });

  it('says in German that a solve whose process stopped failed, keeps the API’s English sentence behind a toggle, and asks before forming the groups again', async () => {
    const page = await signedIn(adminDe, { locale: 'de-DE' });
    const id = await solvedDraft(page, 'Abgebrochen', 3);
    await setSolver(id, { solver_status: 'solving', solver_phase: 'search', updatedAgo: '1 hour' });
    await page.goto(`/admin/cohorts/${id}`);
    const alert = page.getByRole('alert').filter({ hasText: 'Die Gruppen konnten nicht gebildet werden.' });
    await alert.waitFor();
    expect(await alert.textContent()).not.toContain('The process running the solver stopped');
    const details = page.locator('details').filter({ hasText: 'Meldung des Servers' });
    await details.locator('summary').click();
    await details.getByText('The process running the solver stopped; solve again.').waitFor();

    const solves: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith(`/api/cohorts/${id}/solve`)) solves.push(r.method()); });
    const asked: string[] = [];
    page.once('dialog', (d) => { asked.push(d.message()); void d.dismiss(); });
    await page.getByRole('button', { name: 'Gruppen neu bilden' }).click();
    await expect.poll(() => asked).toEqual(['Die Gruppen von Grund auf neu bilden? Von Hand vorgenommene Umsetzungen gehen verloren.']);
    expect(solves).toEqual([]);
    await alert.waitFor();

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Gruppen neu bilden' }).click();
    // Ten people in two rounds reach their bound at once, often before the answer: no progress to wait for.
    await alert.waitFor({ state: 'detached' });
    expect(solves).toEqual(['POST']);
  });

  it('shows the solver’s progress in German words and numbers, and offers neither Publish nor Move while the groups are formed again', async () => {
    const page = await signedIn(adminDe, { locale: 'de-DE' });
    const id = await solvedDraft(page, 'Neu bilden', 6);
    // As "Gruppen neu bilden" leaves it (queries.ts requeueSolve keeps the old schedule), then progress.
    await setSolver(id, { solver_status: 'solving', solver_phase: 'search', solver_repeats: 3, solver_elapsed_ms: 1500, updatedAgo: '0 seconds' });
    await page.goto(`/admin/cohorts/${id}`);
    const status = page.getByRole('status').filter({ hasText: 'Gruppen werden gebildet' });
    await status.waitFor();
    expect(await status.textContent()).toBe('Gruppen werden gebildet: weniger Wiederholungen werden gesucht, bisher 3 wiederholte Paare (1,5 s).');
    // The old preview is still there to read…
    await page.getByRole('heading', { name: /^Runde 1 · / }).waitFor();
    // …but not to publish or change.
    expect(await page.getByRole('button', { name: 'Alle Runden veröffentlichen' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Umsetzen' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Gruppen neu bilden' }).count()).toBe(0);
  });

  it('says it is publishing while it does, and when another tab published first, says so and shows the cohort as it now is', async () => {
    // An admin of their own: log-in links per address are limited, and Alma signs in often in this file.
    const page = await signedIn(await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], name: 'Ada Admin' }));
    const id = await solvedDraft(page, 'Two tabs', 12);
    await page.goto(`/admin/cohorts/${id}`);
    await page.getByRole('button', { name: 'Publish every round' }).waitFor();
    // Meanwhile, in another tab: published.
    expect(await page.evaluate(async (path) => (await fetch(path, { method: 'POST' })).status, `/api/cohorts/${id}/publish`)).toBe(200);
    // This tab's publish, held back a moment so that its state under way can be seen.
    let release = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route(`**/api/cohorts/${id}/publish`, async (route) => { await held; await route.continue(); });
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Publish every round' }).click();
    await page.getByRole('button', { name: 'Publishing…' }).waitFor();
    expect(await page.getByRole('button', { name: 'Publishing…' }).isDisabled()).toBe(true);
    await page.getByRole('status').filter({ hasText: 'Publishing 6 sessions and booking every member' }).waitFor();
    release();
    await page.getByRole('alert').filter({ hasText: 'This cohort has been published; its groups now change by swaps.' }).waitFor();
    await page.locator('.badge').filter({ hasText: 'Published' }).waitFor();
    expect(await page.getByRole('button', { name: 'Publish every round' }).count()).toBe(0);
    await page.getByRole('form', { name: 'Someone cannot make round 1' }).waitFor();
  });

  it('asks before a swap moves two booked seats, and names who traded', async () => {
    const page = await signedIn(admin);
    const id = await solvedDraft(page, 'Swaps', 9);
    const published = await page.evaluate(async (path) => (await fetch(path, { method: 'POST' })).status, `/api/cohorts/${id}/publish`);
    expect(published).toBe(200);
    await page.goto(`/admin/cohorts/${id}`);
    const form = page.getByRole('form', { name: 'Someone cannot make round 2' });
    const { schedule } = await t.database.db.selectFrom('cohorts').where('id', '=', id).select('schedule').executeTakeFirstOrThrow();
    const absent = members.find((m) => m.id === (schedule as unknown as string[][][])[1]![0]![0])!;
    await form.getByLabel('Person').selectOption({ label: absent.name });
    const swaps: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith(`/api/cohorts/${id}/swaps`)) swaps.push(r.method()); });
    const asked: string[] = [];
    page.once('dialog', (d) => { asked.push(d.message()); void d.dismiss(); });
    await form.getByRole('button', { name: 'Swap into another group' }).click();
    await expect.poll(() => asked).toEqual([`Trade ${absent.name}’s seat in round 2 with the member of another group whose trade repeats least? Both seats move at once, and both people are told by mail.`]);
    expect(swaps).toEqual([]);
    page.once('dialog', (d) => void d.accept());
    await form.getByRole('button', { name: 'Swap into another group' }).click();
    await form.getByText(new RegExp(`^${absent.name} trades places with .+ \\(group 1 ↔ group \\d\\); new repeats: \\d+\\. Both are told\\.$`)).waitFor();
    expect(swaps).toEqual(['POST']);

    // Once round 1 has begun, its swap form goes (the API would answer SESSION_STARTED); round 2's stays.
    const begun = new Date(Date.now() - 30 * 60_000);
    const roundOne = await t.database.db.selectFrom('cohort_groups').where('cohort_id', '=', id).where('round', '=', 0).select('session_id').execute();
    await t.database.db.updateTable('cohort_rounds').set({ starts_at: begun }).where('cohort_id', '=', id).where('round', '=', 0).execute();
    await t.database.db.updateTable('sessions').set({ starts_at: begun, ends_at: new Date(begun.getTime() + 90 * 60_000) })
      .where('id', 'in', roundOne.map((g) => g.session_id!)).execute();
    await page.reload();
    await page.getByText('Round 1 has begun, so its groups stay as they are.').waitFor();
    expect(await page.getByRole('form', { name: 'Someone cannot make round 1' }).count()).toBe(0);
    await page.getByRole('form', { name: 'Someone cannot make round 2' }).waitFor();
  });
});

describe('the new cohort form', () => {
  async function choose(page: Page, people: PersonRow[]) {
    if (await page.getByRole('button', { name: 'Remove everyone' }).isVisible()) await page.getByRole('button', { name: 'Remove everyone' }).click();
    await page.getByLabel(/Or paste e-mail addresses/).fill(people.map((m) => m.email).join('\n'));
    await page.getByRole('button', { name: 'Add these addresses' }).click();
    await page.getByText(`People (${people.length} chosen)`).waitFor();
  }

  it('counts the groups as the solver lays them out, in the singular for one, and says where to add rooms when there are none', async () => {
    const page = await signedIn(admin);
    await page.goto('/admin/cohorts/new');
    const needs = page.locator('.new-cohort p.hint').filter({ hasText: /people? makes?/ });
    // solver/layout.ts groupSizes(5, 4) is [5]: one group of five, not a three and a two.
    await choose(page, members.slice(0, 5));
    await expect.poll(() => needs.textContent()).toBe('5 people make 1 group: choose at least one coach and one room.');
    await choose(page, members.slice(0, 9));
    await expect.poll(() => needs.textContent()).toBe('9 people make 3 groups: choose at least 3 coaches and 3 rooms.');

    // In person is the default, and this organisation has no rooms yet.
    const rooms = page.getByRole('group', { name: /^Rooms/ });
    await rooms.getByText('No rooms yet — add them under Rooms, or choose Online.').waitFor();
    expect(await rooms.getByRole('link', { name: 'Rooms' }).getAttribute('href')).toBe('/admin/rooms');
    await expectAccessible(page, 'the new cohort form without rooms');

    await page.getByLabel('Online', { exact: true }).check();
    await expect.poll(() => needs.textContent()).toBe('9 people make 3 groups: choose at least 3 coaches and give 3 meeting links.');
  });
});

describe('the new cohort form in an organisation without coaches', () => {
  it('says where coaches come from, in English and German, rather than an empty list', async () => {
    const db = t.database.db;
    const bare = await buildOrganisation(db);
    for (const [locale, texts] of [['en-GB', { line: 'No coaches yet — give people the coach role under People.', link: 'People' }], ['de-DE', { line: 'Noch keine Coaches – geben Sie Personen unter Personen die Rolle Coach.', link: 'Personen' }]] as const) {
      const person = await buildPerson(db, { org: bare, roles: ['admin', 'employee'], locale: locale === 'de-DE' ? 'de' : 'en' });
      const page = await signedIn(person, { locale });
      await page.goto('/admin/cohorts/new');
      const coaches = page.getByRole('group', { name: /^Coaches/ });
      await coaches.getByText(texts.line).waitFor();
      expect(await coaches.getByRole('link', { name: texts.link }).getAttribute('href')).toBe('/admin/people');
    }
  });
});

describe('addresses pasted or read from a file', () => {
  it('adds those it finds, names the deactivated apart from the unknown, and on a failed lookup adds nobody, says so and keeps the addresses', async () => {
    const page = await signedIn(await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], name: 'Pia Admin' }));
    const departed = await buildPerson(t.database.db, { org, name: 'Dana Departed', active: false });
    await page.goto('/admin/cohorts/new');
    const addresses = page.getByLabel(/Or paste e-mail addresses/);
    await addresses.fill([members[0]!.email, departed.email.toUpperCase(), 'nobody@example.test', members[1]!.email].join('\n'));
    await page.getByRole('button', { name: 'Add these addresses' }).click();
    await page.getByText('People (2 chosen)').waitFor();
    const unusable = page.getByRole('alert').filter({ hasText: 'Not found' });
    await unusable.waitFor();
    expect(await unusable.locator('p').allTextContents()).toEqual(['Not found: nobody@example.test', `Deactivated, so not added: ${departed.email.toLowerCase()}`]);

    // The directory does not answer: nobody is added, the page says so, and the addresses stay for another try.
    await page.route('**/api/admin/people?**', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'DATABASE_UNAVAILABLE', message: 'Unavailable' }) }));
    await addresses.fill([members[2]!.email, members[3]!.email].join('\n'));
    await page.getByRole('button', { name: 'Add these addresses' }).click();
    const failed = page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Try again' }) });
    await failed.waitFor();
    expect(await page.getByText('People (2 chosen)').count()).toBe(1);
    expect(await addresses.inputValue()).toBe([members[2]!.email, members[3]!.email].join('\n'));
    await page.unroute('**/api/admin/people?**');
    await failed.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('People (4 chosen)').waitFor();
    expect(await addresses.inputValue()).toBe('');
  });
});

describe('at a phone’s width (375 px)', () => {
  for (const [locale, who] of [['en-GB', () => admin], ['de-DE', () => adminDe]] as const) {
    it(`the cohort pages and the network page do not scroll sideways (${locale})`, async () => {
      const page = await signedIn(who(), { locale, width: 375 });
      const widths: Record<string, number> = {};
      const [cohort] = await t.database.db.selectFrom('cohorts').where('org_id', '=', org.id).select('id').orderBy('created_at').execute();
      for (const [name, path] of [['list', '/admin/cohorts'], ['new', '/admin/cohorts/new'], ['cohort', `/admin/cohorts/${cohort!.id}`], ['network', '/admin/network']] as const) {
        await page.goto(path);
        await page.locator('main h1').first().waitFor();
        await page.locator('.loading').first().waitFor({ state: 'detached' });
        widths[name] = await page.evaluate(() => document.documentElement.scrollWidth);
      }
      expect(widths).toEqual({ list: 375, new: 375, cohort: 375, network: 375 });
    });
  }
});
