// Wall-clock windows as instants across the EU and US clock changes, and the block grid on those days.
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { zoneBlocks } from './blocks.ts';
import { DAY, MINUTE, dayNumberOf, localMinuteOf, wallSpan, weekdayOf } from './wall-clock.ts';

const HOUR = 60 * MINUTE;
const at = (iso: string) => Date.parse(iso);
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const length = (span: number[]) => span.reduce((sum, v, i) => sum + (i % 2 === 1 ? v - span[i - 1]! : 0), 0);

describe('a window read in its zone', () => {
  test('an ordinary day: one interval at the zone offset', () => {
    expect(wallSpan('Europe/Berlin', dayNumberOf('2026-06-10'), minutes('09:00'), minutes('12:30'))).toEqual([at('2026-06-10T07:00:00Z'), at('2026-06-10T10:30:00Z')]);
  });

  test('Berlin 01:30–03:30 on the last Sunday of March is one real hour: 02:00–03:00 does not exist', () => {
    const span = wallSpan('Europe/Berlin', dayNumberOf('2026-03-29'), minutes('01:30'), minutes('03:30'));
    expect(span).toEqual([at('2026-03-29T00:30:00Z'), at('2026-03-29T01:30:00Z')]);
    expect(length(span)).toBe(HOUR);
  });

  test('Berlin 01:30–03:30 on the last Sunday of October is three real hours: 02:00–03:00 happens twice', () => {
    const span = wallSpan('Europe/Berlin', dayNumberOf('2026-10-25'), minutes('01:30'), minutes('03:30'));
    expect(span).toEqual([at('2026-10-24T23:30:00Z'), at('2026-10-25T02:30:00Z')]);
  });

  test('a window starting inside the skipped hour starts when the clocks jump', () => {
    expect(wallSpan('Europe/Berlin', dayNumberOf('2026-03-29'), minutes('02:30'), minutes('04:00'))).toEqual([at('2026-03-29T01:00:00Z'), at('2026-03-29T02:00:00Z')]);
  });

  test('whole days: 23, 25 and 24 hours; New York changes on its own dates', () => {
    expect(length(wallSpan('Europe/Berlin', dayNumberOf('2026-03-29'), 0, 1440))).toBe(23 * HOUR);
    expect(length(wallSpan('Europe/Berlin', dayNumberOf('2026-10-25'), 0, 1440))).toBe(25 * HOUR);
    expect(length(wallSpan('America/New_York', dayNumberOf('2026-03-29'), 0, 1440))).toBe(24 * HOUR);
    expect(length(wallSpan('America/New_York', dayNumberOf('2026-03-08'), 0, 1440))).toBe(23 * HOUR);
  });

  test('weekdays are ISO: 2026-03-29 is a Sunday', () => {
    expect(weekdayOf(dayNumberOf('2026-03-29'))).toBe(7);
    expect(weekdayOf(dayNumberOf('2026-03-30'))).toBe(1);
  });
});

describe('the block grid', () => {
  const grid = (zone: string, date: string, blockMinutes: number) => {
    const day = dayNumberOf(date);
    const from = day * DAY - 14 * HOUR;
    return zoneBlocks(zone, from, from + 3 * DAY, blockMinutes * MINUTE, minutes('08:00')).filter((b) => b.day === day);
  };

  test('an ordinary day: 08:00, 09:30, 11:00 … and back towards midnight, every block inside the day', () => {
    const starts = grid('Europe/Berlin', '2026-06-10', 90).map((b) => localMinuteOf(b.start, 'Europe/Berlin'));
    expect(starts).toEqual([30, 120, 210, 300, 390, 480, 570, 660, 750, 840, 930, 1020, 1110, 1200, 1290]);
  });

  test.each([['2026-03-29'], ['2026-10-25']])('%s in Berlin: every block starts at a wall time that exists, and reads back', (date) => {
    for (const block of grid('Europe/Berlin', date, 30)) {
      const local = DateTime.fromMillis(block.start, { zone: 'Europe/Berlin' });
      expect(local.toISODate()).toBe(date);
      expect(DateTime.fromISO(local.toISO()!, { setZone: true }).toMillis()).toBe(block.start);
      if (date === '2026-03-29') expect(local.hour).not.toBe(2);
    }
  });

  test('blocks of a zone never overlap, across days and clock changes', () => {
    const from = at('2026-03-20T00:00:00Z');
    const blocks = zoneBlocks('Europe/Berlin', from, from + 14 * DAY, 90 * MINUTE, minutes('08:00'));
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.start - blocks[i - 1]!.start).toBeGreaterThanOrEqual(90 * MINUTE);
  });
});
