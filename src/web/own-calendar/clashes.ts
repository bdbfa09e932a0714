// Whether a session clashes with the viewer's busy times: any overlap, however short. A session
// that starts as a meeting ends (or ends as one starts) does not clash.
import type { CalendarBusy } from '../../features/calendar-overlay/schema.ts';

export function clashes(busy: Pick<CalendarBusy, 'intervals'> | undefined, session: { startsAt: string; endsAt: string }): boolean {
  if (!busy || busy.intervals.length === 0) return false;
  const start = Date.parse(session.startsAt);
  const end = Date.parse(session.endsAt);
  return busy.intervals.some((b) => Date.parse(b.startsAt) < end && start < Date.parse(b.endsAt));
}
