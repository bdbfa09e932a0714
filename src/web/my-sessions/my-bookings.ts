import { useQuery } from '@tanstack/react-query';
import { api } from '../app/api.ts';
import type { BookingList, Session, SessionPage } from '../app/types.ts';

export function useMyBookings(when: 'upcoming' | 'past') {
  return useQuery({
    queryKey: ['bookings', when],
    queryFn: () => api<BookingList>('GET', `/api/me/bookings?when=${when}`).then((r) => r.items),
  });
}

/** Other open sessions of the same module with a seat left: where a booking may move. */
export function useMoveTargets(session: Session, enabled: boolean) {
  return useQuery({
    queryKey: ['sessions', 'move-targets', session.module.id],
    queryFn: () =>
      api<SessionPage>('GET', `/api/sessions?moduleId=${session.module.id}&available=true&limit=50`).then((r) =>
        r.items.filter((s) => s.id !== session.id),
      ),
    enabled,
  });
}
