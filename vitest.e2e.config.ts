import { defineConfig } from 'vitest/config';

// End-to-end: the built web app in Debian's Chromium against the real server, database and SMTP
// listener. Two files at once, each with its own app, database and browser: one at a time the run
// took 11 minutes, two at once 7.5 (the same 105 tests), three at once no less. Run beside the
// server-mode pass in CI, both slowed by as much as they overlapped: the cores, not waits, bound it.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/e2e/build-web-app.ts'],
    setupFiles: ['test/cleanup-hook.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for what the app, its worker or the browser does next. Its default second
    // ran out in a CI run whose machine was also running other tests (the admin's ratings page, its
    // data not yet shown): a wait for the two busy cores, not a bar on speed.
    expect: { poll: { timeout: 15_000 } },
    env: { TZ: 'Asia/Kathmandu' },
  },
});
