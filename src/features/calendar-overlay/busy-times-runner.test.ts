// Hostile calendar files read in a worker thread: rules ical.js never finishes expanding (an event
// on 31 February, a VTIMEZONE that changes every minute since 1601) end as CalendarTooComplexError
// at the reader's limit instead of holding the process, and an ordinary file is still read.
import { describe, expect, it } from 'vitest';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { calendar, vevent } from '../../../test/ics-server.ts';
import { NotACalendarError } from './busy-times.ts';
import { CalendarReaderBusyError, CalendarTooComplexError, createCalendarReader, READER_LIMITS } from './busy-times-runner.ts';

const year = REFERENCE_MONDAY.getUTCFullYear();
const window = { from: REFERENCE_MONDAY, to: new Date(REFERENCE_MONDAY.getTime() + 8 * 7 * 24 * 3_600_000), zone: 'Europe/Berlin' };
const read = createCalendarReader({ ...READER_LIMITS, timeoutMs: 3_000 });

const neverComesRound = calendar(vevent('UID:never@test', `DTSTART:${year}0101T090000Z`, `DTEND:${year}0101T100000Z`, 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31'));
const zoneEveryMinute = calendar(
  ['BEGIN:VTIMEZONE', 'TZID:Hostile', 'BEGIN:STANDARD', 'DTSTART:16010101T000000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=MINUTELY', 'END:STANDARD', 'END:VTIMEZONE'].join('\r\n'),
  vevent('UID:meeting@test', `DTSTART;TZID=Hostile:${year}0302T090000`, `DTEND;TZID=Hostile:${year}0302T100000`),
);

describe('reading a calendar file in a worker thread', () => {
  it('reads an ordinary file as busy intervals', async () => {
    const ics = calendar(vevent('UID:once@test', `DTSTART:${year}0302T090000Z`, `DTEND:${year}0302T100000Z`));
    expect(await read(ics, window)).toEqual([{ startsAt: new Date(`${year}-03-02T09:00:00Z`), endsAt: new Date(`${year}-03-02T10:00:00Z`) }]);
  });

  it('gives up on a rule that never comes round and on a time zone that changes every minute', async () => {
    await expect(read(neverComesRound, window)).rejects.toBeInstanceOf(CalendarTooComplexError);
    await expect(read(zoneEveryMinute, window)).rejects.toBeInstanceOf(CalendarTooComplexError);
  });

  it('says what is not a calendar', async () => {
    await expect(read('<html><body>Sign in</body></html>', window)).rejects.toBeInstanceOf(NotACalendarError);
  });

  it('reads at most so many files at once and lets only so many wait', async () => {
    const small = createCalendarReader({ ...READER_LIMITS, timeoutMs: 2_000, maxConcurrent: 1, maxQueued: 1 });
    const first = small(neverComesRound, window).catch((error: unknown) => error);
    const second = small(neverComesRound, window).catch((error: unknown) => error);
    await expect(small(neverComesRound, window)).rejects.toBeInstanceOf(CalendarReaderBusyError);
    expect(await first).toBeInstanceOf(CalendarTooComplexError);
    expect(await second).toBeInstanceOf(CalendarTooComplexError);
  });
});
