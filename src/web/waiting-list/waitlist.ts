// The waiting lists one is in, joining or leaving one, and accepting or declining a seat offered
// from one. Each refreshes the seats and bookings too: a join refused as SESSION_NOT_FULL means our
// picture of the seats was out of date, and an accepted offer is a new booking.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../app/api.ts';
import type { BookingView } from '../../features/bookings/schema.ts';
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

export function useAcceptOffer() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (entryId: string) => api<z.infer<typeof BookingView>>('POST', `/api/me/waitlist/offers/${entryId}/accept`),
    onSettled: refresh,
  });
}

export function useDeclineOffer() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (entryId: string) => api<null>('POST', `/api/me/waitlist/offers/${entryId}/decline`),
    onSettled: refresh,
  });
}
