// The organisation's program settings (cut-off, seats per session, …), read by several pages.
import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import type { Settings } from './types.ts';

export function useSettings() {
  return useQuery({ queryKey: ['settings'], queryFn: () => api<Settings>('GET', '/api/settings'), staleTime: 5 * 60_000 });
}

/** Whether the organisation mixes colleagues: only then does the API order the open list by new colleagues. */
export function mixes(settings: Settings | undefined): boolean {
  return settings !== undefined && settings.mixing !== 'off';
}
