// The module library and rooms, read for filters and forms; they change rarely.
import { useQuery } from '@tanstack/react-query';
import { api, query } from '../app/api.ts';
import type { ModuleList, RoomList } from '../app/types.ts';

export function useModules(includeRetired = false) {
  return useQuery({
    queryKey: ['modules', includeRetired],
    queryFn: () => api<ModuleList>('GET', `/api/modules${query({ includeRetired: includeRetired ? 'true' : undefined })}`).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useRooms(free?: { from: string; to: string }) {
  return useQuery({
    queryKey: ['rooms', free?.from, free?.to],
    queryFn: () => api<RoomList>('GET', `/api/rooms${query({ freeFrom: free?.from, freeTo: free?.to })}`).then((r) => r.items),
    staleTime: free ? 0 : 5 * 60_000,
  });
}
