// My sessions: upcoming bookings (give up, move) and past ones. Upcoming shows the seats still held
// first; seats given up, moved or in a cancelled session follow under their own heading, without
// seat counts, so nothing there reads as a live booking.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { viewOf } from '../app/view-param.ts';
import type { Booking } from '../app/types.ts';
import { SessionCard } from '../sessions/session-card.tsx';
import { BookingActions } from './booking-actions.tsx';
import { GroupOutcome, useGroupOutcomes } from './group-outcome.tsx';
import { CalendarFeed } from './calendar-feed.tsx';
import { SessionRating, useMyRatings } from './session-rating.tsx';
import { useSettings } from '../app/settings.ts';
import { useMyBookings } from './my-bookings.ts';
import { usePageTitle } from '../app/page-title.ts';
import { MyWaitingLists } from '../waiting-list/my-waiting-lists.tsx';
import { MyOffers } from '../waiting-list/my-offers.tsx';

export function MySessionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('mySessions.title'));
  // The digest and the request to rate link to ?view=past.
  const [params] = useSearchParams();
  const [when, setWhen] = useState(viewOf(params));
  const bookings = useMyBookings(when);
  const outcomes = useGroupOutcomes(when === 'past');
  const ratings = useMyRatings(when === 'past');
  const settings = useSettings();
  // Said here, not by the booking: a given-up booking leaves the list of upcoming ones.
  const [done, setDone] = useState<string | null>(null);
  const clashes = when === 'upcoming' ? overlapping(bookings.data ?? []) : new Map<string, Booking[]>();
  const isLive = (b: Booking) => when === 'past' || (b.status === 'active' && b.session.status === 'scheduled');
  const live = (bookings.data ?? []).filter(isLive);
  const ended = (bookings.data ?? []).filter((b) => !isLive(b));

  return (
    <section>
      <h1>{t('mySessions.title')}</h1>
      <MyOffers />
      <div className="view-switch" role="group" aria-label={t('mySessions.which')}>
        <button type="button" aria-pressed={when === 'upcoming'} onClick={() => setWhen('upcoming')}>
          {t('mySessions.upcoming')}
        </button>
        <button type="button" aria-pressed={when === 'past'} onClick={() => setWhen('past')}>
          {t('mySessions.past')}
        </button>
      </div>
      {when === 'upcoming' && settings.data && (
        <p className="hint">{t('mySessions.cutoff', { cutoffMinutes: settings.data.cancellationCutoffMinutes })}</p>
      )}
      {done && <Success>{done}</Success>}
      {bookings.isPending && <Loading />}
      {bookings.error && <ErrorNotice error={bookings.error} onRetry={() => void bookings.refetch()} />}
      {bookings.data && bookings.data.length === 0 && (
        <p>
          {t('mySessions.none')} <Link to="/sessions">{t('mySessions.find')}</Link>
        </p>
      )}
      {when === 'upcoming' && ended.length > 0 && live.length === 0 && bookings.data && (
        <p>{t('mySessions.noneLive')} <Link to="/sessions">{t('mySessions.find')}</Link></p>
      )}
      <ul className="cards">
        {live.map((b) => (
          <li key={b.id}>
            <SessionCard session={b.session} seats={when === 'upcoming'}>
              <BookingStatusLine booking={b} />
              {(clashes.get(b.id) ?? []).map((other) => (
                <p key={other.id} className="notice warning">
                  {t('mySessions.overlaps', { title: other.session.module.title })}
                </p>
              ))}
              {when === 'upcoming' && b.status === 'active' && <BookingActions booking={b} onDone={setDone} />}
              {when === 'past' && outcomes.data?.get(b.session.id) && <GroupOutcome suggestions={outcomes.data.get(b.session.id)!} />}
              {when === 'past' && ratings.data?.get(b.session.id) && <SessionRating rating={ratings.data.get(b.session.id)!} />}
            </SessionCard>
          </li>
        ))}
      </ul>
      {ended.length > 0 && (
        <section aria-labelledby="no-longer-held">
          <h2 id="no-longer-held">{t('mySessions.noLongerHeld', { count: ended.length })}</h2>
          <ul className="cards muted">
            {ended.map((b) => (
              <li key={b.id}>
                <SessionCard session={b.session} seats={false}>
                  <BookingStatusLine booking={b} />
                </SessionCard>
              </li>
            ))}
          </ul>
        </section>
      )}
      {when === 'upcoming' && <MyWaitingLists />}
      <CalendarFeed />
    </section>
  );
}

/**
 * Seats whose sessions overlap, by booking: the service never lets someone take two such seats,
 * but a coach may move a session onto another of theirs (the change mail says so too).
 */
function overlapping(bookings: Booking[]): Map<string, Booking[]> {
  const held = bookings.filter((b) => b.status === 'active' && b.session.status === 'scheduled');
  const clashes = new Map<string, Booking[]>();
  for (const a of held) {
    const others = held.filter((b) => b !== a && Date.parse(b.session.startsAt) < Date.parse(a.session.endsAt) && Date.parse(a.session.startsAt) < Date.parse(b.session.endsAt));
    if (others.length > 0) clashes.set(a.id, others);
  }
  return clashes;
}

function BookingStatusLine({ booking }: { booking: Booking }) {
  const { t } = useTranslation();
  if (booking.status === 'active') {
    return booking.session.status === 'cancelled' ? <p className="status cancelled">{t('mySessions.reason.session_cancelled')}</p> : null;
  }
  const why = booking.cancelReason ? ` (${t(`mySessions.reason.${booking.cancelReason}`)})` : '';
  return <p className={`status ${booking.status}`}>{t(`mySessions.status.${booking.status}`) + why}</p>;
}
