// A new organisation's first admin sees what is still missing before the programme runs; the list
// ticks itself off from what the organisation holds and goes away once everything is there.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { SetupChecklist as Checklist } from '../../features/setup-checklist/schema.ts';
import { api } from '../app/api.ts';
import { i18next } from '../app/i18n.ts';
import { ErrorNotice } from '../app/status.tsx';
import { setupChecklistDe, setupChecklistEn } from './setup-checklist-texts.ts';

i18next.addResourceBundle('en', 'translation', setupChecklistEn, true, false);
i18next.addResourceBundle('de', 'translation', setupChecklistDe, true, false);

const WHERE: Record<z.infer<typeof Checklist>['steps'][number]['step'], string> = {
  rooms: '/admin/rooms', coaches: '/admin/people', people: '/admin/people', signIn: '/admin/settings', sessions: '/admin/planner',
};

export function SetupChecklist() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['setup-checklist'], queryFn: () => api<z.infer<typeof Checklist>>('GET', '/api/admin/setup-checklist') });
  // The dashboard is the page; the list only adds to it, so while it loads nothing is shown.
  if (list.isPending || list.data?.complete) return null;
  if (list.error) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  const { steps } = list.data;
  const done = steps.filter((s) => s.done).length;
  return (
    <section className="card setup-checklist" aria-labelledby="setup-title">
      <h2 id="setup-title">{t('setup.title')}</h2>
      <p className="hint">{t('setup.intro')} {t('setup.progress', { done, total: steps.length })}</p>
      <ol>
        {steps.map(({ step, done: isDone }) => (
          <li key={step} className={isDone ? 'done' : 'todo'}>
            <span className="state" aria-hidden="true">{isDone ? '✓' : '○'}</span>
            <div>
              <strong>{t(`setup.steps.${step}.title`)}</strong> <span className="visually-hidden">({isDone ? t('setup.done') : t('setup.todo')})</span>
              {!isDone && (
                <>
                  <p className="hint">{t(`setup.steps.${step}.hint`)}</p>
                  <Link to={WHERE[step]}>{t(`setup.steps.${step}.link`)}</Link>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
