// A proposal (/admin/planner/:id): the totals, then week by week the seats needed and offered per
// place and the sessions (each removable), the gaps with their reasons, the coaches' load, and
// Publish with a confirmation — refused as a whole, with the clashing sessions listed, when
// something was booked meanwhile.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ProposalView } from '../../features/planner/schema.ts';
import { api, ApiError } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading, PageLoadError } from '../app/status.tsx';
import { browserTimeZone, dayLabel } from '../app/time.ts';
import { ProposalWeeks } from './proposal-weeks.tsx';
import { i18next } from '../app/i18n.ts';
import { plannerDe, plannerEn } from './planner-texts.ts';
import './planner.css';

i18next.addResourceBundle('en', 'translation', plannerEn, true, false);
i18next.addResourceBundle('de', 'translation', plannerDe, true, false);

type Conflict = { sessionKey: string; startsAt: string; conflicts: Array<'ROOM_BUSY' | 'COACH_BUSY' | 'COACH_AWAY' | 'COACH_INACTIVE' | 'STARTS_IN_PAST' | 'ROOM_RETIRED' | 'ROOM_TOO_SMALL' | 'MODULE_RETIRED'> };

export function ProposalPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('planner.proposalTitle'));
  const { id = '' } = useParams();
  const client = useQueryClient();
  const key = ['planner', 'proposal', id];
  const proposal = useQuery({ queryKey: key, queryFn: () => api<ProposalView>('GET', `/api/admin/planner/proposals/${id}`) });
  const set = (view: ProposalView) => client.setQueryData(key, view);
  const remove = useMutation({
    mutationFn: (sessionKey: string) => api<ProposalView>('PATCH', `/api/admin/planner/proposals/${id}`, { action: 'remove', sessionKey }),
    onSuccess: set,
  });
  const [onlineUrl, setOnlineUrl] = useState('');
  const [confirming, setConfirming] = useState(false);
  const publish = useMutation({
    mutationFn: () => api<ProposalView>('POST', `/api/admin/planner/proposals/${id}/publish`, onlineUrl ? { onlineUrl } : {}),
    onSuccess: (view) => {
      set(view);
      setConfirming(false);
      // The answer ("Published …") is at the top; the button was at the bottom of a long page.
      window.scrollTo(0, 0);
    },
    onError: () => setConfirming(false),
  });

  if (proposal.isPending) return <Loading />;
  if (proposal.error) return <PageLoadError error={proposal.error} onRetry={() => void proposal.refetch()} />;
  const view = proposal.data;
  const draft = view.status === 'draft';
  const hasOnline = view.sessions.some((s) => s.kind === 'virtual');
  const conflicts = publish.error instanceof ApiError && publish.error.code === 'PLAN_CONFLICTS' ? (publish.error.details.conflicts as Conflict[]) : [];
  const { totals } = view;

  return (
    <section className="planner-proposal">
      <p><Link to="/admin/planner">{t('planner.newDemand')}</Link></p>
      <h1>{t('planner.proposalTitle')}</h1>
      <p className={draft ? 'hint' : 'notice success'} role={draft ? undefined : 'status'}>
        {draft ? t('planner.draft') : t('planner.published', { when: dayLabel(view.publishedAt!, browserTimeZone(), i18n.language), count: view.publishedSessionIds.length })}
      </p>
      <p>
        {t('planner.totals', {
          planned: totals.sessionsPlanned, needed: totals.sessionsNeeded, demand: Math.round(100 * totals.coverageOfDemand),
          achievable: totals.achievable, participants: view.participants,
        })}
      </p>

      <h2>{t('planner.gaps')}</h2>
      {view.gaps.length === 0 ? <p>{t('planner.noGaps')}</p> : (
        <ul className="planner-gaps">
          {view.gaps.map((g) => (
            <li key={`${g.week}|${g.kind}|${g.place}`}>
              {t('planner.gapLine', {
                week: g.week + 1, place: g.kind === 'site' ? g.place : t('planner.online', { zone: g.place }),
                sessions: t('planner.gapSessions', { count: g.sessionsShort }), seats: t('planner.gapSeats', { count: g.seatsShort }),
              })}
              {g.reasons.length > 0 && ' — '}
              {g.reasons.map((r) => t(`planner.reasons.${r}`, { names: (r === 'coaches_at_weekly_maximum' ? g.coachesAtMaximum : g.coachesBusyElsewhere).join(', ') })).join('; ')}
              {'.'}
            </li>
          ))}
        </ul>
      )}

      {remove.error && <ErrorNotice error={remove.error} />}
      <ProposalWeeks view={view} editable={draft} removing={remove.isPending} onRemove={(k) => remove.mutate(k)} conflicts={new Map(conflicts.map((c) => [c.sessionKey, c.conflicts]))} />

      {draft && view.sessions.length > 0 && (
        <div className="planner-publish">
          <h2>{t('planner.publish')}</h2>
          <p className="hint">{t('planner.publishHint')}</p>
          {hasOnline && (
            <label>
              {t('planner.onlineUrl')}
              <input type="url" value={onlineUrl} onChange={(e) => setOnlineUrl(e.target.value)} required aria-describedby="online-url-hint" />
              <small id="online-url-hint" className="hint">{t('planner.onlineUrlHint')}</small>
            </label>
          )}
          {publish.error && <ErrorNotice error={publish.error} />}
          {conflicts.length > 0 && <p className="notice error">{t('planner.conflicts')}</p>}
          {!confirming ? (
            <button type="button" className="primary" disabled={hasOnline && !onlineUrl} onClick={() => setConfirming(true)}>{t('planner.publish')}</button>
          ) : (
            <div className="confirm" role="alertdialog" aria-labelledby="publish-confirm">
              <p id="publish-confirm">{t('planner.confirm', { count: view.sessions.length })}</p>
              <button type="button" className="primary" disabled={publish.isPending} onClick={() => publish.mutate()}>{t('planner.confirmYes')}</button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>{t('planner.cancel')}</button>
            </div>
          )}
        </div>
      )}

      <h2>{t('planner.load')}</h2>
      <DataTable
        rows={view.coachLoad}
        rowKey={(c) => c.coachId}
        columns={[
          { label: t('planner.coach'), cell: (c) => c.name, rowHeader: true },
          { label: t('planner.loadPlanned'), cell: (c) => c.planned },
          { label: t('planner.perWeek'), cell: (c) => c.sessionsPerWeek.join(' · ') },
          { label: t('planner.max'), cell: (c) => c.weeklyMax },
        ]}
      />
    </section>
  );
}
