// Giving up a seat, asked first: the session and time named, and until when seats can still be given
// up or moved at all (the organisation's cut-off), because after that only the coach can help.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../app/settings.ts';
import { ErrorNotice } from '../app/status.tsx';
import { momentLabel, spanLabel } from '../app/time.ts';
import type { Session } from '../app/types.ts';
import { useCancelBooking } from './seat-actions.ts';

export function GiveUpSeat({ bookingId, session, label, onDone }: {
  bookingId: string;
  session: Pick<Session, 'startsAt' | 'endsAt' | 'local' | 'module'>;
  label: string;
  onDone: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [asking, setAsking] = useState(false);
  const settings = useSettings();
  const cancel = useCancelBooking();
  const title = session.module.title;
  const zone = session.local.timeZone;
  return (
    <>
      <button type="button" aria-expanded={asking} disabled={cancel.isPending} onClick={() => setAsking(!asking)} aria-label={t('mySessions.cancelNamed', { title })}>
        {label}
      </button>
      {asking && (
        <div className="confirm" role="group" aria-label={t('mySessions.cancelNamed', { title })}>
          <p>{t('mySessions.cancelAsk', { title, when: spanLabel(session.startsAt, session.endsAt, zone, i18n.language) })}</p>
          {settings.data && (
            <p className="hint">{t('mySessions.cancelUntil', { deadline: deadline(session.startsAt, settings.data.cancellationCutoffMinutes, zone, i18n.language) })}</p>
          )}
          <div className="actions">
            <button type="button" className="danger" disabled={cancel.isPending} onClick={() => cancel.mutate(bookingId, { onSuccess: () => { setAsking(false); onDone(t('session.cancelled')); } })}>
              {t('mySessions.cancelYes')}
            </button>
            <button type="button" className="secondary" onClick={() => setAsking(false)}>{t('mySessions.cancelNo')}</button>
          </div>
        </div>
      )}
      {cancel.error && <ErrorNotice error={cancel.error} />}
    </>
  );
}

/** The last moment a seat can be given up or moved, in the reader's words: "Tue 8 Dec, 09:30". */
function deadline(startsAt: string, cutoffMinutes: number, zone: string, locale: string): string {
  return momentLabel(new Date(Date.parse(startsAt) - cutoffMinutes * 60_000).toISOString(), zone, locale);
}

/**
 * Whether the organisation's cut-off has passed for a session (the API's rule for giving up, moving
 * and joining a waiting list), and since when: past it those buttons would only be refused, so the
 * pages say so instead. Unknown (null) until the settings and the session are read.
 */
export function useCutoff(session: Pick<Session, 'startsAt' | 'local'> | undefined): { passed: boolean; deadline: string } | null {
  const { i18n } = useTranslation();
  const settings = useSettings();
  if (!settings.data || !session) return null;
  const minutes = settings.data.cancellationCutoffMinutes;
  return {
    passed: Date.parse(session.startsAt) - Date.now() < minutes * 60_000,
    deadline: deadline(session.startsAt, minutes, session.local.timeZone, i18n.language),
  };
}

/** Said where "Give up" and "Move" would stand once the cut-off has passed. */
export function TooLateToChange({ deadline }: { deadline: string }) {
  const { t } = useTranslation();
  return <p className="hint" data-testid="too-late-to-change">{t('mySessions.tooLate', { deadline })}</p>;
}
