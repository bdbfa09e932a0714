// A saved site with no rooms in use is still offered, marked, so it can be unticked.
import { describe, expect, it } from 'vitest';
import { siteChoices } from './site-choices.ts';

describe('the sites the availability form offers', () => {
  it('are the sites with rooms in use and, marked, a saved site whose rooms were all retired', () => {
    expect(siteChoices(['Lisbon', 'Hamburg', 'Lisbon'], ['Hamburg', 'Bremen'])).toEqual([
      { site: 'Bremen', inUse: false }, { site: 'Hamburg', inUse: true }, { site: 'Lisbon', inUse: true },
    ]);
    expect(siteChoices([], [])).toEqual([]);
  });
});
