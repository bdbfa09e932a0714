// The English sentence of a refusal counts its seconds as English counts them.
import { describe, expect, it } from 'vitest';
import { RateLimitedError } from './errors.ts';

describe('RateLimitedError', () => {
  it('says "1 second", and "N seconds" for more', () => {
    expect(new RateLimitedError(1).message).toBe('Too many requests. Try again in 1 second.');
    expect(new RateLimitedError(2).message).toBe('Too many requests. Try again in 2 seconds.');
    expect(new RateLimitedError(1).retryAfterSeconds).toBe(1);
  });
});
