import { defineConfig } from 'vitest/config';

// End-to-end: the built web app in Debian's Chromium against the real server, database and SMTP
// listener. Two files at once, each with its own app, database and browser: one at a time left the
// two cores two-thirds idle (6.9 CPU-minutes in a run of 11 wall-clock minutes: the tests mostly
// wait on pages, mail and the server), and two at once ran the same 105 tests in 7.5 minutes;
// three at once took as long.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/e2e/build-web-app.ts'],
    setupFiles: ['test/cleanup-hook.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { TZ: 'Asia/Kathmandu' },
  },
});
