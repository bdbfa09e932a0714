// Reading open sessions: a paged list from a day on, or one whole week.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { api, query } from '../app/api.ts';
import { weekAround } from '../app/time.ts';
import type { SessionPage } from '../app/types.ts';
import type { FilterValues } from './filters.tsx';

function filterParams(f: FilterValues) {
  return { moduleId: f.module, language: f.language, format: f.format, site: f.site, available: f.available };
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
