// The coach's own availability (/coach/availability), with their days away beneath it.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AvailabilityView } from '../../features/availability/schema.ts';
import { api } from '../app/api.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { Absences } from '../coach/absences.tsx';
import { AvailabilityForm } from './availability-form.tsx';
import './availability-texts.ts';

export function MyAvailabilityPage() {
  const { t } = useTranslation();
  usePageTitle(t('availability.title'));
  const view = useQuery({ queryKey: ['availability', 'mine'], queryFn: () => api<AvailabilityView>('GET', '/api/me/availability') });
  return (
    <section>
      <p><Link to="/coach">{t('coach.title')}</Link></p>
      <h1>{t('availability.title')}</h1>
      <p className="hint">{t('availability.intro')}</p>
      {view.isPending && <Loading />}
      {view.error && <ErrorNotice error={view.error} onRetry={() => void view.refetch()} />}
      {view.data && <AvailabilityForm key={view.data.personId} view={view.data} path="/api/me/availability" />}
      <Absences />
    </section>
  );
}
