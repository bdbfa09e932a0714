// Debian's Chromium driven by playwright-core (no browser download), and what every page test
// wants: console errors collected, screenshots kept, an accessibility check.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const SCREENSHOTS = path.join(import.meta.dirname, '../../test-results/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // --lang pins the order of a date input's fields, which follows Chromium's own language.
    args: ['--lang=en-US', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Errors the page logged or threw; a test ends by expecting none. */
  errors: string[];
}

export async function openPage(browser: Browser, baseURL: string, options: { locale?: string; timezoneId?: string; viewport?: { width: number; height: number } } = {}): Promise<TestPage> {
  const context = await browser.newContext({ baseURL, locale: options.locale ?? 'en-GB', timezoneId: options.timezoneId ?? 'Europe/Berlin', viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A refused request (409, 401) is logged by the browser as a failed resource; the page explains it.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

/** The main navigation, unfolded first where a phone folds it behind the header's Menu button. */
export async function mainNav(page: Page, name = 'Main') {
  await page.locator('#main-nav').waitFor({ state: 'attached' });
  const toggle = page.locator('header.top .menu-toggle');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return page.getByRole('navigation', { name });
}

/** The whole page, or (fullPage: false) the window's first screen, where the page is too long to look at whole. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * axe on the page as it is now: no serious or critical violation. `skipFrames`: frames axe cannot
 * enter (a sandbox without scripts, where it would wait for ever), left out of the check.
 */
export async function expectAccessible(page: Page, what: string, options: { skipFrames?: string[] } = {}) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const frame of options.skipFrames ?? []) builder = builder.exclude(frame);
  const result = await builder.analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), what).toEqual([]);
  return result;
}
