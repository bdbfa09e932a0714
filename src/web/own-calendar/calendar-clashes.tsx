// The clash mark on open sessions: the viewer's busy times (from their own connected calendar) laid
// over each session. Without a calendar, or while the busy times are loading or failed, nothing is
// marked: the list never waits for a calendar server.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CalendarBusy } from '../../features/calendar-overlay/schema.ts';
import { api } from '../app/api.ts';
import './calendar-overlay-texts.ts';
import { clashes } from './clashes.ts';

export const BUSY_KEY = ['me', 'calendar-overlay', 'busy'];

export function useBusyTimes() {
  return useQuery({
    queryKey: BUSY_KEY,
    queryFn: () => api<CalendarBusy>('GET', '/api/me/calendar-overlay/busy'),
    // The server keeps busy times for an hour; asking more often than every few minutes gains nothing.
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** `inline`: a badge alone (the week's cells); else a line of its own (the list's cards). */
export function ClashMark({ busy, session, inline = false }: { busy: CalendarBusy | undefined; session: { startsAt: string; endsAt: string }; inline?: boolean }) {
  const { t } = useTranslation();
  if (!clashes(busy, session)) return null;
  const badge = <span className="badge full calendar-clash">{t('calendarOverlay.clash')}</span>;
  return inline ? badge : <p>{badge}</p>;
}
