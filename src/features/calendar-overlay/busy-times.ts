// An iCalendar file read as busy intervals, and nothing else of it: no titles, places or people.
// ical.js expands recurrences (RRULE, RDATE, EXDATE, moved or cancelled occurrences given as
// RECURRENCE-ID exceptions) and reads times in the file's own VTIMEZONEs, clock changes included.
// Free time (TRANSP:TRANSPARENT) and cancelled events are not busy. An all-day event is busy from
// midnight to midnight in the person's zone; a time without a zone (floating), or in a named zone
// the file does not define, is read in that IANA zone if it is one, else in the person's zone.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { isTimeZone } from '../../lib/zones.ts';

export interface BusyInterval {
  startsAt: Date;
  endsAt: Date;
}

export interface BusyWindow {
  from: Date;
  to: Date;
  /** The person's own zone, for all-day and floating times. */
  zone: string;
}

// A hostile or huge calendar (FREQ=HOURLY since 1970) must not hold a request: ical.js takes tens
// of microseconds an occurrence, so the expansion of the whole file stops after this many
// occurrences (27 years of a daily event), and after this many busy intervals. Rules repeating
// every minute or second are not read at all: no calendar people keep has them.
const MAX_STEPS = 10_000;
const MAX_INTERVALS = 5_000;
const TOO_FREQUENT = new Set(['SECONDLY', 'MINUTELY']);
const DAY_MS = 24 * 3_600_000;

export class NotACalendarError extends Error {}

export function busyIntervals(icsText: string, window: BusyWindow): BusyInterval[] {
  try {
    return readBusy(icsText, window);
  } catch (error) {
    // ical.js throws plain errors on a broken RRULE or date deep in the expansion.
    if (error instanceof NotACalendarError) throw error;
    throw new NotACalendarError(`the calendar cannot be read: ${(error as Error).message}`);
  }
}

function readBusy(icsText: string, window: BusyWindow): BusyInterval[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(icsText) as unknown[]);
  } catch (error) {
    throw new NotACalendarError(`the file cannot be read as iCalendar: ${(error as Error).message}`);
  }
  if (root.name !== 'vcalendar') throw new NotACalendarError('the file is not a VCALENDAR');

  const masters = new Map<string, ICAL.Component>();
  const exceptions: ICAL.Component[] = [];
  for (const component of root.getAllSubcomponents('vevent')) {
    if (component.hasProperty('recurrence-id')) exceptions.push(component);
    else masters.set(String(component.getFirstPropertyValue('uid') ?? `no-uid-${masters.size}`), component);
  }
  const intervals: BusyInterval[] = [];
  const keep = (item: ICAL.Event, start: ICAL.Time, end: ICAL.Time) => {
    if (!isBusy(item.component)) return;
    const zone = fallbackZone(item.component, window.zone);
    const startsAt = instant(start, zone);
    let endsAt = instant(end, zone);
    if (start.isDate && endsAt <= startsAt) endsAt = DateTime.fromJSDate(startsAt, { zone }).plus({ days: 1 }).toJSDate();
    if (endsAt > window.from && startsAt < window.to && endsAt > startsAt) intervals.push({ startsAt, endsAt });
  };

  const orphans: ICAL.Component[] = [];
  const events = new Map<string, ICAL.Event>();
  for (const [uid, component] of masters) events.set(uid, new ICAL.Event(component));
  for (const exception of exceptions) {
    const master = events.get(String(exception.getFirstPropertyValue('uid')));
    if (master) master.relateException(exception);
    else orphans.push(exception);
  }

  let steps = 0;
  for (const event of events.values()) {
    if (intervals.length >= MAX_INTERVALS) break;
    if (!event.isRecurring()) {
      keep(event, event.startDate, event.endDate);
      continue;
    }
    if (steps >= MAX_STEPS) continue;
    const rules = event.component.getAllProperties('rrule').map((p) => String((p.getFirstValue() as { freq?: string } | null)?.freq ?? ''));
    if (rules.some((freq) => TOO_FREQUENT.has(freq))) continue;
    const expansion = event.iterator();
    const zone = fallbackZone(event.component, window.zone);
    // Occurrences long before the window are only counted: a moved one is looked up (ical.js's
    // costly part) from a week before it on.
    const lookFrom = window.from.getTime() - 7 * DAY_MS;
    for (let next = expansion.next(); next && steps < MAX_STEPS && intervals.length < MAX_INTERVALS; steps++, next = expansion.next()) {
      const at = instant(next, zone).getTime();
      // The loop ends once the rule's own times pass the window (an exception moved from beyond
      // the window into it is missed: rare, and only a mark).
      if (at >= window.to.getTime()) break;
      if (at < lookFrom) continue;
      const details = event.getOccurrenceDetails(next);
      keep(details.item, details.startDate, details.endDate);
    }
  }
  for (const orphan of orphans) {
    const event = new ICAL.Event(orphan);
    keep(event, event.startDate, event.endDate);
  }
  return merged(intervals);
}

function isBusy(component: ICAL.Component): boolean {
  const transparency = String(component.getFirstPropertyValue('transp') ?? 'OPAQUE').toUpperCase();
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  return transparency !== 'TRANSPARENT' && status !== 'CANCELLED';
}

function fallbackZone(component: ICAL.Component, personZone: string): string {
  const tzid = component.getFirstProperty('dtstart')?.getParameter('tzid');
  return typeof tzid === 'string' && isTimeZone(tzid) ? tzid : personZone;
}

function instant(time: ICAL.Time, zone: string): Date {
  if (time.isDate) return DateTime.fromObject({ year: time.year, month: time.month, day: time.day }, { zone }).toJSDate();
  const own = time.zone;
  // UTC, or a zone the file defines (VTIMEZONE): ical.js knows the offset at that moment.
  if (own && (own.tzid === 'UTC' || own.component)) return new Date(time.toUnixTime() * 1000);
  return DateTime.fromObject({ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second }, { zone }).toJSDate();
}

/** Sorted, overlapping or touching intervals joined: fewer rows, same busy time. */
function merged(intervals: BusyInterval[]): BusyInterval[] {
  const sorted = [...intervals].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const out: BusyInterval[] = [];
  for (const interval of sorted) {
    const last = out.at(-1);
    if (last && interval.startsAt <= last.endsAt) {
      if (interval.endsAt > last.endsAt) last.endsAt = interval.endsAt;
    } else out.push({ ...interval });
  }
  return out;
}
