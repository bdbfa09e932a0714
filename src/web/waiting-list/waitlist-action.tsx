// On a full session: "Join the waiting list"; once in line, one's position and "Leave"; a seat held
// for one, until when and the way to My sessions, where it is accepted or declined. Shown on session
// cards, the session page and in My sessions; nothing for a session one holds a seat in, coaches, or
// one that has started.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../app/me.ts';
import { useSettings } from '../app/settings.ts';
import { dayLabel, timeLabel } from '../app/time.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import type { Session } from '../app/types.ts';
import { useJoinWaitlist, useLeaveWaitlist, useMyLines } from './waitlist.ts';

export function WaitlistAction({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const offering = useSettings().data?.waitlistMode === 'offer';
  const lines = useMyLines();
  const join = useJoinWaitlist();
  const leave = useLeaveWaitlist();
  const open = session.status === 'scheduled' && Date.parse(session.startsAt) > Date.now() && !session.myBookingId && session.coach.id !== me.id;
  // Until the lines are known, a button could offer a line one is already in.
  if (!open || !lines.data) return null;
  const line = lines.data.find((l) => l.session.id === session.id);
  const title = session.module.title;

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
  return (
    <div className="waitlist">
      {session.seatsLeft === 0 && (
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
