// Weekly windows of wall-clock time in a zone, turned into real intervals. A window is the set of
// instants at which the clock in the zone shows a time inside it that day, as the planner reads it
// (planner/solver/wall-clock.ts), so a coach's candidates and the planner agree on every day: in the
// spring gap 02:00–03:00 on that Sunday is empty and 01:30–03:30 one real hour (02:30–05:00 begins
// at 03:00); in autumn 01:30–03:30 is three real hours, and 02:30–05:00 two pieces (between them the
// clock shows 02:00–02:30 a second time). Adjacent windows join, so a session across 12:00 fits
// 09:00–12:00 + 12:00–15:00.
import { DAY, localDays, wallSpan, weekdayOf } from '../planner/solver/wall-clock.ts';

export interface WeeklyWindow {
  weekday: number;
  startsMinute: number;
  endsMinute: number;
}

export interface Interval {
  start: Date;
  end: Date;
}

/** "09:30" → 570; "24:00" → 1440. The shape was checked by the schema. */
export function clockMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

export function clockLabel(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The windows' real intervals that meet [from, to), joined where they touch, in time order. A
 * window is the set of instants whose wall-clock time that day lies in it (the planner's reading,
 * wall-clock.ts), so the two agree on every day, the clock-change days included. */
export function windowIntervals(windows: WeeklyWindow[], zone: string, from: Date, to: Date): Interval[] {
  const out: Interval[] = [];
  for (const day of localDays(zone, from.getTime() - DAY, to.getTime() + DAY)) {
    for (const w of windows) {
      if (w.weekday !== weekdayOf(day)) continue;
      const span = wallSpan(zone, day, w.startsMinute, w.endsMinute);
      for (let i = 0; i < span.length; i += 2) {
        const start = new Date(span[i]!);
        const end = new Date(span[i + 1]!);
        if (end > from && start < to) out.push({ start, end });
      }
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
