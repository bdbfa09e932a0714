// The zone names the web app shows: the familiar one wherever a region uses it (CET in Berlin, EST
// in New York, IST in Kolkata; MEZ in German), the same as the API's zoneAbbreviation and the mails,
// and an offset only where no name is in use.
import { describe, expect, it } from 'vitest';
import { momentLabel, spanLabel, zoneLabel } from './time.ts';

const WINTER = '2027-01-12T14:00:00Z';
const SUMMER = '2027-06-15T08:00:00Z';

describe('zoneLabel', () => {
  it('names the zone as people there read it, in winter and summer', () => {
    expect(zoneLabel(WINTER, 'Europe/Berlin', 'en')).toBe('CET');
    expect(zoneLabel(SUMMER, 'Europe/Berlin', 'en')).toBe('CEST');
    expect(zoneLabel(WINTER, 'America/New_York', 'en')).toBe('EST');
    expect(zoneLabel(SUMMER, 'America/New_York', 'en')).toBe('EDT');
    expect(zoneLabel(WINTER, 'Asia/Kolkata', 'en')).toBe('IST');
    expect(zoneLabel(WINTER, 'Asia/Kathmandu', 'en')).toBe('GMT+5:45');
    // German has its own names for its own zones, and borrows the English ones elsewhere.
    expect(zoneLabel(WINTER, 'Europe/Berlin', 'de')).toBe('MEZ');
    expect(zoneLabel(SUMMER, 'Europe/Berlin', 'de')).toBe('MESZ');
    expect(zoneLabel(WINTER, 'America/New_York', 'de')).toBe('EST');
  });

  it('finds a name for the zones people and rooms use, in both languages', () => {
    const names: Array<[string, string, string, string]> = [
      ['Europe/Lisbon', 'en', 'WET', 'WEST'], ['Europe/Lisbon', 'de', 'WEZ', 'WESZ'], ['Europe/London', 'en', 'GMT', 'BST'],
      ['Asia/Tokyo', 'de', 'GMT+9', 'GMT+9'], ['Australia/Sydney', 'en', 'AEDT', 'AEST'], ['America/Los_Angeles', 'de', 'PST', 'PDT'],
    ];
    for (const [zone, locale, winter, summer] of names) {
      expect(zoneLabel(WINTER, zone, locale)).toBe(winter);
      expect(zoneLabel(SUMMER, zone, locale)).toBe(summer);
    }
  });
});

describe('labels with their zone', () => {
  it('puts the zone after a span and after a moment, in either language', () => {
    expect(spanLabel(WINTER, '2027-01-12T15:30:00Z', 'America/New_York', 'en')).toBe('Tue, 12 Jan 2027, 09:00–10:30 EST');
    expect(momentLabel(WINTER, 'Europe/Berlin', 'de')).toBe('Di., 12. Jan. 2027, 15:00 MEZ');
  });
});
