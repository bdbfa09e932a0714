// A cohort's solver on its page: the progress while the groups are formed, a failure in the reader's
// language (the server's sentence is English, so it stays behind a toggle for whoever reports it),
// and "Form the groups again", asked first because it throws away the moves made by hand.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CohortView } from '../../features/cohorts/schema.ts';
import { api } from '../app/api.ts';
import { ErrorNotice } from '../app/status.tsx';
import { COHORTS_KEY } from './cohort-query.ts';

type Cohort = z.infer<typeof CohortView>;

// The solver's phases (solver/solve.ts SolvePhase); the schema types the field as a plain string.
const PHASES = ['dealing', 'construction', 'search', 'done'] as const;

export function isSolving(cohort: Cohort): boolean {
  return cohort.solver.status === 'queued' || cohort.solver.status === 'solving';
}

export function SolverStatus({ cohort }: { cohort: Cohort }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const again = useMutation({
    mutationFn: () => api<Cohort>('POST', `/api/cohorts/${cohort.id}/solve`, {}),
    onSuccess: (c) => client.setQueryData([...COHORTS_KEY, cohort.id], c),
  });
  const { solver } = cohort;
  if (solver.status === 'queued') return <p className="loading" role="status">{t('cohorts.preview.waiting')}</p>;
  if (solver.status === 'solving') {
    const phase = PHASES.find((p) => p === solver.phase) ?? 'other';
    const seconds = ((solver.elapsedMs ?? 0) / 1000).toLocaleString(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    return (
      <p className="loading" role="status">
        {t('cohorts.preview.solving', { phase: t(`cohorts.preview.phases.${phase}`), count: solver.repeats ?? 0, seconds })}
      </p>
    );
  }
  if (solver.status === 'failed' || (cohort.status === 'draft' && solver.status === 'done')) {
    return (
      <>
        {solver.status === 'failed' && <p className="notice error" role="alert">{t('cohorts.preview.failed')}</p>}
        {solver.status === 'failed' && solver.error && (
          <details className="meta">
            <summary>{t('cohorts.preview.failedDetails')}</summary>
            <p lang="en">{solver.error}</p>
          </details>
        )}
        <button type="button" disabled={again.isPending} onClick={() => window.confirm(t('cohorts.preview.confirmAgain')) && again.mutate()}>
          {t('cohorts.preview.again')}
        </button>
        {again.error && <ErrorNotice error={again.error} />}
      </>
    );
  }
  return null;
}
