// One endpoint's delivery log: each delivery's event, state, attempts and the endpoint's last
// answer (status and the first KB, as text), with "Deliver again" (same event id).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { DeliveryList } from '../../features/webhooks/schema.ts';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';

type Delivery = z.infer<typeof DeliveryList>['deliveries'][number];

export function WebhookDeliveries({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = ['admin', 'webhooks', endpointId, 'deliveries'];
  // Waiting deliveries change on their own: look again while any is pending.
  const deliveries = useQuery({
    queryKey: key,
    queryFn: () => api<z.infer<typeof DeliveryList>>('GET', `/api/admin/webhooks/${endpointId}/deliveries?limit=50`).then((r) => r.deliveries),
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === 'pending') ? 2_000 : false),
  });
  const again = useMutation({
    mutationFn: (d: Delivery) => api('POST', `/api/admin/webhooks/deliveries/${d.id}/redeliver`),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const when = new Intl.DateTimeFormat(i18n.language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
  const answer = (d: Delivery) => {
    const last = d.log.at(-1);
    if (!last) return '—';
    const head = last.statusCode === null ? t('webhooks.noAnswer') : `HTTP ${last.statusCode}`;
    return (
      <>
        <strong>{head}</strong>
        {(last.error || last.response) && <code className="answer">{last.error ?? last.response}</code>}
      </>
    );
  };

  return (
    <div className="webhook-log">
      <h3>{t('webhooks.log')}</h3>
      {deliveries.isPending && <Loading />}
      {deliveries.error && <ErrorNotice error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
      {deliveries.data && deliveries.data.length === 0 && <p>{t('webhooks.noDeliveries')}</p>}
      {deliveries.data && deliveries.data.length > 0 && (
        <DataTable
          rows={deliveries.data}
          rowKey={(d) => d.id}
          columns={[
            { label: t('webhooks.when'), cell: (d) => when.format(new Date(d.createdAt)) },
            { label: t('webhooks.event'), cell: (d) => t(`webhooks.eventNames.${d.eventType}`) },
            { label: t('webhooks.status'), cell: (d) => <span className={`badge ${d.status}`}>{t(`webhooks.states.${d.status}`)}</span> },
            { label: t('webhooks.answer'), cell: answer },
            { label: t('webhooks.attempts'), cell: (d) => d.attempts },
            {
              label: t('webhooks.actions'),
              actions: true,
              cell: (d) => d.status !== 'pending' && (
                <button
                  type="button"
                  disabled={!enabled || again.isPending}
                  onClick={() => again.mutate(d)}
                  aria-label={t('webhooks.againNamed', { event: t(`webhooks.eventNames.${d.eventType}`), when: when.format(new Date(d.createdAt)) })}
                >
                  {t('webhooks.again')}
                </button>
              ),
            },
          ]}
        />
      )}
      {again.error && <ErrorNotice error={again.error} />}
      {again.isSuccess && <Success>{t('webhooks.queued')}</Success>}
    </div>
  );
}
