// The new-cohort form's "N people make G groups" against the solver's own layout.
import { describe, expect, it } from 'vitest';
import { groupSizes } from '../../features/mixing/solver/layout.ts';
import { groupCount } from './group-count.ts';

describe('groupCount', () => {
  it('counts the groups the solver makes, for 1 to 500 people in groups of four', () => {
    const differ = Array.from({ length: 500 }, (_, i) => i + 1).filter((n) => groupCount(n) !== groupSizes(n, 4).length);
    expect(differ).toEqual([]);
  });

  it('makes one group of five people, not a group of three and one of two', () => {
    expect(groupCount(5)).toBe(1);
  });
});
