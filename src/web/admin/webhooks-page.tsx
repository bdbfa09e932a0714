// Webhooks: the organisation's endpoints (URL, description, events, on or off), each one's secret
// to copy or replace, and its delivery log with "Deliver again".
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { EndpointList } from '../../features/webhooks/schema.ts';
import { api } from '../app/api.ts';
import { i18next } from '../app/i18n.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { WebhookDeliveries } from './webhook-deliveries.tsx';
import { webhooksDe, webhooksEn } from './webhooks-texts.ts';

i18next.addResourceBundle('en', 'translation', webhooksEn, true, false);
i18next.addResourceBundle('de', 'translation', webhooksDe, true, false);

type Endpoint = z.infer<typeof EndpointList>['endpoints'][number];
type EventType = Endpoint['events'][number];
const EVENT_TYPES: EventType[] = ['suggestion.created', 'suggestion.status_changed', 'booking.created', 'booking.cancelled', 'session.cancelled'];
const KEY = ['admin', 'webhooks'];

export function WebhooksPage() {
  const { t } = useTranslation();
  const endpoints = useQuery({ queryKey: KEY, queryFn: () => api<z.infer<typeof EndpointList>>('GET', '/api/admin/webhooks').then((r) => r.endpoints) });
  const [adding, setAdding] = useState(false);

  return (
    <section className="webhooks">
      <h1>{t('webhooks.title')}</h1>
      <p>{t('webhooks.intro')}</p>
      {endpoints.isPending && <Loading />}
      {endpoints.error && <ErrorNotice error={endpoints.error} onRetry={() => void endpoints.refetch()} />}
      {endpoints.data && endpoints.data.length === 0 && <p>{t('webhooks.none')}</p>}
      {endpoints.data?.map((e) => <EndpointCard key={e.id} endpoint={e} />)}
      {adding ? (
        <EndpointForm onDone={() => setAdding(false)} />
      ) : (
        <button type="button" className="primary" onClick={() => setAdding(true)}>{t('webhooks.add')}</button>
      )}
    </section>
  );
}

function EndpointCard({ endpoint: e }: { endpoint: Endpoint }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [copied, setCopied] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: KEY });
  const toggle = useMutation({ mutationFn: () => api('PATCH', `/api/admin/webhooks/${e.id}`, { enabled: !e.enabled }), onSuccess: refresh });
  const rotate = useMutation({ mutationFn: () => api('POST', `/api/admin/webhooks/${e.id}/rotate-secret`), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => api('DELETE', `/api/admin/webhooks/${e.id}`), onSuccess: refresh });
  const secretId = `secret-${e.id}`;
  const logId = `log-${e.id}`;
  const status = e.enabled ? t('webhooks.on') : e.disabledReason === 'failing' ? t('webhooks.offFailing') : t('webhooks.off');

  if (editing) return <EndpointForm endpoint={e} onDone={() => setEditing(false)} />;
  return (
    <article className="card webhook" aria-label={e.url}>
      <h2><code>{e.url}</code></h2>
      {e.description && <p>{e.description}</p>}
      <p>
        <span className={`badge ${e.enabled ? 'active' : 'cancelled'}`}>{status}</span>{' '}
        {e.events.map((type) => t(`webhooks.eventNames.${type}`)).join(', ')}
      </p>
      <div className="field-row">
        <label htmlFor={secretId}>{t('webhooks.secret')}</label>
        <input id={secretId} readOnly value={e.secret} aria-label={t('webhooks.secretFor', { url: e.url })} onFocus={(ev) => ev.currentTarget.select()} />
        <button
          type="button"
          onClick={() => void navigator.clipboard?.writeText(e.secret).then(() => setCopied(true), () => setCopied(false))}
        >
          {t('webhooks.copy')}
        </button>
        <button
          type="button"
          disabled={rotate.isPending}
          aria-label={t('webhooks.rotateNamed', { url: e.url })}
          onClick={() => window.confirm(t('webhooks.confirmRotate')) && rotate.mutate()}
        >
          {t('webhooks.rotate')}
        </button>
      </div>
      {copied && <Success>{t('webhooks.copied')}</Success>}
      <div className="inline-form">
        <button type="button" onClick={() => setEditing(true)} aria-label={t('webhooks.editNamed', { url: e.url })}>{t('webhooks.edit')}</button>
        <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate()} aria-label={t(e.enabled ? 'webhooks.turnOffNamed' : 'webhooks.turnOnNamed', { url: e.url })}>
          {t(e.enabled ? 'webhooks.turnOff' : 'webhooks.turnOn')}
        </button>
        <button type="button" disabled={remove.isPending} onClick={() => window.confirm(t('webhooks.confirmRemove')) && remove.mutate()} aria-label={t('webhooks.removeNamed', { url: e.url })}>
          {t('webhooks.remove')}
        </button>
        <button type="button" aria-expanded={showLog} aria-controls={logId} onClick={() => setShowLog(!showLog)}>
          {t(showLog ? 'webhooks.hideLog' : 'webhooks.showLog')}
        </button>
      </div>
      {[toggle.error, rotate.error, remove.error].map((error, i) => error && <ErrorNotice key={i} error={error} />)}
      <div id={logId}>{showLog && <WebhookDeliveries endpointId={e.id} enabled={e.enabled} />}</div>
    </article>
  );
}

function EndpointForm({ endpoint, onDone }: { endpoint?: Endpoint; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [url, setUrl] = useState(endpoint?.url ?? 'https://');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [events, setEvents] = useState<EventType[]>(endpoint?.events ?? ['suggestion.created', 'suggestion.status_changed']);
  const save = useMutation({
    mutationFn: () => (endpoint
      ? api('PATCH', `/api/admin/webhooks/${endpoint.id}`, { url, description, events })
      : api('POST', '/api/admin/webhooks', { url, description, events })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: KEY });
      onDone();
    },
  });
  const formId = endpoint ? `edit-${endpoint.id}` : 'new-webhook';

  return (
    <form
      className="card webhook-form"
      aria-labelledby={`${formId}-title`}
      onSubmit={(ev) => {
        ev.preventDefault();
        save.mutate();
      }}
    >
      <h2 id={`${formId}-title`}>{endpoint ? t('webhooks.editNamed', { url: endpoint.url }) : t('webhooks.add')}</h2>
      <label>
        {t('webhooks.url')}
        <input type="url" value={url} onChange={(ev) => setUrl(ev.target.value)} required maxLength={2000} inputMode="url" />
      </label>
      <label>
        {t('webhooks.description')}
        <input value={description} onChange={(ev) => setDescription(ev.target.value)} maxLength={500} />
      </label>
      <fieldset>
        <legend>{t('webhooks.events')}</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(ev) => setEvents(ev.target.checked ? [...events, type] : events.filter((x) => x !== type))}
            />
            {t(`webhooks.eventNames.${type}`)} <code>{type}</code>
          </label>
        ))}
      </fieldset>
      {save.error && <ErrorNotice error={save.error} />}
      <div className="inline-form">
        <button type="submit" className="primary" disabled={save.isPending || events.length === 0}>{t('webhooks.save')}</button>
        <button type="button" onClick={onDone}>{t('webhooks.cancel')}</button>
      </div>
    </form>
  );
}
