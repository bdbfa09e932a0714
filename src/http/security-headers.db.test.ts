// The security headers, asserted on real HTTP answers of every kind: JSON, errors, 404s, the
// docs page and its files, the web app's pages.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

/** The CSP as a map from directive to its sources. */
function csp(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return new Map(header.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));
}

function expectSecurityHeaders(res: Response, what: string) {
  expect(res.headers.get('strict-transport-security'), what).toMatch(/^max-age=\d{7,}/);
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  const policy = csp(res);
  expect(policy.get('object-src'), what).toEqual(["'none'"]);
  expect(policy.get('base-uri'), what).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(policy.get('script-src'), what).toEqual(["'self'"]);
  expect(policy.get('script-src-attr'), what).toEqual(["'none'"]);
  expect(res.headers.get('content-security-policy'), what).not.toMatch(/unsafe-inline|unsafe-eval/);
}

describe('security headers', () => {
  it.each([
    ['a JSON answer', 'GET', '/healthz', 200],
    ['a JSON list', 'GET', '/api/sessions', 401],
    ['the OpenAPI document', 'GET', '/api/openapi.json', 200],
    ['a 404', 'GET', '/api/no-such-thing', 404],
    ['a missing file outside /api', 'GET', '/nothing/here.js', 404],
    ['a 400', 'POST', '/api/auth/login-link', 400],
    ['the sign-in page', 'GET', '/sign-in', 200],
    ['a page of the web app', 'GET', '/sessions/some-id', 200],
    ['the home page', 'GET', '/', 200],
    ['the docs page', 'GET', '/api/docs', 200],
  ])('are on %s (%s %s)', async (what, method, path, status) => {
    const res = await t.request(method, path, method === 'POST' ? { body: { email: 'not an address' } } : {});
    expect(res.status, what).toBe(status);
    expectSecurityHeaders(res, what);
  });

  it('are on a refused cross-site request and on a body that is not JSON', async () => {
    const foreign = await t.request('POST', '/api/auth/logout', { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expectSecurityHeaders(foreign, '403');
    const broken = await t.request('POST', '/api/auth/login-link', { body: '{"email":' });
    expect(broken.status).toBe(400);
    expectSecurityHeaders(broken, 'unparsable body');
  });

  it('are on every file of the docs page, which needs no inline script under that policy', async () => {
    const page = await fetch(`${t.url}/api/docs`);
    const html = await page.text();
    // Every <script> loads a file from this origin; an inline one would be blocked by the CSP.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body!.trim(), 'inline script').toBe('');
      expect(attributes).toMatch(/\bsrc="[^"]+"/);
    }
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+=/i);
    // The one inline style allowed here, by its hash: the colours of Swagger UI's logo.
    expect(csp(page).get('style-src')).toEqual(["'self'", expect.stringMatching(/^'sha256-[\w+/]{43}='$/)]);
    expect(csp(await fetch(`${t.url}/sign-in`)).get('style-src')).toEqual(["'self'"]);
    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1]!, page.url).pathname);
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/), expect.stringMatching(/swagger-initializer\.js$/)]));
    for (const file of files) {
      const res = await fetch(`${t.url}${file}`);
      expect(res.status, file).toBe(200);
      expectSecurityHeaders(res, file);
    }
  });

  it('the web app page loads its scripts and styles from files, not inline', async () => {
    const html = await (await fetch(`${t.url}/sign-in`)).text();
    expect(html).not.toMatch(/<script>|<script\b(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle="|\son[a-z]+=/i);
    // Whether or not the app is built: built, its files carry the headers too.
    for (const [, file] of html.matchAll(/(?:src|href)="(\/[^"]+)"/g)) {
      const res = await fetch(`${t.url}${file}`);
      expect(res.status, file).toBe(200);
      expectSecurityHeaders(res, file!);
    }
  });
});
