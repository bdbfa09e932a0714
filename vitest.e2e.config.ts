import { defineConfig } from 'vitest/config';

// End-to-end: the built web app in Debian's Chromium against the real server, database and SMTP
// listener. One file at a time: a browser per file is heavy on two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/e2e/build-web-app.ts'],
    setupFiles: ['test/cleanup-hook.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { TZ: 'Asia/Kathmandu' },
  },
});
