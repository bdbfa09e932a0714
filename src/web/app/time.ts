// Showing instants as wall-clock times. The API gives instants (UTC) and zones; the browser's Intl
// (the IANA database) and Luxon do every conversion, never arithmetic by hand.
import { DateTime } from 'luxon';

// Quartet's English is British: 14 Dec 2026, 24-hour times, CET rather than GMT+1.
const INTL_LOCALES: Record<string, string> = { en: 'en-GB', de: 'de-DE' };

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALES[locale] ?? locale, { timeZone, ...options });
    formats.set(key, f);
  }
  return f;
}

/** "Tue, 3 Mar 2026" */
export function dayLabel(instant: string, timeZone: string, locale: string): string {
  return format(locale, timeZone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(instant));
}

/** "10:00" */
export function timeLabel(instant: string, timeZone: string, locale: string): string {
  return format(locale, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** "Tue, 3 Mar 2026, 10:00–11:30 CET" */
export function spanLabel(startsAt: string, endsAt: string, timeZone: string, locale: string): string {
  return `${dayLabel(startsAt, timeZone, locale)}, ${timeLabel(startsAt, timeZone, locale)}–${timeLabel(endsAt, timeZone, locale)} ${zoneLabel(startsAt, timeZone, locale)}`;
}

/** "Fri, 11 Dec 2026, 08:30 CET": a moment such as a deadline, with its zone as the mails name it. */
export function momentLabel(instant: string, timeZone: string, locale: string): string {
  return `${dayLabel(instant, timeZone, locale)}, ${timeLabel(instant, timeZone, locale)} ${zoneLabel(instant, timeZone, locale)}`;
}

// ICU knows a familiar abbreviation (CET, MEZ, EST) only in the locale whose people use it: en-GB
// says GMT-5 for New York, de-DE says MEZ for Berlin but GMT-5 for New York. The page's own language
// first, then the English locales in turn, keeping the first real name — the order the mails use
// (notifications/compose/layout.ts), so page and mail agree.
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];

/** The zone's short name at that instant: "CET" ("MEZ" in German), "EDT", "IST", or "GMT+5:45" where no name is in use. */
export function zoneLabel(instant: string, timeZone: string, locale: string): string {
  let found = '';
  for (const l of [locale, ...ABBREVIATION_LOCALES]) {
    const name = format(l, timeZone, { timeZoneName: 'short' }).formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    found ||= name;
    if (name && !/^(GMT|UTC)([+-]|$)/.test(name)) return name;
  }
  return found || timeZone;
}

/** A day (yyyy-mm-dd) as "Monday 14 Dec", in the app's language. */
export function weekdayLabel(day: string, locale: string): string {
  return format(locale, 'UTC', { weekday: 'long', day: 'numeric', month: 'short' }).format(new Date(`${day}T12:00:00Z`));
}

/**
 * A week's first day (yyyy-mm-dd) as a chart label short enough for eleven side by side on a phone:
 * "3 Nov" in English, "3.11." in German.
 */
export function weekStartLabel(day: string, locale: string): string {
  const options: Intl.DateTimeFormatOptions = locale === 'de' ? { day: 'numeric', month: 'numeric' } : { day: 'numeric', month: 'short' };
  return format(locale, 'UTC', options).format(new Date(`${day}T12:00:00Z`));
}

/** The calendar day of an instant in a zone, e.g. 2026-03-03, for grouping. */
export function dayKey(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: timeZone }).toISODate() ?? instant.slice(0, 10);
}

/** Monday 00:00 of the week holding `day` (yyyy-mm-dd) in the zone, and the next Monday. */
export function weekAround(day: string, timeZone: string): { start: DateTime; end: DateTime } {
  const start = DateTime.fromISO(day, { zone: timeZone }).startOf('week');
  return { start, end: start.plus({ weeks: 1 }) };
}

export function today(timeZone: string): string {
  return DateTime.now().setZone(timeZone).toISODate() ?? new Date().toISOString().slice(0, 10);
}

/** Seven days from Monday, as yyyy-mm-dd. */
export function daysOfWeek(start: DateTime): string[] {
  return Array.from({ length: 7 }, (_, i) => start.plus({ days: i }).toISODate() ?? '');
}

export function shiftDay(day: string, days: number, timeZone: string): string {
  return DateTime.fromISO(day, { zone: timeZone }).plus({ days }).toISODate() ?? day;
}

/** Wall-clock "yyyy-mm-ddThh:mm" (an <input type="datetime-local"> value) in a zone -> instant ISO. */
export function wallClockToInstant(value: string, timeZone: string): string | null {
  const dt = DateTime.fromISO(value, { zone: timeZone });
  return dt.isValid ? dt.toUTC().toISO() : null;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

// The names the API accepts (src/lib/zones.ts): UTC, or a zone in one of the tz database's region
// areas. Some browsers also list Etc/GMT+5, EST5EDT and the like, which the API refuses.
const REGION_ZONE = /^(?:UTC|(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)(?:\/[A-Z][A-Za-z_-]*){1,2})$/;

let zoneList: string[] | undefined;

/** The zones for pickers: every region zone the browser knows, and UTC. */
export function timeZones(): string[] {
  if (zoneList) return zoneList;
  const withValues = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const known = withValues.supportedValuesOf?.('timeZone') ?? ['Europe/Berlin', 'Europe/Lisbon', 'America/New_York'];
  zoneList = [...new Set([...known, 'UTC'])].filter((zone) => REGION_ZONE.test(zone));
  return zoneList;
}
