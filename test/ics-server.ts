// Calendar servers for tests: a real node:http listener on 127.0.0.1 serving what each path is set
// to — an ICS file, a redirect, an answer too large, one that never ends, one that is no calendar —
// and counting the requests. ICS builders for the fixtures beside it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup } from './cleanup.ts';

export type Served =
  | { ics: string }
  | { body: string; contentType?: string; status?: number }
  | { redirect: string }
  /** Sends the header and a first line, then nothing more and never ends. */
  | 'trickle'
  /** This many bytes of a valid-looking calendar, written in chunks. */
  | { bytes: number };

export interface IcsServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  serve(path: string, what: Served): void;
  requests(path: string): number;
}

export async function startIcsServer(): Promise<IcsServer> {
  const routes = new Map<string, Served>();
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const what = routes.get(path);
    if (!what) return void res.writeHead(404).end('not found');
    if (what === 'trickle') {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.write('BEGIN:VCALENDAR\r\n');
      return;
    }
    if ('ics' in what) return void res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' }).end(what.ics);
    if ('redirect' in what) return void res.writeHead(302, { location: what.redirect }).end();
    if ('bytes' in what) {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      const line = 'X-FILLER:' + 'x'.repeat(1000) + '\r\n';
      res.write('BEGIN:VCALENDAR\r\n');
      let written = 0;
      const more = () => {
        while (written < what.bytes) {
          written += line.length;
          if (!res.write(line)) return void res.once('drain', more);
        }
        res.end('END:VCALENDAR\r\n');
      };
      res.on('error', () => undefined);
      return more();
    }
    res.writeHead(what.status ?? 200, { 'content-type': what.contentType ?? 'text/html' }).end(what.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  onCleanup(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    serve: (path, what) => void routes.set(path, what),
    requests: (path) => counts.get(path) ?? 0,
  };
}

/** 20270301T090000Z for an instant; with local: true the wall-clock digits alone. */
export function icsTime(instant: Date): string {
  return instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function calendar(...parts: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Quartet tests//EN', ...parts, 'END:VCALENDAR', ''].join('\r\n');
}

export function vevent(...lines: string[]): string {
  return ['BEGIN:VEVENT', `DTSTAMP:20260101T000000Z`, ...lines, 'END:VEVENT'].join('\r\n');
}

/** Central European time as Outlook writes it: its own name for the zone, the rules spelled out. */
export const OUTLOOK_BERLIN = 'W. Europe Standard Time';
export const BERLIN_VTIMEZONE = [
  'BEGIN:VTIMEZONE', `TZID:${OUTLOOK_BERLIN}`,
  'BEGIN:STANDARD', 'DTSTART:16010101T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10', 'END:STANDARD',
  'BEGIN:DAYLIGHT', 'DTSTART:16010101T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3', 'END:DAYLIGHT',
  'END:VTIMEZONE',
].join('\r\n');

/**
 * A calendar around Europe's switch to summer time in `year` (laid out like 2027: Monday 1 March,
 * clocks forward Sunday 28 March): a weekly Monday meeting 10:00–11:00 Berlin time, six times,
 * with the 8 March one moved to 14:00, the 15 March one deleted (EXDATE) and the 22 March one
 * cancelled; an all-day event on 3 March; a free (transparent) and a cancelled event; an event in
 * floating time; one with a DURATION; and one a year later.
 */
export function springCalendar(year: number): string {
  const tz = `TZID=${OUTLOOK_BERLIN}`;
  return calendar(
    BERLIN_VTIMEZONE,
    vevent('UID:weekly@test', 'SUMMARY:Team meeting', `DTSTART;${tz}:${year}0301T100000`, `DTEND;${tz}:${year}0301T110000`,
      'RRULE:FREQ=WEEKLY;COUNT=6', `EXDATE;${tz}:${year}0315T100000`),
    vevent('UID:weekly@test', 'SUMMARY:Team meeting (moved)', `RECURRENCE-ID;${tz}:${year}0308T100000`,
      `DTSTART;${tz}:${year}0308T140000`, `DTEND;${tz}:${year}0308T150000`),
    vevent('UID:weekly@test', 'SUMMARY:Team meeting', 'STATUS:CANCELLED', `RECURRENCE-ID;${tz}:${year}0322T100000`,
      `DTSTART;${tz}:${year}0322T100000`, `DTEND;${tz}:${year}0322T110000`),
    vevent('UID:day-off@test', 'SUMMARY:Day off', `DTSTART;VALUE=DATE:${year}0303`, `DTEND;VALUE=DATE:${year}0304`),
    vevent('UID:free@test', 'SUMMARY:Focus time (free)', 'TRANSP:TRANSPARENT', `DTSTART:${year}0302T100000Z`, `DTEND:${year}0302T110000Z`),
    vevent('UID:cancelled@test', 'SUMMARY:Called off', 'STATUS:CANCELLED', `DTSTART:${year}0304T100000Z`, `DTEND:${year}0304T110000Z`),
    vevent('UID:floating@test', 'SUMMARY:Dentist', `DTSTART:${year}0305T090000`, `DTEND:${year}0305T100000`),
    vevent('UID:duration@test', 'SUMMARY:Workshop', `DTSTART:${year}0310T120000Z`, 'DURATION:PT1H30M'),
    vevent('UID:far@test', 'SUMMARY:Next year', `DTSTART:${year + 1}0301T120000Z`, `DTEND:${year + 1}0301T130000Z`),
  );
}

/** What springCalendar is busy, for a person in New York (all-day and floating times are theirs). */
export function springBusy(year: number): Array<{ startsAt: string; endsAt: string }> {
  return [
    { startsAt: `${year}-03-01T09:00:00.000Z`, endsAt: `${year}-03-01T10:00:00.000Z` },
    { startsAt: `${year}-03-03T05:00:00.000Z`, endsAt: `${year}-03-04T05:00:00.000Z` },
    { startsAt: `${year}-03-05T14:00:00.000Z`, endsAt: `${year}-03-05T15:00:00.000Z` },
    { startsAt: `${year}-03-08T13:00:00.000Z`, endsAt: `${year}-03-08T14:00:00.000Z` },
    { startsAt: `${year}-03-10T12:00:00.000Z`, endsAt: `${year}-03-10T13:30:00.000Z` },
    // After the clocks went forward, 10:00 in Berlin is 08:00 UTC.
    { startsAt: `${year}-03-29T08:00:00.000Z`, endsAt: `${year}-03-29T09:00:00.000Z` },
    { startsAt: `${year}-04-05T08:00:00.000Z`, endsAt: `${year}-04-05T09:00:00.000Z` },
  ];
}
