// The audit log: who did what, when, from where.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, query } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { ErrorNotice, Loading } from '../app/status.tsx';
import type { AuditLogPage } from '../app/types.ts';

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit'],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<AuditLogPage>('GET', `/api/audit-log${query({ cursor: pageParam, limit: '50' })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const when = new Intl.DateTimeFormat(i18n.language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      {log.isPending && <Loading />}
      {log.error && <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && (
        <DataTable
          rows={log.data.pages.flatMap((p) => p.items)}
          rowKey={(e) => e.id}
          columns={[
            { label: t('audit.when'), cell: (e) => when.format(new Date(e.at)) },
            { label: t('audit.who'), cell: (e) => e.actor.name ?? e.actor.kind },
            { label: t('audit.action'), cell: (e) => e.action },
            { label: t('audit.subject'), cell: (e) => e.subject?.kind },
            { label: t('audit.detail'), cell: (e) => <code>{JSON.stringify(e.detail)}</code> },
          ]}
        />
      )}
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
