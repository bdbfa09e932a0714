// The audit log: who did what, when, from where.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, query } from '../app/api.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';

interface Entry {
  id: string;
  at: string;
  actor: { kind: string; id: string | null; name: string | null };
  action: string;
  subject: { kind: string; id: string | null } | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit'],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<{ items: Entry[]; nextCursor: string | null }>('GET', `/api/audit-log${query({ cursor: pageParam, limit: '50' })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const when = new Intl.DateTimeFormat(i18n.language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      {log.isPending && <Loading />}
      {log.error && <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && (
        <div className="table-wrap">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.subject')}</th>
                <th scope="col">{t('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.pages.flatMap((p) => p.items).map((e) => (
                <tr key={e.id}>
                  <td data-label={t('audit.when')}>{when.format(new Date(e.at))}</td>
                  <td data-label={t('audit.who')}>{e.actor.name ?? e.actor.kind}</td>
                  <td data-label={t('audit.action')}>{e.action}</td>
                  <td data-label={t('audit.subject')}>{e.subject ? e.subject.kind : ''}</td>
                  <td data-label={t('audit.detail')}>
                    <code>{JSON.stringify(e.detail)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
