// On a full session: "Join the waiting list"; once in line, one's position and "Leave"; a seat held
// for one, until when and the way to My sessions, where it is accepted or declined. Shown on session
// cards, the session page and in My sessions; nothing for a session one holds a seat in, coaches, or
// one that has started. Someone whose own rules would refuse the seat now (their limit of upcoming
// bookings, another session then) is told that a freed seat passes them by while that lasts: the
// line skips them but keeps their place (on the session page and in My sessions, where `explain` is
// set: in the open list it would cost a request per full session).
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useMe } from '../app/me.ts';
import { useSettings } from '../app/settings.ts';
import { dayLabel, timeLabel } from '../app/time.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import type { Session } from '../app/types.ts';
import { useCutoff } from '../sessions/give-up-seat.tsx';
import { useSeatCheck } from '../sessions/seat-actions.ts';
import { useJoinWaitlist, useLeaveWaitlist, useMyLines } from './waitlist.ts';

export function WaitlistAction({ session, explain = false }: { session: Session; explain?: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const offering = useSettings().data?.waitlistMode === 'offer';
  const lines = useMyLines();
  const join = useJoinWaitlist();
  const leave = useLeaveWaitlist();
  const open = session.status === 'scheduled' && Date.parse(session.startsAt) > Date.now() && !session.myBookingId && session.coach.id !== me.id;
  const line = lines.data?.find((l) => l.session.id === session.id);
  const cutoff = useCutoff(session);
  // The same question the session page asks before "Take a seat" (one request, shared by key).
  const check = useSeatCheck(session.id, explain && open && (line?.status === 'waiting' || (lines.data !== undefined && !line && session.seatsLeft === 0)));
  // Until the lines are known, a button could offer a line one is already in.
  if (!open || !lines.data) return null;
  // A cohort's session has no line for anyone outside its group; the page says why.
  if (!line && check.data?.refusal?.code === 'COHORT_SESSION') return null;
  const title = session.module.title;
  const heldBack = <HeldBack code={check.data?.refusal?.code} limit={check.data?.refusal?.limit} joined={line !== undefined} />;

  if (line?.status === 'offered' && line.offerExpiresAt) {
    const zone = session.local.timeZone;
    const until = `${dayLabel(line.offerExpiresAt, zone, i18n.language)}, ${timeLabel(line.offerExpiresAt, zone, i18n.language)}`;
    return (
      <div className="waitlist">
        <p className="status offered"><strong>{t('waitlist.heldUntil', { until })}</strong></p>
        <div className="actions">
          <Link className="button primary" to={`/my-sessions?offer=${line.id}`}>{t('waitlist.answerOffer')}</Link>
        </div>
      </div>
    );
  }
  if (line) {
    return (
      <div className="waitlist">
        <p className="status waiting">{t('waitlist.position', { position: line.position })}</p>
        {heldBack}
        <div className="actions">
          <button type="button" disabled={leave.isPending} onClick={() => leave.mutate(session.id)} aria-label={t('waitlist.leaveNamed', { title })}>
            {leave.isPending ? t('waitlist.leaving') : t('waitlist.leave')}
          </button>
        </div>
        {join.isSuccess && <Success>{t(offering ? 'waitlist.joinedOffer' : 'waitlist.joined')}</Success>}
        {leave.error && <ErrorNotice error={leave.error} />}
      </div>
    );
  }
  // The line closes with the cut-off (the API refuses WAITLIST_CLOSED): no button that only fails.
  if (session.seatsLeft === 0 && cutoff?.passed) {
    return explain ? <p className="hint" data-testid="waitlist-closed">{t('waitlist.closed', { deadline: cutoff.deadline })}</p> : null;
  }
  return (
    <div className="waitlist">
      {session.seatsLeft === 0 && heldBack}
      {session.seatsLeft === 0 && cutoff && (
        <div className="actions">
          <button type="button" disabled={join.isPending} onClick={() => join.mutate(session.id)} aria-label={t('waitlist.joinNamed', { title })}>
            {join.isPending ? t('waitlist.joining') : t('waitlist.join')}
          </button>
        </div>
      )}
      {leave.isSuccess && <Success>{t('waitlist.left')}</Success>}
      {join.error && <ErrorNotice error={join.error} />}
    </div>
  );
}

/** Why a freed seat would pass one by now, and that one's place is kept; nothing when no rule says so. */
function HeldBack({ code, limit, joined }: { code: string | undefined; limit: number | undefined; joined: boolean }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  if (code !== 'LIMIT_REACHED' && code !== 'OVERLAPPING_BOOKING') return null;
  const key = code === 'LIMIT_REACHED' ? 'atLimit' : 'overlapping';
  return (
    <p className="notice warning" data-testid="waitlist-held-back">
      {t(`waitlist.${key}${joined ? 'InLine' : 'BeforeJoining'}`, { limit })}
      {pathname !== '/my-sessions' && <> <Link to="/my-sessions">{t('nav.mySessions')}</Link></>}
    </p>
  );
}
