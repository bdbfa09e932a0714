// Outgoing mail: what waits, what went, what failed and why; a failed message can be sent again.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../app/api.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';

interface Message {
  id: string;
  kind: string;
  status: 'pending' | 'sent' | 'moot' | 'failed';
  recipient: { id: string; name: string; email: string };
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export function MailPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [status, setStatus] = useState('');
  const messages = useInfiniteQuery({
    queryKey: ['admin', 'messages', status],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<{ items: Message[]; nextBefore: string | null }>('GET', `/api/admin/messages${query({ status, before: pageParam, limit: '50' })}`),
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
        <div className="table-wrap">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t('mail.when')}</th>
                <th scope="col">{t('mail.kind')}</th>
                <th scope="col">{t('mail.to')}</th>
                <th scope="col">{t('mail.status')}</th>
                <th scope="col">{t('mail.attempts')}</th>
                <th scope="col">{t('mail.error')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('people.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id}>
                  <td data-label={t('mail.when')}>{when.format(new Date(m.createdAt))}</td>
                  <td data-label={t('mail.kind')}>{t(`mail.kinds.${m.kind}`, { defaultValue: m.kind })}</td>
                  <td data-label={t('mail.to')}>
                    {m.recipient.name} &lt;{m.recipient.email}&gt;
                  </td>
                  <td data-label={t('mail.status')}>{t(`mail.${m.status}`)}</td>
                  <td data-label={t('mail.attempts')}>{m.attempts}</td>
                  <td data-label={m.lastError ? t('mail.error') : undefined}>{m.lastError ?? ''}</td>
                  <td>
                    {m.status === 'failed' && (
                      <button type="button" disabled={retry.isPending} onClick={() => retry.mutate(m.id)} aria-label={t('mail.retryTo', { name: m.recipient.name })}>
                        {t('mail.retry')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {messages.hasNextPage && (
        <button type="button" onClick={() => void messages.fetchNextPage()}>
          {t('mail.more')}
        </button>
      )}
    </section>
  );
}
