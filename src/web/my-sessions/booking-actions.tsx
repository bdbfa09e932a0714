// Give up a seat (asked first: give-up-seat.tsx) or move it to another session of the same module;
// a session meeting in person at another site than one's own says so, as in the list and on its page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { useMe } from '../app/me.ts';
import { spanLabel } from '../app/time.ts';
import type { Booking } from '../app/types.ts';
import { GiveUpSeat, TooLateToChange, useCutoff } from '../sessions/give-up-seat.tsx';
import { OtherSite } from '../sessions/session-card.tsx';
import { useMoveBooking } from '../sessions/seat-actions.ts';
import { useMoveTargets } from './my-bookings.ts';

export function BookingActions({ booking, onDone }: { booking: Booking; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const [moving, setMoving] = useState(false);
  const [target, setTarget] = useState('');
  const move = useMoveBooking();
  const targets = useMoveTargets(booking.session, moving);
  const title = booking.session.module.title;
  const me = useMe();
  const chosen = targets.data?.find((s) => s.id === target);
  const cutoff = useCutoff(booking.session);
  const placeOf = (s: Booking['session']) => {
    if (!s.room) return t('sessions.online');
    return s.format === 'in_person' && me.site && s.room.site !== me.site ? t('sessions.otherSite', { site: s.room.site }) : s.room.site;
  };

  const changeable = cutoff !== null && !cutoff.passed;

  return (
    <div className="booking-actions">
      {cutoff?.passed && <TooLateToChange deadline={cutoff.deadline} />}
      <div className="actions">
        {changeable && <GiveUpSeat bookingId={booking.id} session={booking.session} label={t('mySessions.cancel')} onDone={onDone} />}
        <a className="button-link secondary" href={`/api/bookings/${booking.id}/calendar.ics`} download aria-label={t('calendar.fileNamed', { title })}>
          {t('calendar.file')}
        </a>
        {changeable && (
          <button type="button" aria-expanded={moving} onClick={() => setMoving(!moving)} aria-label={t('mySessions.moveNamed', { title })}>
            {t('mySessions.move')}
          </button>
        )}
      </div>
      {changeable && moving && (
        <form
          className="move"
          onSubmit={(e) => {
            e.preventDefault();
            if (target) move.mutate({ bookingId: booking.id, sessionId: target }, { onSuccess: () => onDone(t('mySessions.moved')) });
          }}
        >
          {targets.isPending && <Loading />}
          {targets.error && <ErrorNotice error={targets.error} />}
          {targets.data && targets.data.length === 0 && <p>{t('mySessions.noOther')}</p>}
          {targets.data && targets.data.length > 0 && (
            <>
              <label>
                {t('mySessions.moveTo')}
                <select value={target} onChange={(e) => setTarget(e.target.value)} required>
                  <option value="">{t('mySessions.choose')}</option>
                  {targets.data.map((s) => (
                    <option key={s.id} value={s.id}>
                      {spanLabel(s.startsAt, s.endsAt, s.local.timeZone, i18n.language)} · {placeOf(s)} ·{' '}
                      {t('sessions.seatsLeft', { count: s.seatsLeft, capacity: s.capacity })}
                    </option>
                  ))}
                </select>
              </label>
              {chosen && <OtherSite session={chosen} warn />}
              <button type="submit" disabled={move.isPending || !target}>
                {t('mySessions.moveConfirm')}
              </button>
            </>
          )}
          {move.error && <ErrorNotice error={move.error} />}
        </form>
      )}
    </div>
  );
}

