// When an offered seat stops being held. The organisation gives a number of hours; an offer that would
// end in the person's night runs on to their morning, because an offer mailed in the evening would
// otherwise lapse while they sleep and pass to the next person, who is asleep too.
import { DateTime } from 'luxon';

/** The night, in the person's own time zone: an offer ending from NIGHT_FROM to MORNING runs until MORNING. */
export const NIGHT_FROM = 21;
export const MORNING = 9;

/**
 * `now` + `hours`, moved to the next MORNING o'clock in `zone` when it falls in the night there, and
 * never after `closesAt` (the cancellation cut-off, where the line closes).
 */
export function offerEnds(o: { now: Date; hours: number; zone: string; closesAt: Date }): Date {
  const end = DateTime.fromJSDate(new Date(o.now.getTime() + o.hours * 3_600_000), { zone: o.zone });
  let ends = end;
  if (end.isValid && (end.hour >= NIGHT_FROM || end.hour < MORNING)) {
    const morning = end.set({ hour: MORNING, minute: 0, second: 0, millisecond: 0 });
    ends = end.hour < MORNING ? morning : morning.plus({ days: 1 });
  }
  return new Date(Math.min(ends.toMillis(), o.closesAt.getTime()));
}
