// The waiting lists one is in, and joining or leaving one. Either refreshes the seats too: a join
// refused as SESSION_NOT_FULL means our picture of the seats was out of date.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../app/api.ts';
import type { WaitlistEntry, WaitlistLines } from '../../features/waiting-list/schema.ts';
import './waitlist-texts.ts';

export type Line = z.infer<typeof WaitlistLines>['items'][number];

export function useMyLines(timeZone?: string) {
  return useQuery({
    queryKey: ['waitlist', timeZone ?? ''],
    queryFn: async () => (await api<z.infer<typeof WaitlistLines>>('GET', `/api/me/waitlist${timeZone ? `?tz=${encodeURIComponent(timeZone)}` : ''}`)).items,
  });
}

function useRefresh() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['waitlist'] });
    void client.invalidateQueries({ queryKey: ['sessions'] });
    void client.invalidateQueries({ queryKey: ['bookings'] });
  };
}

export function useJoinWaitlist() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (sessionId: string) => api<z.infer<typeof WaitlistEntry>>('POST', `/api/sessions/${sessionId}/waitlist`),
    onSettled: refresh,
  });
}

export function useLeaveWaitlist() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (sessionId: string) => api<null>('DELETE', `/api/sessions/${sessionId}/waitlist`),
    onSettled: refresh,
  });
}
