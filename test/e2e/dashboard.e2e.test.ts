// The admin's dashboard in the browser: the quarter's cards (who took part in sessions that took
// place apart from who is booked, how full the sessions held were, who came and who did not, the
// reach across departments and sites) with figures worked out by hand; the same cards withheld in
// words where fewer than five people are behind them; the charts' week labels readable and, in
// German, not on top of one another, on a phone and at desktop widths.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingStatus } from '../../src/db/schema.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../factories.ts';
import { signInByMail, startE2eApp, type E2eApp } from './app.ts';
import { expectAccessible, launchBrowser, mainNav, openPage, screenshot } from './browser.ts';

const PHONE = { width: 390, height: 844 };

let t: E2eApp;
let browser: Browser;
beforeAll(async () => {
  t = await startE2eApp();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/**
 * The organisation's zone: one in which now lies at least two hours after its quarter began and
 * three before it ends, so that sessions of this quarter can both have ended and be still to come.
 * Quarters begin at different instants in these zones, 6 and 8 hours apart, so one always fits.
 */
function quarterZone(): string {
  const now = DateTime.now();
  const zone = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo'].find((z) => {
    const here = now.setZone(z);
    return here.diff(here.startOf('quarter'), 'hours').hours >= 2 && here.endOf('quarter').diff(here, 'hours').hours >= 3;
  });
  return zone!;
}

/**
 * Two instants in this quarter (the organisation's zone) whose short sessions have ended by now:
 * days ago, or just after the quarter began when it began only days ago.
 */
function heldStarts(zone: string): [Date, Date] {
  const now = DateTime.now().setZone(zone);
  const quarter = now.startOf('quarter');
  const latest = (a: DateTime, b: DateTime) => (a > b ? a : b);
  return [latest(now.minus({ days: 3 }), quarter.plus({ minutes: 1 })).toJSDate(), latest(now.minus({ days: 2 }), quarter.plus({ minutes: 25 })).toJSDate()];
}

/** An instant still to come in this quarter: nine days ahead, or before the quarter ends if that is sooner. */
function comingStart(zone: string): Date {
  const now = DateTime.now().setZone(zone);
  const end = now.endOf('quarter').minus({ hours: 2 });
  return (now.plus({ days: 9 }) < end ? now.plus({ days: 9 }) : end).toJSDate();
}

/** An organisation in quarterZone(). */
async function organisation(name: string) {
  const zone = quarterZone();
  const org = await buildOrganisation(t.database.db, { name });
  await t.database.db.updateTable('organisations').set({ default_time_zone: zone }).where('id', '=', org.id).execute();
  return { org, zone };
}

/** A session with seats marked as the coach would have marked them. */
async function held(org: OrgRow, coach: PersonRow, startsAt: Date, capacity: number, seats: Array<[PersonRow, BookingStatus]>) {
  const session = await buildSession(t.database.db, { org, coach, startsAt, capacity, durationMinutes: 20 });
  for (const [person, status] of seats) {
    const booking = await buildBooking(t.database.db, { session, person });
    if (status !== 'active') await t.database.db.updateTable('bookings').set({ status }).where('id', '=', booking.id).execute();
  }
  return session;
}

/**
 * The week labels of every chart that overlap another of the same chart, and any cut off at the
 * chart's edge. A label is turned 45° where the weeks are narrow, so each is taken as the turned
 * rectangle it is (its box in its own coordinates, mapped to the screen), not as an upright box
 * around it. Also each label's size on screen, which must stay readable.
 */
