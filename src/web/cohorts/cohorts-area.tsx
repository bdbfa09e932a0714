// Cohorts in the admin area: the list, a new cohort, and one cohort's preview (cohort-page.tsx).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import type { z } from 'zod';
import type { CohortList } from '../../features/cohorts/schema.ts';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { i18next } from '../app/i18n.ts';
import { NotFoundPage } from '../app/not-found-page.tsx';
import { coachDe, coachEn } from '../coach/texts.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { CohortPage } from './cohort-page.tsx';
import { cohortsDe, cohortsEn } from './cohort-texts.ts';
import { NewCohortPage } from './new-cohort-page.tsx';

// The module picker is the coaches' publishing form's, with its words.
i18next.addResourceBundle('en', 'translation', coachEn, true, false);
i18next.addResourceBundle('de', 'translation', coachDe, true, false);
i18next.addResourceBundle('en', 'translation', cohortsEn, true, false);
i18next.addResourceBundle('de', 'translation', cohortsDe, true, false);

import { COHORTS_KEY } from './cohort-query.ts';

export function CohortsArea() {
  return (
    <Routes>
      <Route index element={<CohortsPage />} />
      <Route path="new" element={<NewCohortPage />} />
      <Route path=":id" element={<CohortPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function CohortsPage() {
  const { t } = useTranslation();
  const cohorts = useQuery({ queryKey: COHORTS_KEY, queryFn: () => api<z.infer<typeof CohortList>>('GET', '/api/cohorts').then((r) => r.items) });
  return (
    <section className="cohorts">
      <h1>{t('cohorts.title')}</h1>
      <p className="hint">{t('cohorts.intro')}</p>
      <p>
        <Link className="button primary" to="new">{t('cohorts.new')}</Link>
      </p>
      {cohorts.isPending && <Loading />}
      {cohorts.error && <ErrorNotice error={cohorts.error} onRetry={() => void cohorts.refetch()} />}
      {cohorts.data && cohorts.data.length === 0 && <p>{t('cohorts.none')}</p>}
      {cohorts.data && cohorts.data.length > 0 && (
        <DataTable
          rows={cohorts.data}
          rowKey={(c) => c.id}
          columns={[
            { label: t('cohorts.name'), rowHeader: true, cell: (c) => <Link to={c.id} aria-label={t('cohorts.open', { name: c.name })}>{c.name}</Link> },
            { label: t('cohorts.status'), cell: (c) => <span className={`badge ${c.status === 'published' ? 'active' : ''}`}>{t(`cohorts.statuses.${c.status}`)}</span> },
            { label: t('cohorts.people'), cell: (c) => c.people },
            { label: t('cohorts.rounds'), cell: (c) => c.rounds },
            { label: t('cohorts.solver'), cell: (c) => t(`cohorts.solverStatuses.${c.solver.status}`) },
          ]}
        />
      )}
    </section>
  );
}
