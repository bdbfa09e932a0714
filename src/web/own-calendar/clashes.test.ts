// The clash rule of the open sessions' mark, on instants written with different offsets.
import { describe, expect, it } from 'vitest';
import { clashes } from './clashes.ts';

const busy = { intervals: [{ startsAt: '2027-03-29T08:00:00.000Z', endsAt: '2027-03-29T09:00:00.000Z' }] };

describe('a session clashes with busy times', () => {
  it('when they overlap at all, whatever offset the times are written in', () => {
    expect(clashes(busy, { startsAt: '2027-03-29T10:30:00+02:00', endsAt: '2027-03-29T12:00:00+02:00' })).toBe(true);
    expect(clashes(busy, { startsAt: '2027-03-29T07:00:00Z', endsAt: '2027-03-29T10:00:00Z' })).toBe(true);
  });

  it('not when one ends as the other starts, nor without busy times', () => {
    expect(clashes(busy, { startsAt: '2027-03-29T09:00:00Z', endsAt: '2027-03-29T10:00:00Z' })).toBe(false);
    expect(clashes(busy, { startsAt: '2027-03-29T09:00:00+02:00', endsAt: '2027-03-29T10:00:00+02:00' })).toBe(false);
    expect(clashes({ intervals: [] }, { startsAt: '2027-03-29T08:00:00Z', endsAt: '2027-03-29T09:00:00Z' })).toBe(false);
    expect(clashes(undefined, { startsAt: '2027-03-29T08:00:00Z', endsAt: '2027-03-29T09:00:00Z' })).toBe(false);
  });
});
