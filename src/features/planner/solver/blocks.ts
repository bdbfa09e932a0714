// The block grid of a zone: where sessions may start. Each local day is cut into back-to-back blocks
// of the session length (rounded up to the slot grid) from the day's start (08:00 unless the input
// says otherwise), forwards and backwards, kept whole inside the day: 08:00, 09:30, 11:00 … and
// 06:30, 05:00 … for 90 minutes. Blocks of one zone never overlap, so a coach working on their zone's
// grid and a room booked on its site's grid are each one flow unit per block: that is what makes the
// week's maximum an exact maximum flow. Starts staggered by half an hour would make coach and room
// overlaps cliques of an interval graph, and the maximum an integer programme.
//
// Blocks step in real time, so on a day with a clock change the blocks before the change read an hour
// off on the wall (01:00 instead of 02:00); none ever starts at a wall time that does not exist.
import { localDayOf, localDays, localMinuteOf, wallSpan, weekdayOf, type DayNumber } from './wall-clock.ts';

export interface Block {
  start: number;
  day: DayNumber;
}

/** The zone's blocks that start within [from, to), in order. */
export function zoneBlocks(zone: string, from: number, to: number, blockMs: number, dayStartMinute: number): Block[] {
  const blocks: Block[] = [];
  for (const day of localDays(zone, from, to)) {
    const whole = wallSpan(zone, day, 0, 1440);
    const dayStart = whole[0]!;
    const dayEnd = whole[whole.length - 1]!;
    // The first instant showing the start time or later: a skipped start time falls to the change.
    const origin = wallSpan(zone, day, dayStartMinute, 1440)[0] ?? dayEnd;
    const first = Math.ceil((dayStart - origin) / blockMs);
    const last = Math.floor((dayEnd - blockMs - origin) / blockMs);
    for (let k = first; k <= last; k++) {
      const start = origin + k * blockMs;
      if (start >= from && start < to) blocks.push({ start, day });
    }
  }
  return blocks;
}

/**
 * How far a start is from the time of day its weekday prefers, 0…3: the day falls into three-hour
 * bands and the preferred band turns with the weekday (Monday 09–12, Tuesday 12–15, Wednesday 15–18,
 * Thursday 06–09, …), so a place with one session a day gets it at different times, not always at
 * 08:00. Only a tie-breaker: week-network.ts weighs it below everything else.
 */
export function rotationRank(start: number, zone: string): number {
  const band = Math.floor(localMinuteOf(start, zone) / 180);
  return (((band - 2 - weekdayOf(localDayOf(start, zone))) % 4) + 4) % 4;
}
