// One session in a list: what, when, where, who leads it, and how many seats are left.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../app/me.ts';
import type { Session } from '../app/types.ts';
import { SessionTimes } from './session-times.tsx';

export function Place({ session }: { session: Session }) {
  const { t } = useTranslation();
  if (session.format === 'virtual') return <span>{t('sessions.online')}</span>;
  return <span>{session.room ? `${session.room.name}, ${session.room.site}` : t('sessions.placeTbd')}</span>;
}

/**
 * An in-person session at another site than the reader's own: a badge in lists, a warning before
 * taking a seat. Nothing for online sessions or for someone with no site.
 */
export function OtherSite({ session, warn = false }: { session: Pick<Session, 'format' | 'room'>; warn?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  if (session.format !== 'in_person' || !me.site || !session.room || session.room.site === me.site) return null;
  if (!warn) return <span className="badge other-site">{t('sessions.otherSite', { site: session.room.site })}</span>;
  return <p className="notice warning">{t('session.otherSiteWarning', { site: session.room.site, mine: me.site })}</p>;
}

export function SeatsLeft({ session }: { session: Session }) {
  const { t } = useTranslation();
  if (session.status === 'cancelled') return <span className="badge cancelled">{t('sessions.cancelled')}</span>;
  if (session.seatsLeft === 0) return <span className="badge full">{t('sessions.full')}</span>;
  return <span className="badge seats">{t('sessions.seatsLeft', { count: session.seatsLeft, capacity: session.capacity })}</span>;
}

/** `seats`: off for a booking that no longer holds a seat — its seats left would read as an offer. */
export function SessionCard({ session, children, seats = true }: { session: Session; children?: React.ReactNode; seats?: boolean }) {
  const { t } = useTranslation();
  return (
    <article className="card session-card" aria-labelledby={`title-${session.id}`}>
      <h3 id={`title-${session.id}`}>
        <Link to={`/sessions/${session.id}`}>{session.module.title}</Link>
      </h3>
      <p>
        <SessionTimes session={session} />
      </p>
      <p className="meta">
        <Place session={session} /> · {t('sessions.coachedBy', { name: session.coach.name })} · {t(`languages.${session.language}`)}
      </p>
      <p>
        {seats && <SeatsLeft session={session} />}
        {seats && session.myBookingId && <span className="badge mine">{t('sessions.youHaveASeat')}</span>}
        {session.newColleaguesOnly && <span className="badge new-colleagues">{t('sessions.newColleaguesOnly')}</span>}
        {seats && <OtherSite session={session} />}
      </p>
      {children}
    </article>
  );
}
