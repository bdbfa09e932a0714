// Reading open sessions: a paged list from a day on, or one whole week.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { api, query } from '../app/api.ts';
import { dayKey, weekAround } from '../app/time.ts';
import type { SessionPage } from '../app/types.ts';
import type { FilterValues } from './filters.tsx';

function filterParams(f: FilterValues) {
  return { moduleId: f.module, language: f.language, format: f.format, site: f.site, available: f.available, timeOfDay: f.time };
}

// The week shows days in time order whatever the list's order; only the list asks for it.
function listParams(f: FilterValues) {
  return { ...filterParams(f), sort: f.sort === 'newColleagues' ? 'newColleagues' : '' };
}

export function useSessionList(f: FilterValues, timeZone: string) {
  const from = f.date ? DateTime.fromISO(f.date, { zone: timeZone }).toUTC().toISO() : undefined;
  return useInfiniteQuery({
    queryKey: ['sessions', 'list', f, timeZone],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<SessionPage>('GET', `/api/sessions${query({ ...listParams(f), from, cursor: pageParam, limit: '30' })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useSessionWeek(f: FilterValues, day: string, timeZone: string) {
  const { start, end } = weekAround(day, timeZone);
  return useQuery({
    queryKey: ['sessions', 'week', f, start.toISODate(), timeZone],
    queryFn: () =>
      api<SessionPage>('GET', `/api/sessions${query({ ...filterParams(f), from: start.toUTC().toISO(), to: end.toUTC().toISO(), limit: '200' })}`),
  });
}

/**
 * The day of the first session the filters let through from now on (null: none), so the week view
 * opens on a week that has sessions rather than on seven empty days.
 */
export function useFirstSessionDay(f: FilterValues, timeZone: string, enabled: boolean) {
  return useQuery({
    queryKey: ['sessions', 'first', filterParams(f), timeZone],
    enabled,
    queryFn: async () => {
      const page = await api<SessionPage>('GET', `/api/sessions${query({ ...filterParams(f), limit: '1' })}`);
      const first = page.items[0];
      return first ? dayKey(first.startsAt, timeZone) : null;
    },
  });
}
