// An employee's calendar connection as they see it: the host, never the address (it is a secret
// that reads their calendar), and busy times without anything else of the calendar.
import type { BusyInterval } from './busy-times.ts';
import type { ConnectionRow } from './queries.ts';
import { FetchError, type CalendarBusy, type CalendarStatus } from './schema.ts';

export function presentStatus(row: ConnectionRow | undefined): CalendarStatus {
  if (!row) return { connected: false, host: null, fetchedAt: null, error: null };
  const known = FetchError.safeParse(row.fetch_error);
  return {
    connected: true,
    host: row.address_host,
    fetchedAt: row.fetched_at?.toISOString() ?? null,
    error: row.fetch_error === null ? null : known.success ? known.data : 'unreachable',
  };
}

export function presentBusy(row: ConnectionRow | undefined, intervals: BusyInterval[]): CalendarBusy {
  return {
    calendar: presentStatus(row),
    intervals: intervals.map((i) => ({ startsAt: i.startsAt.toISOString(), endsAt: i.endsAt.toISOString() })),
  };
}
