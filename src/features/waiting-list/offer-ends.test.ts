// The offer's end: the organisation's hours by day, the person's next morning at night, in their own
// zone (across a daylight-saving switch too), and never past the cut-off.
import { describe, expect, it } from 'vitest';
import { offerEnds } from './offer-ends.ts';

const FAR = new Date('2100-01-01T00:00:00Z');
const at = (iso: string) => new Date(iso);

describe('offerEnds', () => {
  it('keeps the hours given when they end in the day', () => {
    expect(offerEnds({ now: at('2027-06-01T06:00:00Z'), hours: 6, zone: 'Europe/Berlin', closesAt: FAR }))
      .toEqual(at('2027-06-01T12:00:00Z'));
    // 20:59 in Berlin is still the day.
    expect(offerEnds({ now: at('2027-06-01T06:59:00Z'), hours: 12, zone: 'Europe/Berlin', closesAt: FAR }))
      .toEqual(at('2027-06-01T18:59:00Z'));
  });

  it('runs an offer that would end in the night until 9 the next morning, in the person\'s zone', () => {
    // Offered at 19:00 in Berlin for 12 hours: 07:00 becomes 09:00 (07:00 UTC in summer).
    expect(offerEnds({ now: at('2027-06-01T17:00:00Z'), hours: 12, zone: 'Europe/Berlin', closesAt: FAR }))
      .toEqual(at('2027-06-02T07:00:00Z'));
    // Offered at 20:00 for 2 hours: 22:00 becomes 09:00 the next day.
    expect(offerEnds({ now: at('2027-06-01T18:00:00Z'), hours: 2, zone: 'Europe/Berlin', closesAt: FAR }))
      .toEqual(at('2027-06-02T07:00:00Z'));
    // The same instant is the afternoon in New York: the hours stand.
    expect(offerEnds({ now: at('2027-06-01T18:00:00Z'), hours: 2, zone: 'America/New_York', closesAt: FAR }))
      .toEqual(at('2027-06-01T20:00:00Z'));
    // 03:00 in New York becomes 09:00 there (13:00 UTC).
    expect(offerEnds({ now: at('2027-06-01T05:00:00Z'), hours: 2, zone: 'America/New_York', closesAt: FAR }))
      .toEqual(at('2027-06-01T13:00:00Z'));
  });

  it('finds 9 in the morning across the switch to summer time', () => {
    // Berlin moves its clocks on Sunday 28 March 2027 at 02:00; 23:00 on Saturday (CET) runs to 09:00 CEST.
    expect(offerEnds({ now: at('2027-03-27T20:00:00Z'), hours: 2, zone: 'Europe/Berlin', closesAt: FAR }))
      .toEqual(at('2027-03-28T07:00:00Z'));
  });

  it('never holds the seat past the cut-off, night or not', () => {
    const cutoff = at('2027-06-02T04:00:00Z');
    expect(offerEnds({ now: at('2027-06-01T18:00:00Z'), hours: 2, zone: 'Europe/Berlin', closesAt: cutoff })).toEqual(cutoff);
    expect(offerEnds({ now: at('2027-06-01T08:00:00Z'), hours: 2, zone: 'Europe/Berlin', closesAt: at('2027-06-01T09:00:00Z') }))
      .toEqual(at('2027-06-01T09:00:00Z'));
  });
});
