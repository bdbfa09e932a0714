// One session: its module, coach, time, place or link, seats left, and "Take a seat"; once it has
// taken place, whether one took part instead, and no seats on offer.
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../app/api.ts';
import { ErrorNotice, Loading, PageLoadError, Success } from '../app/status.tsx';
import type { Booking, Session } from '../app/types.ts';
import { backLink } from './back-link.ts';
import { Place, SeatsLeft } from './session-card.tsx';
import { SessionTimes } from './session-times.tsx';
import { GiveUpSeat, TooLateToChange, useCutoff } from './give-up-seat.tsx';
import { useSeatCheck, useTakeSeat } from './seat-actions.ts';
import { OtherSite } from './session-card.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { hasRole, useMe } from '../app/me.ts';
import { ChangeTimeAction } from '../coach/change-time-form.tsx';
import { WaitlistAction } from '../waiting-list/waitlist-action.tsx';

// Only the group and its coach see it, and only once the session has begun: loaded then.
const GroupSuggestions = lazy(() => import('../suggestions/group-suggestions.tsx'));

export function SessionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const session = useQuery({ queryKey: ['sessions', 'one', id], queryFn: () => api<Session>('GET', `/api/sessions/${id}`) });
  const take = useTakeSeat();
  // Its coach is not offered a seat, so is not told why they cannot take one (OWN_SESSION) either.
  const open = session.data !== undefined && session.data.status === 'scheduled' && !session.data.myBookingId && session.data.coach.id !== me.id && new Date(session.data.startsAt) > new Date();
  const seatCheck = useSeatCheck(id, open && !take.isSuccess);
  const [gaveUp, setGaveUp] = useState<string | null>(null);
  const cutoff = useCutoff(session.data);
  usePageTitle(session.data?.module.title);
  const begun = session.data !== undefined && new Date(session.data.startsAt) <= new Date();
  // Once it has begun, the seat's attendance as the coach recorded it says more than "a seat".
  const myBooking = useQuery({
    queryKey: ['bookings', 'one', session.data?.myBookingId],
    queryFn: () => api<Booking>('GET', `/api/bookings/${session.data!.myBookingId}`),
    enabled: begun && !!session.data?.myBookingId,
  });

  if (session.isPending) return <Loading />;
  if (session.error) return <PageLoadError error={session.error} onRetry={() => void session.refetch()} />;
  const s = session.data;
  const started = new Date(s.startsAt) <= new Date();
  const refusal = seatCheck.data?.refusal ?? null;
  // A full session offers its waiting list instead, which also says why a freed seat would pass one
  // by (the limit, another session then); any other refusal the rules foresee is said here.
  const saidByWaitlist = s.seatsLeft === 0 && (refusal?.code === 'LIMIT_REACHED' || refusal?.code === 'OVERLAPPING_BOOKING');
  const foreseen = refusal && refusal.code !== 'SESSION_FULL' && !saidByWaitlist ? refusal : null;
  const offerable = open && !foreseen;
  const canTake = offerable && s.seatsLeft > 0;
  const runsIt = s.coach.id === me.id || hasRole(me, 'admin');
  const reflects = started && s.status !== 'cancelled' && (runsIt || s.myBookingId !== null);
  const back = backLink({ started, coachedByMe: s.coach.id === me.id });

  return (
    <article className="session-page">
      <p>
        <Link to={back.to}>{t(back.label)}</Link>
      </p>
      <h1>{s.module.title}</h1>
      <p className="summary">{s.module.summary}</p>
      <dl className="facts">
        <dt>{t('session.when')}</dt>
        <dd>
          <SessionTimes session={s} />
        </dd>
        <dt>{t('session.where')}</dt>
        <dd>
          <Place session={s} />
          {s.onlineUrl && (
            <>
              {' '}
              <a href={s.onlineUrl} rel="noreferrer" target="_blank">
                {t('session.join')}
              </a>
            </>
          )}
          {s.locationNote && <p className="note">{s.locationNote}</p>}
        </dd>
        <dt>{t('session.coach')}</dt>
        <dd>{s.coach.name}</dd>
        <dt>{t('session.language')}</dt>
        <dd>{t(`languages.${s.language}`)}</dd>
        {(!started || s.status === 'cancelled') && (
          <>
            <dt>{t('session.seats')}</dt>
            <dd>
              <SeatsLeft session={s} />
            </dd>
          </>
        )}
      </dl>
      {offerable && <OtherSite session={s} warn />}
      {foreseen && !take.isSuccess && (
        <p className="notice warning" data-testid="seat-refusal">
          {t(`errors.${foreseen.code}`, { limit: foreseen.limit, defaultValue: foreseen.message })}{' '}
          {(foreseen.code === 'OVERLAPPING_BOOKING' || foreseen.code === 'LIMIT_REACHED') && <Link to="/my-sessions">{t('nav.mySessions')}</Link>}
        </p>
      )}
      {s.status === 'cancelled' && <p className="notice">{t('session.cancelledBecause', { reason: s.cancelReason ?? '' })}</p>}
      {s.participants && s.participants.length > 0 && (
        <section>
          <h2>{t(started ? 'session.participantsBegun' : 'session.participants')}</h2>
          <ul>
            {s.participants.map((p) => (
              <li key={p.id}>
                {p.name}
                {p.department && ` (${p.department})`}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="actions">
        {canTake && (
          <button type="button" className="primary" disabled={take.isPending} onClick={() => take.mutate(s.id)}>
            {take.isPending ? t('session.taking') : t('session.takeSeat')}
          </button>
        )}
        {s.myBookingId && s.status === 'scheduled' && !started && cutoff?.passed === false && (
          <GiveUpSeat bookingId={s.myBookingId} session={s} label={t('session.giveUpSeat')} onDone={setGaveUp} />
        )}
      </div>
      {s.myBookingId && s.status === 'scheduled' && !started && cutoff?.passed && <TooLateToChange deadline={cutoff.deadline} />}
      <WaitlistAction session={s} explain />
      {runsIt && s.status === 'scheduled' && !started && <ChangeTimeAction session={s} title={s.module.title} />}
      {take.isSuccess && (
        <Success>
          {t('session.booked')} <Link to="/my-sessions">{t('nav.mySessions')}</Link>
        </Success>
      )}
      {take.error && <ErrorNotice error={take.error} />}
      {!take.isSuccess && s.myBookingId && !started && <p className="notice success">{t('sessions.youHaveASeat')}</p>}
      {s.myBookingId && started && s.status !== 'cancelled' && myBooking.data && (
        <p className="notice success">{t(seatAfterStart(myBooking.data.status, new Date(s.endsAt) <= new Date()))}</p>
      )}
      {gaveUp && <Success>{gaveUp}</Success>}
      {reflects && (
        <Suspense fallback={<Loading />}>
          <GroupSuggestions sessionId={s.id} runsIt={runsIt} />
        </Suspense>
      )}
    </article>
  );
}

/** One's seat in a session that has begun, as its attendance was recorded (none yet: the seat). */
function seatAfterStart(status: Booking['status'], ended: boolean): string {
  if (status === 'attended') return 'session.tookPart';
  if (status === 'no_show') return 'session.markedAbsent';
  return ended ? 'session.hadASeat' : 'sessions.youHaveASeat';
}
