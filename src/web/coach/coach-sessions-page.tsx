// A coach's sessions, each with who is coming, seats left and what the coach can do about it.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../app/api.ts';
import { viewOf } from '../app/view-param.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import type { CoachSession, CoachSessionList } from '../app/types.ts';
import { Place, SeatsLeft } from '../sessions/session-card.tsx';
import { SessionTimes } from '../sessions/session-times.tsx';
import { Absences } from './absences.tsx';
import { CancelSessionForm } from './cancel-session-form.tsx';
import { ChangeSessionForm } from './change-session-form.tsx';
import { ChangeTimeForm } from './change-time-form.tsx';
import { Roster } from './roster.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { hasRole, useMe } from '../app/me.ts';

export function CoachSessionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('coach.title'));
  // A held session's page links back to ?view=past.
  const [params] = useSearchParams();
  const [when, setWhen] = useState(viewOf(params));
  // An admin who does not coach may publish for coaches, but has no sessions or days away of their own.
  const coaches = hasRole(useMe(), 'coach');
  const sessions = useQuery({
    enabled: coaches,
    queryKey: ['sessions', 'coached', when],
    queryFn: () => api<CoachSessionList>('GET', `/api/me/coached-sessions?when=${when}`).then((r) => r.items),
  });

  return (
    <section>
      <h1>{t('coach.title')}</h1>
      <p>
        <Link to="/coach/publish" className="button-link">
          {t('coach.publishLink')}
        </Link>{' '}
        {coaches && <Link to="/coach/availability">{t('coach.availabilityLink')}</Link>}{' '}
        {coaches && <Link to="/coach/feedback">{t('feedback.coachLink')}</Link>}
      </p>
      {!coaches && (
        <p className="notice">
          {t('coach.adminOnly')} <Link to="/admin/reassign">{t('coach.adminReassign')}</Link>
        </p>
      )}
      {coaches && (<>
      <div className="view-switch" role="group" aria-label={t('coach.title')}>
        <button type="button" aria-pressed={when === 'upcoming'} onClick={() => setWhen('upcoming')}>
          {t('coach.upcoming')}
        </button>
        <button type="button" aria-pressed={when === 'past'} onClick={() => setWhen('past')}>
          {t('coach.past')}
        </button>
      </div>
      {sessions.isPending && <Loading />}
      {sessions.error && <ErrorNotice error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {sessions.data?.length === 0 && <p>{t('coach.none')}</p>}
      {sessions.data?.map((s) => <CoachSessionCard key={s.id} session={s} />)}
      <Absences />
      </>)}
    </section>
  );
}

function CoachSessionCard({ session }: { session: CoachSession }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'change' | 'time' | 'cancel' | null>(null);
  const title = session.module.title;
  // From its start a session is run, not changed: then attendance replaces the changes.
  const started = new Date(session.startsAt) <= new Date();
  const changeable = session.status === 'scheduled' && !started;
  return (
    <article className="card coach-session" aria-labelledby={`coach-${session.id}`}>
      <h2 id={`coach-${session.id}`}>
        <Link to={`/sessions/${session.id}`}>{title}</Link>
      </h2>
      <p>
        <SessionTimes session={session} />
      </p>
      <p className="meta">
        <Place session={session} />
        {session.onlineUrl && ` · ${session.onlineUrl}`}
        {session.locationNote && ` · ${session.locationNote}`}
      </p>
      {/* Seats left are an offer: once it has begun, the roster says who had one. */}
      {(!started || session.status === 'cancelled') && (
        <p>
          <SeatsLeft session={session} />
        </p>
      )}
      <Roster session={session} started={started} />
      {started && session.status !== 'cancelled' && (
        <p>
          <Link to={`/sessions/${session.id}`} className="button-link secondary" aria-label={t('coach.suggestionsFor', { title })}>
            {t('coach.suggestions')}
          </Link>
        </p>
      )}
      {changeable && (
        <div className="actions">
          <button type="button" aria-expanded={open === 'change'} aria-label={t('coach.changeFor', { title })} onClick={() => setOpen(open === 'change' ? null : 'change')}>
            {t('coach.change')}
          </button>
          <button type="button" aria-expanded={open === 'time'} aria-label={t('changeTime.openFor', { title })} onClick={() => setOpen(open === 'time' ? null : 'time')}>
            {t('changeTime.open')}
          </button>
          <button type="button" aria-expanded={open === 'cancel'} aria-label={t('coach.cancelFor', { title })} onClick={() => setOpen(open === 'cancel' ? null : 'cancel')}>
            {t('coach.cancel')}
          </button>
        </div>
      )}
      {changeable && open === 'change' && <ChangeSessionForm session={session} />}
      {changeable && open === 'time' && <ChangeTimeForm session={session} />}
      {changeable && open === 'cancel' && <CancelSessionForm sessionId={session.id} />}
    </article>
  );
}
