// The admin's view of every coach's availability (/admin/availability), and one coach's editor
// (/admin/availability/:id).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AvailabilityList, AvailabilityView } from '../../features/availability/schema.ts';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading, PageLoadError } from '../app/status.tsx';
import { AvailabilityForm } from './availability-form.tsx';
import './availability-texts.ts';

export function CoachesAvailabilityPage() {
  const { t } = useTranslation();
  usePageTitle(t('availability.adminTitle'));
  const list = useQuery({ queryKey: ['availability', 'all'], queryFn: () => api<AvailabilityList>('GET', '/api/admin/coaches/availability').then((r) => r.items) });
  return (
    <section>
      <h1>{t('availability.adminTitle')}</h1>
      <p className="hint">{t('availability.adminIntro')}</p>
      {list.isPending && <Loading />}
      {list.error && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.length === 0 && <p>{t('availability.none')}</p>}
      {list.data && list.data.length > 0 && (
        <DataTable
          rows={list.data}
          rowKey={(c) => c.personId}
          columns={[
            { label: t('availability.coach'), cell: (c) => c.name, rowHeader: true },
            { label: t('availability.windows'), cell: (c) => (c.saved ? t('availability.hours', { hours: c.hoursPerWeek }) : t('availability.notSaved')) },
            { label: t('availability.max'), cell: (c) => (c.maxSessionsPerWeek === null ? t('availability.noLimit') : t('availability.limit', { count: c.maxSessionsPerWeek })) },
            { label: t('availability.daysAway'), cell: (c) => c.daysAway.map((d) => `${d.firstDay} – ${d.lastDay}`).join(', ') || '—' },
            { label: t('availability.edit'), actions: true, cell: (c) => <Link to={`/admin/availability/${c.personId}`} aria-label={t('availability.editFor', { name: c.name })}>{t('availability.edit')}</Link> },
          ]}
        />
      )}
    </section>
  );
}

export function CoachAvailabilityPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const view = useQuery({ queryKey: ['availability', 'coach', id], queryFn: () => api<AvailabilityView>('GET', `/api/admin/coaches/${id}/availability`) });
  usePageTitle(view.data ? t('availability.editFor', { name: view.data.name }) : t('availability.adminTitle'));
  return (
    <section>
      <p><Link to="/admin/availability">{t('availability.back')}</Link></p>
      {view.isPending && <Loading />}
      {view.error && <PageLoadError error={view.error} onRetry={() => void view.refetch()} />}
      {view.data && (
        <>
          <h1>{t('availability.editFor', { name: view.data.name })}</h1>
          {/* The API saves nothing for a deactivated person (their availability is deleted with them). */}
          {view.data.active
            ? <AvailabilityForm key={view.data.personId} view={view.data} path={`/api/admin/coaches/${id}/availability`} />
            : <p role="status" className="notice">{t('availability.deactivated', { name: view.data.name })}</p>}
          <h2>{t('availability.daysAway')}</h2>
          {view.data.daysAway.length === 0 ? <p>{t('availability.noDaysAway')}</p> : (
            <ul>{view.data.daysAway.map((d) => <li key={d.firstDay}>{d.firstDay} – {d.lastDay}</li>)}</ul>
          )}
        </>
      )}
    </section>
  );
}
