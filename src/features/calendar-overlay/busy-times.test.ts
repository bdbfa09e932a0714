// An ICS file read as busy intervals with ical.js: recurrences with their exceptions, the file's own
// time zone across the switch to summer time, all-day and floating times in the person's zone, and
// what is not busy (free, cancelled, outside the weeks read).
import { describe, expect, it } from 'vitest';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { BERLIN_VTIMEZONE, calendar, OUTLOOK_BERLIN, springBusy, springCalendar, vevent } from '../../../test/ics-server.ts';
import { busyIntervals, NotACalendarError } from './busy-times.ts';

const WEEK = 7 * 24 * 3_600_000;
const year = REFERENCE_MONDAY.getUTCFullYear();
const window = { from: new Date(REFERENCE_MONDAY.getTime() - 3_600_000), to: new Date(REFERENCE_MONDAY.getTime() + 8 * WEEK), zone: 'America/New_York' };
const iso = (list: Array<{ startsAt: Date; endsAt: Date }>) => list.map((b) => ({ startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString() }));

describe('busy intervals of a calendar file', () => {
  it('expand a weekly meeting across the clock change, with a moved, a deleted and a cancelled occurrence; all-day and floating times in the person’s zone', () => {
    expect(iso(busyIntervals(springCalendar(year), window))).toEqual(springBusy(year));
  });

  it('keep only what lies in the weeks read', () => {
    const narrow = { ...window, to: new Date(`${year}-03-06T00:00:00Z`) };
    expect(iso(busyIntervals(springCalendar(year), narrow)).map((b) => b.startsAt.slice(5, 10))).toEqual(['03-01', '03-03', '03-05']);
  });

  it('join overlapping events into one busy interval', () => {
    const ics = calendar(
      vevent('UID:a@test', `DTSTART:${year}0302T090000Z`, `DTEND:${year}0302T110000Z`),
      vevent('UID:b@test', `DTSTART:${year}0302T100000Z`, `DTEND:${year}0302T120000Z`),
      vevent('UID:c@test', `DTSTART:${year}0302T120000Z`, `DTEND:${year}0302T130000Z`),
    );
    expect(iso(busyIntervals(ics, window))).toEqual([{ startsAt: `${year}-03-02T09:00:00.000Z`, endsAt: `${year}-03-02T13:00:00.000Z` }]);
  });

  it('read a zone the file names but does not define as the IANA zone of that name', () => {
    const ics = calendar(vevent('UID:tokyo@test', `DTSTART;TZID=Asia/Tokyo:${year}0302T090000`, `DTEND;TZID=Asia/Tokyo:${year}0302T100000`));
    expect(iso(busyIntervals(ics, window))).toEqual([{ startsAt: `${year}-03-02T00:00:00.000Z`, endsAt: `${year}-03-02T01:00:00.000Z` }]);
  });

  it('use the file’s VTIMEZONE for a daily rule that crosses the clock change', () => {
    const tz = `TZID=${OUTLOOK_BERLIN}`;
    const ics = calendar(BERLIN_VTIMEZONE, vevent('UID:daily@test', `DTSTART;${tz}:${year}0326T083000`, `DTEND;${tz}:${year}0326T090000`, 'RRULE:FREQ=DAILY;COUNT=4'));
    expect(iso(busyIntervals(ics, window)).map((b) => b.startsAt)).toEqual([
      `${year}-03-26T07:30:00.000Z`, `${year}-03-27T07:30:00.000Z`, `${year}-03-28T06:30:00.000Z`, `${year}-03-29T06:30:00.000Z`,
    ]);
  });

  it('give up on rules too costly to expand, and still read the rest of the file', () => {
    const ics = calendar(
      vevent('UID:every-minute@test', 'DTSTART:20000101T000000Z', 'DTEND:20000101T000030Z', 'RRULE:FREQ=MINUTELY'),
      vevent('UID:hourly@test', 'DTSTART:19800101T000000Z', 'DTEND:19800101T000100Z', 'RRULE:FREQ=HOURLY'),
      vevent('UID:once@test', `DTSTART:${year}0302T090000Z`, `DTEND:${year}0302T100000Z`),
    );
    expect(iso(busyIntervals(ics, window))).toEqual([{ startsAt: `${year}-03-02T09:00:00.000Z`, endsAt: `${year}-03-02T10:00:00.000Z` }]);
  });

  it('refuse what is not a calendar', () => {
    expect(() => busyIntervals('<html><body>Sign in</body></html>', window)).toThrow(NotACalendarError);
    expect(() => busyIntervals('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Someone\r\nEND:VCARD\r\n', window)).toThrow(NotACalendarError);
  });
});
