import { defineConfig } from 'vitest/config';

// The crash and outage tests kill worker processes and cut SMTP connections, and count what a
// worker killed in the millisecond after the server took a message sends again. Run beside the
// rest of the suite on two cores, that millisecond stretches to tens; they run after it, alone.
const ALONE = ['src/features/notifications/reminders-crash.db.test.ts', 'src/features/notifications/outage.db.test.ts', 'test/database-outage.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/cleanup-hook.ts'],
    pool: 'forks',
    // Two files at once on two cores (Vitest's default is cores − 1: one). Most of a database test is
    // waiting on PostgreSQL, so the second file fills those waits: the whole suite took 15 minutes at
    // two against 23 at one on a machine busy with other work, with every test passing in both.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Rallly's trick: a zone far from UTC and from the sessions' zones flushes out hidden
    // dependence on the machine's local time.
    env: { TZ: 'Asia/Kathmandu' },
    projects: [
      { extends: true, test: { name: 'suite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/e2e/**', 'node_modules/**', ...ALONE] } },
      { extends: true, test: { name: 'alone', include: ALONE, sequence: { groupOrder: 1 } } },
    ],
  },
});
