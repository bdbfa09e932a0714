// The planner page's "Supply for the coming weeks": per week seats offered against needed (the
// standing demand and the people waiting), last weeks' fill rate, and the latest weekly top-up.
// Figures about fewer than five people arrive withheld (null) and say so.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SupplyView } from '../../features/planner/schema.ts';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { dayLabel } from '../app/time.ts';
import { Withheld } from '../privacy-floor/withheld.tsx';
import './supply-texts.ts';

export function SupplySection() {
  const { t, i18n } = useTranslation();
  const supply = useQuery({ queryKey: ['planner', 'supply'], queryFn: () => api<SupplyView>('GET', '/api/admin/planner/supply') });
  const day = (isoDay: string) => dayLabel(`${isoDay}T00:00:00Z`, 'UTC', i18n.language);
  const data = supply.data;
  return (
    <section className="planner-supply" aria-labelledby="planner-supply">
      <h2 id="planner-supply">{t('plannerSupply.title')}</h2>
      {supply.isPending && <Loading />}
      {supply.error && <ErrorNotice error={supply.error} onRetry={() => void supply.refetch()} />}
      {data && (
        <>
          {data.standingDemand ? <p className="hint">{t('plannerSupply.intro')}</p> : <p>{t('plannerSupply.noStanding')}</p>}
          {data.weeks.length > 0 && (
            <DataTable
              rows={data.weeks}
              rowKey={(w) => w.startsOn}
              rowClassName={(w) => (w.short ? 'short' : undefined)}
              columns={[
                { label: t('plannerSupply.week'), cell: (w) => day(w.startsOn), rowHeader: true },
                { label: t('plannerSupply.offered'), cell: (w) => w.seatsOffered },
                { label: t('plannerSupply.needed'), cell: (w) => w.seatsNeeded },
                { label: t('plannerSupply.state'), cell: (w) => (w.short ? t('plannerSupply.short', { count: w.seatsNeeded - w.seatsOffered }) : t('plannerSupply.covered')) },
              ]}
            />
          )}
          <p>
            {data.waiting === null
              ? <>{t('plannerSupply.waiting', { count: '—' })} <Withheld compact minimum={data.minimumPeople} /></>
              : t('plannerSupply.waiting', { count: data.waiting })}
          </p>
          <p>
            {data.fillRate !== null && t('plannerSupply.fillRate', { percent: Math.round(data.fillRate * 100) })}
            {data.fillRateWithheld && <>{t('plannerSupply.fillRate', { percent: '—' })} <Withheld compact minimum={data.minimumPeople} /></>}
            {data.fillRate === null && !data.fillRateWithheld && t('plannerSupply.noFillRate')}
          </p>
          <p>
            {data.latestTopUp
              ? <>{t('plannerSupply.latestTopUp', { day: day(data.latestTopUp.week) })}<Link to={`/admin/planner/${data.latestTopUp.id}`}>{t('plannerSupply.openTopUp')}</Link> ({t(`plannerSupply.status.${data.latestTopUp.status}`)})</>
              : t('plannerSupply.noTopUp')}
          </p>
        </>
      )}
    </section>
  );
}
