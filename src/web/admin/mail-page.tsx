// Outgoing mail: what waits, what went, what failed and why; a failed message can be sent again.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { ErrorNotice, Loading } from '../app/status.tsx';
import type { MessagePage } from '../app/types.ts';

export function MailPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [status, setStatus] = useState('');
  const messages = useInfiniteQuery({
    queryKey: ['admin', 'messages', status],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<MessagePage>('GET', `/api/admin/messages${query({ status, before: pageParam, limit: '50' })}`),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const retry = useMutation({
    mutationFn: (id: string) => api('POST', `/api/admin/messages/${id}/retry`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'messages'] }),
  });
  const when = new Intl.DateTimeFormat(i18n.language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const items = messages.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section>
      <h1>{t('mail.title')}</h1>
      <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('mail.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('mail.all')}</option>
            {(['pending', 'sent', 'moot', 'failed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`mail.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {messages.isPending && <Loading />}
      {messages.error && <ErrorNotice error={messages.error} onRetry={() => void messages.refetch()} />}
      {retry.error && <ErrorNotice error={retry.error} />}
      {messages.data && items.length === 0 && <p>{t('mail.none')}</p>}
      {items.length > 0 && (
        <DataTable
          rows={items}
          rowKey={(m) => m.id}
          columns={[
            { label: t('mail.when'), cell: (m) => when.format(new Date(m.createdAt)) },
            { label: t('mail.kind'), cell: (m) => t(`mail.kinds.${m.kind}`, { defaultValue: m.kind }) },
            { label: t('mail.to'), cell: (m) => `${m.recipient.name} <${m.recipient.email}>` },
            { label: t('mail.status'), cell: (m) => t(`mail.${m.status}`) },
            { label: t('mail.attempts'), cell: (m) => m.attempts },
            { label: t('mail.error'), cell: (m) => m.lastError },
            {
              label: t('people.actions'),
              actions: true,
              cell: (m) =>
                m.status === 'failed' && (
                  <button type="button" disabled={retry.isPending} onClick={() => retry.mutate(m.id)} aria-label={t('mail.retryTo', { name: m.recipient.name })}>
                    {t('mail.retry')}
                  </button>
                ),
            },
          ]}
        />
      )}
      {messages.hasNextPage && (
        <button type="button" onClick={() => void messages.fetchNextPage()}>
          {t('mail.more')}
        </button>
      )}
    </section>
  );
}
