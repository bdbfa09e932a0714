// Every refusal the services give (a RuleError's code) has words in English and German in the web
// app, so a German page never shows the API's English sentence (status.tsx useExplain falls back to
// it). Read from the sources: a code is worded in a texts table as `CODE: '…'` once per language,
// or handled by a component of its own, or never reaches the web app.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Handled by a component of its own, which words it from its details: the file that does. */
const HANDLED: Record<string, string> = {
  GROUP_SIZE: 'web/cohorts/cohort-page.tsx',
  SERIES_CONFLICTS: 'web/coach/publish-page.tsx',
  PRIVACY_NOTICE_CHANGED: 'web/privacy-notice/privacy-notice-prompt.tsx',
  DEACTIVATION_NOT_CONFIRMED: 'web/admin/people-import.tsx',
};
/** Answered only to API clients and the operator, never to a page: why. */
const API_ONLY: Record<string, string> = {
  ADMIN_DEACTIVATED: 'the operator API and CLI',
  IDEMPOTENCY_KEY_REUSED: 'the web app sends a new key for every change',
  ORGANISATION_NOT_SUSPENDED: 'the operator API and CLI',
  SLUG_TAKEN: 'the operator API and CLI',
};

function files(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const serviceCodes = [...new Set(files(path.join(SRC, 'features'), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
  .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/new RuleError\(\s*'([A-Z_]+)'/g)].map((m) => m[1]!)))].sort();
const web = files(path.join(SRC, 'web'), (n) => /\.tsx?$/.test(n) && !n.includes('.test.')).map((f) => readFileSync(f, 'utf8')).join('\n');

describe('the refusals the services give', () => {
  it('are many (the scan finds them)', () => {
    expect(serviceCodes.length).toBeGreaterThan(60);
  });

  it.each(serviceCodes.filter((c) => !HANDLED[c] && !API_ONLY[c]))('%s is worded in English and German', (code) => {
    const worded = [...web.matchAll(new RegExp(`\\b${code}: ['\`]`, 'g'))].length;
    expect(worded, `${code} appears ${worded} times as a text; one per language is needed`).toBeGreaterThanOrEqual(2);
  });

  it.each(Object.entries(HANDLED))('%s is handled by %s', (code, file) => {
    expect(serviceCodes).toContain(code);
    expect(readFileSync(path.join(SRC, file), 'utf8')).toContain(`'${code}'`);
  });
});
