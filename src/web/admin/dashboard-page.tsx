// The program at a glance: for this quarter, who took part in sessions that took place apart from
// who is only booked, how full the sessions held were, how many came and the reach across
// departments and sites; then sessions, seats filled, bookings and cancellations per week. Figures
// the API withholds (fewer than five people behind them) say so in words.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { weekStartLabel } from '../app/time.ts';
import type { Dashboard } from '../app/types.ts';
import { Figure, useWithheldText } from '../privacy-floor/withheld.tsx';
import { BarChart } from './bar-chart.tsx';
import { QuarterFigures } from './dashboard-quarter.tsx';
import { SetupChecklist } from './setup-checklist.tsx';

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const withheld = useWithheldText()();
  const figures = useQuery({ queryKey: ['dashboard'], queryFn: () => api<Dashboard>('GET', '/api/admin/dashboard?weeksBack=6&weeksAhead=4') });
  if (figures.isPending) return <Loading />;
  if (figures.error) return <ErrorNotice error={figures.error} onRetry={() => void figures.refetch()} />;
  const { weeks, quarter, timeZone } = figures.data;
  const labels = weeks.map((w) => weekStartLabel(w.weekStarting, i18n.language));

  return (
    <section>
      <h1>{t('dashboard.title')}</h1>
      <SetupChecklist />
      <QuarterFigures quarter={quarter} />
      <p className="hint">{t('dashboard.weeksIn', { zone: timeZone })} {t('dashboard.weeksBesideQuarter')}</p>
      <div className="charts">
        <BarChart title={t('dashboard.sessionsPerWeek')} labels={labels} series={[{ name: t('dashboard.sessions'), className: 'bar-a' }]} values={[weeks.map((w) => w.sessions)]} />
        <BarChart
          title={t('dashboard.seatsFilled')}
          labels={labels}
          series={[{ name: t('dashboard.seats'), className: 'bar-b' }, { name: t('dashboard.taken'), className: 'bar-a' }]}
          values={[weeks.map((w) => w.seats), weeks.map((w) => w.seatsTaken)]}
          withheld={withheld}
        />
        <BarChart
          title={t('dashboard.bookingsAndCancellations')}
          labels={labels}
          series={[{ name: t('dashboard.bookings'), className: 'bar-a' }, { name: t('dashboard.cancellations'), className: 'bar-c' }]}
          values={[weeks.map((w) => w.bookings), weeks.map((w) => w.cancellations)]}
          withheld={withheld}
        />
      </div>
      <details>
        <summary>{t('dashboard.table')}</summary>
        <DataTable
          rows={weeks}
          rowKey={(w) => w.weekStarting}
          columns={[
            { label: t('dashboard.week'), rowHeader: true, cell: (w) => w.weekStarting },
            { label: t('dashboard.sessions'), cell: (w) => w.sessions },
            { label: t('dashboard.seats'), cell: (w) => w.seats },
            { label: t('dashboard.taken'), cell: (w) => <Figure value={w.seatsTaken} compact /> },
            { label: t('dashboard.bookings'), cell: (w) => <Figure value={w.bookings} compact /> },
            { label: t('dashboard.cancellations'), cell: (w) => <Figure value={w.cancellations} compact /> },
          ]}
        />
      </details>
    </section>
  );
}
