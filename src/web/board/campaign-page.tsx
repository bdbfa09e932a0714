// A module's campaign: sessions held and reflected, what the groups suggested week by week and by
// category, how far the suggestions got, and how soon the board first answered.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { BarChart } from '../admin/bar-chart.tsx';
import { api } from '../app/api.ts';
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
  const campaign = useQuery({
    queryKey: ['board', 'campaign', moduleId],
    queryFn: () => api<Campaign>('GET', `/api/board/campaigns/${moduleId}`),
    enabled: moduleId !== '',
  });
  const c = campaign.data;

  return (
    <section>
      <p><Link to="/board">{t('board.back')}</Link></p>
      <h1>{t('campaign.title')}</h1>
      <label className="narrow">
        {t('board.module')}
        <select value={moduleId} onChange={(e) => setParams({ module: e.target.value })}>
          {modules.data?.map((m) => <option key={m.id} value={m.id}>{m.title}</option>)}
        </select>
      </label>
      {(modules.isPending || campaign.isPending) && <Loading />}
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
