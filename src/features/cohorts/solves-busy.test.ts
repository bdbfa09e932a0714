// The refusal of a solve while the organisation holds all its places says how many, in English
// that agrees with the number (the web app words it from `limit` in both languages).
import { describe, expect, it } from 'vitest';
import { solvesBusy } from './service.ts';

describe('SOLVES_BUSY in the API', () => {
  it('is singular for one place', () => {
    const refusal = solvesBusy(1);
    expect([refusal.code, refusal.message, refusal.details]).toEqual(
      ['SOLVES_BUSY', '1 cohort of your organisation is being solved; try again when it is done.', { limit: 1 }]);
  });

  it('is plural for more', () => {
    expect(solvesBusy(2).message).toBe('2 cohorts of your organisation are being solved; try again when one is done.');
  });
});
