// "How were the sessions?": the averages of the participants' ratings by module, coach and session
// (admins: the organisation's; a coach: their own). A figure the API withholds (fewer than five
// people rated, or it would give such a group away) says so in words, and comments stand beside an
// average only, without names or dates. Ratings arrive late and in steps (migration 041): the page
// says so, so that a coach waiting for last week's session knows why it is not there yet.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { useMe } from '../app/me.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { dayLabel } from '../app/time.ts';
import type { FeedbackSummary, RatingFigure } from '../app/types.ts';
import { Figure, Withheld } from '../privacy-floor/withheld.tsx';

export function FeedbackPage({ scope }: { scope: 'organisation' | 'coach' }) {
  const { t } = useTranslation();
  usePageTitle(t('feedback.title'));
  const summary = useQuery({ queryKey: ['feedback'], queryFn: () => api<FeedbackSummary>('GET', '/api/feedback') });
  const data = summary.data;
  return (
    <section>
      <h1>{t('feedback.title')}</h1>
      <p className="hint">{t(scope === 'coach' ? 'feedback.introCoach' : 'feedback.intro', { minimum: data?.minimum ?? 5 })}</p>
      {data && data.overall.ratings !== 0 && <p className="hint">{t('feedback.releases', { minimum: data.minimum, after: releasedAfterDays(data) })}</p>}
      {summary.isPending && <Loading />}
      {summary.error && <ErrorNotice error={summary.error} onRetry={() => void summary.refetch()} />}
      {data && data.overall.ratings === 0 && <p>{t('feedback.none', { minimum: data.minimum, after: releasedAfterDays(data) })}</p>}
      {data && data.overall.ratings !== 0 && (
        <>
          <dl className="figures">
            <div>
              <dt>{t('feedback.average')}</dt>
              <dd><Average figure={data.overall} minimum={data.minimum} /></dd>
            </div>
            <div>
              <dt>{t('feedback.ratings')}</dt>
              <dd><Figure value={data.overall.ratings} /></dd>
            </div>
          </dl>
          <Figures title={t('feedback.byModule')} minimum={data.minimum} rows={data.byModule.map((m) => ({ key: m.moduleId, label: m.title, figure: m.figure }))} />
          {scope === 'organisation' && (
            <Figures title={t('feedback.byCoach')} minimum={data.minimum} rows={data.byCoach.map((c) => ({ key: c.coachId, label: c.name, figure: c.figure }))} />
          )}
          <BySession data={data} />
        </>
      )}
    </section>
  );
}

/** Ratings are final, and so may be released, a day after the days in which they can be changed (migration 041). */
const releasedAfterDays = (data: FeedbackSummary) => data.ratingDays + 1;

function Average({ figure, minimum }: { figure: RatingFigure; minimum: number }) {
  const { t, i18n } = useTranslation();
  if (figure.average === null) return <Withheld compact minimum={minimum} />;
  return <>{t('feedback.outOf5', { average: figure.average.toLocaleString(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}</>;
}

function Figures({ title, rows, minimum }: { title?: string; rows: Array<{ key: string; label: string; figure: RatingFigure }>; minimum: number }) {
  const { t } = useTranslation();
  return (
    <>
      {title && <h2>{title}</h2>}
      <DataTable
        rows={rows}
        rowKey={(r) => r.key}
        columns={[
          { label: t('feedback.name'), cell: (r) => r.label, rowHeader: true },
          { label: t('feedback.average'), cell: (r) => <Average figure={r.figure} minimum={minimum} /> },
          { label: t('feedback.ratings'), cell: (r) => <Figure value={r.figure.ratings} compact /> },
          {
            label: t('feedback.comments'),
            cell: (r) => r.figure.comments.length === 0 ? '' : (
              <details>
                <summary>{t('feedback.commentCount', { count: r.figure.comments.length })}</summary>
                <ul>{r.figure.comments.map((c, i) => <li key={i}>{c}</li>)}</ul>
              </details>
            ),
          },
        ]}
      />
    </>
  );
}

function BySession({ data }: { data: FeedbackSummary }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <h2>{t('feedback.bySession')}</h2>
      {data.bySession.length === 0
        ? <p className="hint">{t('feedback.noSessions', { minimum: data.minimum })}</p>
        : (
          <Figures
            minimum={data.minimum}
            rows={data.bySession.map((s) => ({ key: s.sessionId, label: `${s.moduleTitle}, ${dayLabel(s.startsAt, me.timeZone, me.locale)}`, figure: s.figure }))}
          />
        )}
    </>
  );
}
