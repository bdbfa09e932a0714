// Taking, giving up and moving a seat. Each sends an Idempotency-Key (a retry books nothing twice)
// and afterwards refreshes every list that shows seats.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, idempotencyKey } from '../app/api.ts';
import type { Booking, SeatCheck } from '../app/types.ts';

function useRefreshSeats() {
  const client = useQueryClient();
  // Not awaited: the mutation settles first, so the page can say what happened before the list
  // it acted on is read again (a cancelled booking leaves the upcoming list, and its buttons with it).
  return () => {
    void client.invalidateQueries({ queryKey: ['sessions'] });
    void client.invalidateQueries({ queryKey: ['bookings'] });
  };
}

export function useTakeSeat() {
  const refresh = useRefreshSeats();
  return useMutation({
    mutationFn: (sessionId: string) => api<Booking>('POST', `/api/sessions/${sessionId}/bookings`, undefined, idempotencyKey()),
    // A refusal (full, overlapping) also means our picture of the seats was out of date.
    onSettled: refresh,
  });
}

export function useCancelBooking() {
  const refresh = useRefreshSeats();
  return useMutation({
    mutationFn: (bookingId: string) => api<Booking>('POST', `/api/bookings/${bookingId}/cancel`, undefined, idempotencyKey()),
    onSettled: refresh,
  });
}

export function useMoveBooking() {
  const refresh = useRefreshSeats();
  return useMutation({
    mutationFn: ({ bookingId, sessionId }: { bookingId: string; sessionId: string }) =>
      api<Booking>('POST', `/api/bookings/${bookingId}/move`, { sessionId }, idempotencyKey()),
    onSettled: refresh,
  });
}

/**
 * Which of one's own rules would refuse the seat (another session then, the limit, one's own
 * session): asked before "Take a seat" is offered, so the page says it instead of a refusal after
 * the click. Under the 'sessions' key, so every seat change asks again.
 */
export function useSeatCheck(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['sessions', 'seat-check', sessionId],
    queryFn: () => api<SeatCheck>('GET', `/api/sessions/${sessionId}/seat-check`),
    enabled,
  });
}