function weekLabels(page: Page) {
  return page.evaluate(() => {
    type Point = { x: number; y: number };
    // Down to the baseline only (`toBaseline`): below it is room for descenders, which these labels
    // (digits, dots, month names) do not use at their ends.
    const corners = (text: SVGTextElement, toBaseline = false): Point[] => {
      const box = text.getBBox();
      const matrix = text.getScreenCTM()!;
      const bottom = toBaseline ? text.y.baseVal[0]!.value : box.y + box.height;
      return [[box.x, box.y], [box.x + box.width, box.y], [box.x + box.width, bottom], [box.x, bottom]]
        .map(([x, y]) => new DOMPoint(x, y).matrixTransform(matrix));
    };
    // Two convex shapes are apart when, along one of their edges' normals, their shadows do not meet.
    const apart = (a: Point[], b: Point[]) => [a, b].some((shape) => shape.some((p, i) => {
      const q = shape[(i + 1) % shape.length]!;
      const normal = { x: q.y - p.y, y: p.x - q.x };
      const shadow = (s: Point[]) => s.map((c) => c.x * normal.x + c.y * normal.y);
      const [sa, sb] = [shadow(a), shadow(b)];
      return Math.max(...sa) <= Math.min(...sb) + 0.5 || Math.max(...sb) <= Math.min(...sa) + 0.5;
    }));
    return [...document.querySelectorAll('figure.chart svg')].map((svg) => {
      const edge = svg.getBoundingClientRect();
      // The week labels are the texts of each week's group; "<5" marks a withheld bar, not a week.
      const texts = [...svg.querySelectorAll<SVGTextElement>('g[transform] > text')].filter((e) => !e.textContent!.startsWith('<'));
      const shapes = texts.map((e) => corners(e));
      const overlapping: string[] = [];
      for (let i = 0; i < shapes.length; i++) {
        for (let j = i + 1; j < shapes.length; j++) if (!apart(shapes[i]!, shapes[j]!)) overlapping.push(`${texts[i]!.textContent} × ${texts[j]!.textContent}`);
      }
      const cutOff = texts.filter((e) => corners(e, true).some((c) => c.x < edge.left - 0.5 || c.x > edge.right + 0.5)).map((e) => e.textContent);
      const matrix = (e: SVGTextElement) => e.getScreenCTM()!;
      const pixels = texts.map((e) => Number.parseFloat(getComputedStyle(e).fontSize) * Math.hypot(matrix(e).a, matrix(e).b));
      return { labels: texts.map((e) => e.textContent), overlapping, cutOff, smallest: Math.min(...pixels) };
    });
  });
}

async function expectLabelsClear(page: Page, what: string) {
  // Each chart draws at its box's width once it has measured it (again after the window changed).
  await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('figure.chart svg')]
    .every((svg) => Math.abs(Number(svg.getAttribute('width')) - svg.parentElement!.clientWidth) <= 1))).toBe(true);
  const charts = await weekLabels(page);
  expect(charts, what).toHaveLength(3);
  for (const chart of charts) {
    // Thinned out at most to every other week: the labels still say where each week is.
    expect(chart.labels.length, `${what}: ${chart.labels.join(' ')}`).toBeGreaterThanOrEqual(6);
    expect(chart.overlapping, what).toEqual([]);
    expect(chart.cutOff, what).toEqual([]);
    expect(chart.smallest, `${what}: label size in pixels`).toBeGreaterThanOrEqual(12);
  }
  return charts;
}

