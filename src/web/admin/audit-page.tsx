// The audit log: who did what, when — one sentence per entry in the reader's language, the raw
// entry (code, subject, address, detail) behind "Details".
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, query } from '../app/api.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import type { AuditEntry, AuditLogPage } from '../app/types.ts';
import { auditSentence } from './audit-sentences.ts';

export function AuditPage() {
  const { t } = useTranslation();
  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit'],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<AuditLogPage>('GET', `/api/audit-log${query({ cursor: pageParam, limit: '50' })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="audit-log">
      <h1>{t('audit.title')}</h1>
      {log.isPending && <Loading />}
      {log.error && <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && entries.length === 0 && <p>{t('audit.empty')}</p>}
      {entries.length > 0 && (
        <ol className="audit-entries">
          {entries.map((e) => <AuditItem key={e.id} entry={e} />)}
        </ol>
      )}
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}

function AuditItem({ entry: e }: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'de' ? 'de' : 'en';
  const when = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <li className="audit-entry">
      <time dateTime={e.at}>{when.format(new Date(e.at))}</time>
      <p>{auditSentence(e, language)}</p>
      <details>
        <summary>{t('audit.details')}</summary>
        <dl>
          <dt>{t('audit.action')}</dt>
          <dd><code>{e.action}</code></dd>
          {e.subject && (
            <>
              <dt>{t('audit.subject')}</dt>
              <dd><code>{e.subject.kind}{e.subject.id ? ` ${e.subject.id}` : ''}</code></dd>
            </>
          )}
          {e.ip && (
            <>
              <dt>{t('audit.address')}</dt>
              <dd><code>{e.ip}</code></dd>
            </>
          )}
          <dt>{t('audit.detail')}</dt>
          <dd><pre>{JSON.stringify(e.detail, null, 2)}</pre></dd>
        </dl>
      </details>
    </li>
  );
}
