// Sessions whose coach reported being away: hand each to another coach in one step — the coaches
// available then, qualified, free and under their weekly limit offered first, the others with why not.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { spanLabel } from '../app/time.ts';
import type { CoachList, UncoachedSession, UncoachedSessionList } from '../app/types.ts';
import type { CandidateList } from '../../features/availability/schema.ts';
import '../availability/availability-texts.ts';
import { CancelSessionForm } from '../coach/cancel-session-form.tsx';

export function ReassignPage() {
  const { t } = useTranslation();
  const sessions = useQuery({ queryKey: ['sessions', 'needing-coach'], queryFn: () => api<UncoachedSessionList>('GET', '/api/admin/sessions-needing-coach').then((r) => r.items) });
  const coaches = useQuery({ queryKey: ['coaches'], queryFn: () => api<CoachList>('GET', '/api/coaches').then((r) => r.items) });
  const [done, setDone] = useState(false);
  return (
    <section>
      <h1>{t('reassign.title')}</h1>
      <p className="hint">{t('reassign.intro')}</p>
      {done && <Success>{t('reassign.done')}</Success>}
      {(sessions.isPending || coaches.isPending) && <Loading />}
      {sessions.error && <ErrorNotice error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {sessions.data?.length === 0 && <p>{t('reassign.none')}</p>}
      <ul className="cards">
        {sessions.data?.map((s) => (
          <li key={s.id}>
            <ReassignCard session={s} coaches={(coaches.data ?? []).filter((c) => c.id !== s.coach.id)} onDone={() => setDone(true)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReassignCard({ session, coaches, onDone }: { session: UncoachedSession; coaches: CoachList['items']; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const [coachId, setCoachId] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const candidates = useQuery({
    queryKey: ['sessions', 'coach-candidates', session.id],
    queryFn: () => api<CandidateList>('GET', `/api/sessions/${session.id}/coach-candidates`).then((r) => r.items),
  });
  const label = (c: CandidateList['items'][number]) => c.suggested
    ? `${c.name} — ${t('availability.suggested')}, ${t('availability.sessionsThatWeek', { count: c.sessionsThatWeek })}`
    : `${c.name} — ${c.reasons.map((r) => t(`availability.reasons.${r}`)).join(', ')}`;
  const reassign = useMutation({
    mutationFn: () => api('POST', `/api/sessions/${session.id}/reassign`, { coachId }),
    onSuccess: () => {
      onDone();
      void client.invalidateQueries({ queryKey: ['sessions'] });
    },
  });
  return (
    <article className="card">
      <h2>
        <Link to={`/sessions/${session.id}`}>{session.moduleTitle}</Link>
      </h2>
      <p>{spanLabel(session.startsAt, session.endsAt, me.timeZone, i18n.language)}</p>
      <p className="meta">
        {t('reassign.away', { coach: session.coach.name, first: session.absence.firstDay, last: session.absence.lastDay })}
        {session.absence.note && ` · ${session.absence.note}`}
      </p>
      <p>{t('reassign.seats', { taken: session.seatsTaken, capacity: session.capacity })}</p>
      {/* The candidates are refused as reassigning would be (cancelled, started meanwhile): say why, offer no form. */}
      {candidates.error ? <ErrorNotice error={candidates.error} /> : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            reassign.mutate();
          }}
        >
          <label>
            {t('reassign.to', { title: session.moduleTitle })}
            <select value={coachId} onChange={(e) => setCoachId(e.target.value)} required>
              <option value="">{t('reassign.choose')}</option>
              {candidates.data
                ? candidates.data.map((c) => <option key={c.id} value={c.id}>{label(c)}</option>)
                : coaches.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.site && ` (${c.site})`}
                  </option>
                ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={!coachId || reassign.isPending}>
            {t('reassign.reassign')}
          </button>
        </form>
      )}
      {reassign.error && <ErrorNotice error={reassign.error} />}
      <button type="button" aria-expanded={cancelling} onClick={() => setCancelling(!cancelling)} aria-label={t('reassign.cancelNamed', { title: session.moduleTitle })}>
        {t('reassign.cancel')}
      </button>
      {cancelling && <CancelSessionForm sessionId={session.id} />}
    </article>
  );
}
