// A module's campaign: sessions held and reflected, what the groups suggested week by week and by
// category, how far the suggestions got, and how soon the board first answered.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { BarChart } from '../admin/bar-chart.tsx';
import { api, query } from '../app/api.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { weekStartLabel } from '../app/time.ts';
import type { Campaign, ModuleList } from '../app/types.ts';

export function CampaignPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('campaign.title'));
  const [params, setParams] = useSearchParams();
  const modules = useQuery({ queryKey: ['modules', 'all'], queryFn: () => api<ModuleList>('GET', '/api/modules').then((r) => r.items), staleTime: 300_000 });
  const moduleId = params.get('module') ?? modules.data?.find((m) => m.code === 'CI-101')?.id ?? modules.data?.[0]?.id ?? '';
  // A campaign runs for some weeks ("Continuous Improvement" over six): its days live in the
  // address beside the module, so a campaign's figures can be kept and sent on.
  const range = { from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const [draft, setDraft] = useState(range);
  const campaign = useQuery({
    queryKey: ['board', 'campaign', moduleId, range.from, range.to],
    queryFn: () => api<Campaign>('GET', `/api/board/campaigns/${moduleId}${query(range)}`),
    enabled: moduleId !== '',
  });
  const c = campaign.data;
  const show = (next: { module?: string; from: string; to: string }) =>
    setParams(Object.fromEntries(Object.entries({ module: moduleId, ...next }).filter(([, v]) => v)) as Record<string, string>);

  return (
    <section>
      <p><Link to="/board">{t('board.back')}</Link></p>
      <h1>{t('campaign.title')}</h1>
      <form
        className="filters"
        aria-label={t('campaign.range')}
        onSubmit={(e) => {
          e.preventDefault();
          show(draft);
        }}
      >
        <label>
          {t('board.module')}
          <select value={moduleId} onChange={(e) => show({ ...range, module: e.target.value })}>
            {modules.data?.map((m) => <option key={m.id} value={m.id}>{m.title}</option>)}
          </select>
        </label>
        <label>
          {t('campaign.from')}
          <input type="date" value={draft.from} max={draft.to || undefined} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          {t('campaign.to')}
          <input type="date" value={draft.to} min={draft.from || undefined} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="primary">{t('board.apply')}</button>
      </form>
      <p className="hint">{t('campaign.rangeHint')}</p>
      {(modules.isPending || (moduleId !== '' && campaign.isPending)) && <Loading />}
      {modules.data?.length === 0 && <p>{t('campaign.noModules')}</p>}
      {modules.error && <ErrorNotice error={modules.error} onRetry={() => void modules.refetch()} />}
      {campaign.error && <ErrorNotice error={campaign.error} onRetry={() => void campaign.refetch()} />}
      {c && (
        <>
          <dl className="figures">
            <div><dt>{t('campaign.held')}</dt><dd>{c.sessionsHeld}</dd></div>
            <div><dt>{t('campaign.reflected')}</dt><dd>{c.sessionsReflected}</dd></div>
            <div><dt>{t('campaign.suggestions')}</dt><dd>{c.suggestions}</dd></div>
            <div>
              <dt>{t('campaign.firstResponse')}</dt>
              <dd>{c.medianHoursToFirstResponse === null ? '–' : t('campaign.hours', { count: c.medianHoursToFirstResponse })}</dd>
            </div>
          </dl>
          {c.suggestions === 0 && <p>{t('campaign.none')}</p>}
          {c.suggestions > 0 && (
            <div className="charts">
              <BarChart
                title={t('campaign.perWeek')}
                labels={c.weekly.map((w) => weekStartLabel(w.week, i18n.language))}
                series={[{ name: t('campaign.suggestions'), className: 'bar-a' }]}
                values={[c.weekly.map((w) => w.suggestions)]}
              />
              <BarChart
                title={t('campaign.funnel')}
                labels={[t('campaign.recorded'), t('board.statusNames.in_review'), t('board.statusNames.planned'), t('board.statusNames.done')]}
                series={[{ name: t('campaign.suggestions'), className: 'bar-b' }]}
                values={[[c.funnel.recorded, c.funnel.reviewed, c.funnel.planned, c.funnel.done]]}
              />
              <BarChart
                title={t('campaign.byCategory')}
                labels={c.byCategory.map((x) => x.category?.name ?? t('campaign.noCategory'))}
                series={[{ name: t('campaign.suggestions'), className: 'bar-c' }]}
                values={[c.byCategory.map((x) => x.count)]}
              />
            </div>
          )}
          {c.byStatus.declined > 0 && <p className="hint">{t('campaign.declined', { count: c.byStatus.declined })}</p>}
        </>
      )}
    </section>
  );
}
