// The "Join the waiting list" button (found by a review): it showed until the session's start, but
// the API closes the line at the cancellation cut-off (409 WAITLIST_CLOSED), so inside the cut-off
// every click was refused. The page now asks the same question as the API before offering it.
import { describe, expect, it } from 'vitest';
import { lineOpen } from './line-open.ts';

const START = '2027-03-02T10:00:00Z';
const at = (iso: string) => Date.parse(iso);

describe('whether a full session’s waiting list still takes people', () => {
  it('closes at the cut-off, as joinWaitingList does, not at the start', () => {
    expect(lineOpen(START, 120, at('2027-03-02T07:59:00Z'))).toBe(true);
    expect(lineOpen(START, 120, at('2027-03-02T08:00:00Z'))).toBe(true); // exactly the cut-off: the API still lets one in
    expect(lineOpen(START, 120, at('2027-03-02T08:00:01Z'))).toBe(false);
    expect(lineOpen(START, 0, at('2027-03-02T09:59:59Z'))).toBe(true);
  });

  it('leaves it to the API while the settings are not known', () => {
    expect(lineOpen(START, undefined, at('2027-03-02T09:59:00Z'))).toBe(true);
  });
});
