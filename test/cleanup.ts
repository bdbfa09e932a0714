// Clean-up that test helpers register wherever they are called. Vitest runs an afterAll hook only
// if it was registered while the file was being collected: one registered inside beforeAll, where
// most files call createTestDatabase or startTestApp, never runs (the test databases stayed on the
// server, the apps and pools open). test/cleanup-hook.ts runs these after each file's own afterAll
// hooks, the last registered first, every one even if another fails.
const cleanups: Array<() => unknown> = [];

export function onCleanup(fn: () => unknown): void {
  cleanups.push(fn);
}

export async function runCleanups(): Promise<void> {
  const errors: unknown[] = [];
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} clean-up step(s) failed`);
}
