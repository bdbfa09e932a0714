// Weekly windows of wall-clock time in a zone, turned into real intervals: the one place that knows
// what a window means on a day the clocks change. A start or end in the spring gap moves forward to
// the first moment that exists (02:00–03:00 on that Sunday is then empty, 01:30–03:30 one real
// hour); one in the repeated autumn hour takes its first occurrence (01:30–03:30 is three real
// hours). Adjacent windows join, so a session across 12:00 fits 09:00–12:00 + 12:00–15:00.
import { DateTime } from 'luxon';

export interface WeeklyWindow {
  weekday: number;
  startsMinute: number;
  endsMinute: number;
}

export interface Interval {
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;

/** "09:30" → 570; "24:00" → 1440. The shape was checked by the schema. */
export function clockMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

export function clockLabel(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function at(day: DateTime, minutes: number): DateTime {
  // 24:00 is the next day's midnight, which may itself not exist in a zone that changes at 00:00.
  if (minutes === 1440) return day.plus({ days: 1 }).startOf('day');
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone: day.zone });
}

/** The windows' real intervals that meet [from, to), joined where they touch, in time order. */
export function windowIntervals(windows: WeeklyWindow[], zone: string, from: Date, to: Date): Interval[] {
  const out: Interval[] = [];
  let day = DateTime.fromJSDate(new Date(from.getTime() - DAY_MS), { zone }).startOf('day');
  const last = DateTime.fromJSDate(new Date(to.getTime() + DAY_MS), { zone }).startOf('day');
  for (; day <= last; day = day.plus({ days: 1 })) {
    for (const w of windows) {
      if (w.weekday !== day.weekday) continue;
      const start = at(day, w.startsMinute).toJSDate();
      const end = at(day, w.endsMinute).toJSDate();
      if (end > start && end > from && start < to) out.push({ start, end });
    }
  }
  out.sort((a, b) => a.start.getTime() - b.start.getTime());
  const joined: Interval[] = [];
  for (const i of out) {
    const prev = joined.at(-1);
    if (prev && i.start <= prev.end) prev.end = new Date(Math.max(prev.end.getTime(), i.end.getTime()));
    else joined.push({ ...i });
  }
  return joined;
}

/** Whether [start, end) lies inside one (joined) window. */
export function withinWindows(windows: WeeklyWindow[], zone: string, start: Date, end: Date): boolean {
  return windowIntervals(windows, zone, start, end).some((i) => i.start <= start && end <= i.end);
}

/** The windows' hours in a week (as written: a clock change does not count). */
export function weeklyHours(windows: WeeklyWindow[]): number {
  return windows.reduce((sum, w) => sum + (w.endsMinute - w.startsMinute), 0) / 60;
}

export const ENDS_FIRST = 'ends before it starts (a window across midnight is two windows)';
export const OVERLAPS = 'overlaps another window of the same day';

/**
 * Problems of a set of windows, each at its index: ends before it starts, or overlaps another of
 * the same day. Empty when the set can be saved.
 */
export function windowProblems(windows: WeeklyWindow[]): Array<{ index: number; message: string }> {
  const problems: Array<{ index: number; message: string }> = [];
  windows.forEach((w, index) => {
    if (w.endsMinute <= w.startsMinute) problems.push({ index, message: ENDS_FIRST });
  });
  windows.forEach((w, index) => {
    if (w.endsMinute <= w.startsMinute) return;
    const other = windows.findIndex((o, j) => j < index && o.weekday === w.weekday && o.endsMinute > o.startsMinute
      && o.startsMinute < w.endsMinute && w.startsMinute < o.endsMinute);
    if (other >= 0) problems.push({ index, message: OVERLAPS });
  });
  return problems;
}