describe('the dashboard', () => {
  it('shows what took place apart from what is booked, the fill, attendance and no-show rates and the reach (desktop, English)', async () => {
    const db = t.database.db;
    const { org, zone } = await organisation('Northwind');
    // An employee too, but of a department and site too small to count in the reach.
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], department: 'People', site: 'Berlin' });
    const coach = await buildPerson(db, { org, roles: ['coach'] });
    const team = (department: string, site: string, count: number) => Promise.all(Array.from({ length: count }, () => buildPerson(db, { org, department, site })));
    const sales = await team('Sales', 'Hamburg', 6);
    const research = await team('Research', 'Lisbon', 6);
    const finance = await team('Finance', 'Porto', 5);
    const [first, second] = heldStarts(zone);
    // Held: Sales all came (one left unmarked, which counts as came); Research: one came, five did not.
    await held(org, coach, first, 8, sales.map((p, i) => [p, i < 5 ? 'attended' : 'active']));
    await held(org, coach, second, 6, research.map((p, i) => [p, i < 5 ? 'no_show' : 'attended']));
    // To come: Finance holds seats and has taken part in nothing yet.
    await held(org, coach, comingStart(zone), 6, finance.map((p) => [p, 'active']));

    const { page, errors } = await openPage(browser, t.baseUrl);
    await signInByMail(t, page, admin.email);
    await (await mainNav(page)).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const quarter = page.getByRole('region', { name: /^This quarter, since / });
    const card = (title: string) => quarter.locator('.card').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });

    // 18 employees (the admin among them): 7 took part, 5 others hold a seat still to come.
    await card('Took part').getByText('7 of 18 employees (39 %) took part in a session that has taken place.').waitFor();
    expect(await card('Took part').getByRole('meter').getAttribute('aria-valuenow')).toBe('39');
    await card('Booked').getByText('5 of 18 employees (28 %) hold a seat in a session still to come.').waitFor();
    expect(await card('Booked').getByRole('meter').getAttribute('aria-valuenow')).toBe('28');
    // 12 of 14 seats in the two sessions held; 7 came, 5 did not.
    await card('Seats filled').getByText('12 of 14 seats in 2 sessions held.').waitFor();
    expect(await card('Seats filled').locator('.big-figure').textContent()).toBe('86 %');
    await card('Came').getByText('7 of 12 seats; no-shows 42 % (5). Seats not marked count as came.').waitFor();
    expect(await card('Came').locator('.big-figure').textContent()).toBe('58 %');
    // Finance has not taken part yet and one of Research came, too few to count as reached; "People"
    // and "Berlin" (one person) are too small to count at all.
    await card('Reach').getByText('1 of 3 departments (33 %) had five or more people take part.').waitFor();
    await card('Reach').getByText('1 of 3 sites (33 %) had five or more people take part.').waitFor();
    expect(await quarter.getByText('hidden to protect privacy').count()).toBe(0);

    // The charts: the week of each held session counts it, and the labels stay readable.
    const sessionsChart = await page.getByRole('img', { name: /^Sessions per week\./ }).getAttribute('aria-label');
    const counted = [...sessionsChart!.matchAll(/Sessions (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(counted).toBe(3);
    await expectLabelsClear(page, 'English, 1280 px');
    await expectAccessible(page, 'dashboard with every figure');
    await screenshot(page, 'admin-dashboard-quarter');
    expect(errors).toEqual([]);
  });

  it('withholds what fewer than five people are behind, in words, and keeps the German week labels apart (phone and desktop, German)', async () => {
    const db = t.database.db;
    const { org, zone } = await organisation('Kleinbetrieb');
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], locale: 'de', department: 'Verwaltung' });
    const coach = await buildPerson(db, { org, roles: ['coach'] });
    const few = await Promise.all(Array.from({ length: 3 }, () => buildPerson(db, { org, locale: 'de' })));
    await held(org, coach, heldStarts(zone)[0], 6, few.map((p) => [p, 'attended']));

    const { page, errors } = await openPage(browser, t.baseUrl, { locale: 'de-DE', viewport: PHONE });
    await signInByMail(t, page, admin.email);
    await (await mainNav(page, 'Hauptmenü')).getByRole('link', { name: 'Verwaltung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
    const quarter = page.getByRole('region', { name: /^Dieses Quartal, seit / });
    await quarter.waitFor();
    // Took part, booked, seats filled and came: each said in words instead of a figure.
    await expect.poll(() => quarter.getByText('weniger als 5 Personen – zum Schutz der Privatsphäre verborgen').count()).toBe(4);
    expect(await page.getByRole('meter').count()).toBe(0);
    expect(await quarter.locator('.big-figure').count()).toBe(0);
    await quarter.getByText('Keine Abteilung und kein Standort hat fünf oder mehr Beschäftigte.').waitFor();
    // The weekly charts show the session, but not the three seats behind it.
    expect(await page.getByRole('img', { name: /^Termine pro Woche\./ }).getAttribute('aria-label')).toMatch(/Termine 1/);
    expect(await page.getByRole('img', { name: /^Belegte Plätze pro Woche\./ }).getAttribute('aria-label')).toContain('weniger als 5 Personen');

    const phone = await expectLabelsClear(page, 'German, phone');
    // German short dates ("7.12.").
    expect(phone[0]!.labels.every((l) => /^\d{1,2}\.\d{1,2}\.$/.test(l!))).toBe(true);
    await expectAccessible(page, 'dashboard withheld, German phone');
    await screenshot(page, 'admin-dashboard-withheld-de-phone');
    for (const width of [1280, 1920, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await expectLabelsClear(page, `German, ${width} px`);
    }
    expect(errors).toEqual([]);
  });
});
