import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Rallly's trick: a zone far from UTC and from the sessions' zones flushes out hidden
    // dependence on the machine's local time.
    env: { TZ: 'Asia/Kathmandu' },
  },
});
