// Wall-clock conversions, including the hours the clocks skip and repeat.
import { describe, expect, it } from 'vitest';
import { hasRealOffset, inZone, nextMondayIn, parseStart, planningWindow } from './time.ts';

describe('parseStart', () => {
  it('reads a local time in the given zone, in summer and in winter', () => {
    expect(parseStart('2027-07-01T10:00', 'Europe/Berlin')).toEqual({ ok: true, instant: new Date('2027-07-01T08:00:00Z') });
    expect(parseStart('2027-01-11T10:00', 'Europe/Berlin')).toEqual({ ok: true, instant: new Date('2027-01-11T09:00:00Z') });
    expect(parseStart('2027-01-11T10:00', 'Asia/Kolkata')).toEqual({ ok: true, instant: new Date('2027-01-11T04:30:00Z') });
  });

  it('takes an explicit offset as is, whatever the zone', () => {
    expect(parseStart('2027-01-11T10:00:00Z', 'Europe/Berlin')).toEqual({ ok: true, instant: new Date('2027-01-11T10:00:00Z') });
    expect(parseStart('2027-01-11T10:00:00-05:00', 'Europe/Berlin')).toEqual({ ok: true, instant: new Date('2027-01-11T15:00:00Z') });
  });

  it('refuses a local time that occurs twice, naming both readings, and accepts it with an offset', () => {
    const berlin = parseStart('2027-10-31T02:30', 'Europe/Berlin');
    expect(berlin.ok).toBe(false);
    expect(!berlin.ok && berlin.message).toContain('2027-10-31T02:30+02:00');
    expect(!berlin.ok && berlin.message).toContain('2027-10-31T02:30+01:00');
    expect(parseStart('2027-11-07T01:30', 'America/New_York').ok).toBe(false);
    expect(parseStart('2027-10-31T02:30+01:00', 'Europe/Berlin')).toEqual({ ok: true, instant: new Date('2027-10-31T01:30:00Z') });
    expect(parseStart('2027-10-31T03:30', 'Europe/Berlin')).toEqual({ ok: true, instant: new Date('2027-10-31T02:30:00Z') });
    expect(parseStart('2027-10-31T01:30', 'Europe/Berlin')).toEqual({ ok: true, instant: new Date('2027-10-30T23:30:00Z') });
  });

  it('refuses offsets no place has and forms other than the extended one', () => {
    for (const value of ['2027-01-11T10:00+99:00', '2027-01-11T10:00:00+15:00', '2027-01-11T10:00-05:07', '2027-W02-1T10:00', '20270111T100000Z', '2027-011T10:00', '2027-01-11T10']) {
      expect(parseStart(value, 'Europe/Berlin').ok, value).toBe(false);
    }
    expect(parseStart('2027-01-11T10:00+05:45', 'Europe/Berlin')).toEqual({ ok: true, instant: new Date('2027-01-11T04:15:00Z') });
    expect(parseStart('2027-01-11T10:00:00.5-09:30', 'Europe/Berlin')).toEqual({ ok: true, instant: new Date('2027-01-11T19:30:00.500Z') });
    expect([hasRealOffset('2027-01-11T10:00:00+14:00'), hasRealOffset('2027-01-11T10:00:00-12:00'), hasRealOffset('2027-01-11T10:00')]).toEqual([true, true, true]);
    expect([hasRealOffset('2027-01-11T10:00:00+14:60'), hasRealOffset('2027-01-11T10:00:00+23:00'), hasRealOffset('2027-01-11T10:00:00-00:10')]).toEqual([false, false, false]);
  });

  it('refuses a local time the clocks skip, and garbage', () => {
    expect(parseStart('2027-03-28T02:30', 'Europe/Berlin').ok).toBe(false);
    expect(parseStart('2027-03-14T02:30', 'America/New_York').ok).toBe(false);
    expect(parseStart('tomorrow at ten', 'Europe/Berlin').ok).toBe(false);
    expect(parseStart('2027-02-30T10:00', 'Europe/Berlin').ok).toBe(false);
  });
});

describe('inZone', () => {
  it('shows one instant in several zones with their abbreviations', () => {
    const instant = new Date('2027-06-15T08:00:00Z');
    expect(inZone(instant, 'Europe/Berlin')).toMatchObject({ local: '2027-06-15T10:00:00+02:00', zoneAbbreviation: 'CEST' });
    expect(inZone(instant, 'Asia/Kolkata').local).toBe('2027-06-15T13:30:00+05:30');
    expect(inZone(instant, 'America/New_York')).toMatchObject({ local: '2027-06-15T04:00:00-04:00', zoneAbbreviation: 'EDT' });
  });
});

describe('zone abbreviations', () => {
  it('uses the names people read in each region, and an offset where there is none', () => {
    const winter = new Date('2027-01-15T08:00:00Z');
    expect(inZone(winter, 'Europe/Berlin').zoneAbbreviation).toBe('CET');
    expect(inZone(winter, 'Europe/Lisbon').zoneAbbreviation).toBe('WET');
    expect(inZone(winter, 'Asia/Kolkata').zoneAbbreviation).toBe('IST');
    expect(inZone(winter, 'Asia/Kathmandu').zoneAbbreviation).toBe('GMT+5:45');
  });
});

describe('planningWindow', () => {
  it('runs from now to the given number of calendar months ahead', () => {
    const now = new Date('2027-02-28T09:00:00Z');
    expect(planningWindow(24, now)).toEqual({ now, latestStart: new Date('2029-02-28T09:00:00Z') });
    expect(planningWindow(12, new Date('2028-02-29T09:00:00Z')).latestStart).toEqual(new Date('2029-02-28T09:00:00Z'));
  });
});

describe('nextMondayIn', () => {
  const day = (d: Date) => d.toISOString();
  it('names the Monday after the local week, not the UTC one, in the hour Berlin is already on Monday', () => {
    // Sunday 23:30 UTC is Monday 00:30 in Berlin (winter): that week has begun there.
    const lateSunday = new Date('2026-12-06T23:30:00Z');
    expect(day(nextMondayIn('Europe/Berlin', lateSunday))).toBe('2026-12-14T00:00:00.000Z');
    expect(day(nextMondayIn('UTC', lateSunday))).toBe('2026-12-07T00:00:00.000Z');
    // And the other way: Monday 03:00 UTC is still Sunday evening in New York.
    expect(day(nextMondayIn('America/New_York', new Date('2026-12-07T03:00:00Z')))).toBe('2026-12-07T00:00:00.000Z');
  });
  it('takes the next week on a Monday itself, and in summer time', () => {
    expect(day(nextMondayIn('Europe/Berlin', new Date('2026-07-06T10:00:00Z')))).toBe('2026-07-13T00:00:00.000Z');
    // Sunday 22:30 UTC in summer is already Monday 00:30 in Berlin.
    expect(day(nextMondayIn('Europe/Berlin', new Date('2026-07-12T22:30:00Z')))).toBe('2026-07-20T00:00:00.000Z');
    expect(day(nextMondayIn('Europe/Berlin', new Date('2026-07-12T21:30:00Z')))).toBe('2026-07-13T00:00:00.000Z');
  });
});
