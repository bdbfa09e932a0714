// One session in a list: what, when, where, who leads it, and how many seats are left.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Session } from '../app/types.ts';
import { SessionTimes } from './session-times.tsx';

export function Place({ session }: { session: Session }) {
  const { t } = useTranslation();
  if (session.format === 'virtual') return <span>{t('sessions.online')}</span>;
  return <span>{session.room ? `${session.room.name}, ${session.room.site}` : t('sessions.placeTbd')}</span>;
}

export function SeatsLeft({ session }: { session: Session }) {
  const { t } = useTranslation();
  if (session.status === 'cancelled') return <span className="badge cancelled">{t('sessions.cancelled')}</span>;
  if (session.seatsLeft === 0) return <span className="badge full">{t('sessions.full')}</span>;
  return <span className="badge seats">{t('sessions.seatsLeft', { count: session.seatsLeft, capacity: session.capacity })}</span>;
}

export function SessionCard({ session, children }: { session: Session; children?: React.ReactNode }) {
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
        <SeatsLeft session={session} />
        {session.myBookingId && <span className="badge mine">{t('sessions.youHaveASeat')}</span>}
        {session.newColleaguesOnly && <span className="badge new-colleagues">{t('sessions.newColleaguesOnly')}</span>}
      </p>
      {children}
    </article>
  );
}
