// The profile's "Your data" (Art. 15, 20 GDPR): ask for a copy -> "being prepared" (polled) ->
// "Download (once, until …)" -> downloaded. The mail "your data is ready" links here
// (/profile#data-export); the archive itself is only ever fetched by this signed-in page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CurrentDataExport } from '../../features/data-export/schema.ts';
import { api, ApiError } from '../app/api.ts';
import { i18next } from '../app/i18n.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { dayLabel, timeLabel } from '../app/time.ts';
import { dataExportDe, dataExportEn } from './data-export-texts.ts';

i18next.addResourceBundle('en', 'translation', dataExportEn, true, false);
i18next.addResourceBundle('de', 'translation', dataExportDe, true, false);

type Current = z.infer<typeof CurrentDataExport>;
const KEY = ['me', 'data-export'];
const POLL_MS = 2000;

/** Fetches the archive and hands it to the browser as a file; an error answer becomes an ApiError. */
async function saveArchive(id: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/me/data-export/${id}/download`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'No connection to Quartet.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(response.status, body.code ?? 'SERVER_ERROR', body.message ?? response.statusText);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'quartet-data.zip';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Released after the click has been handled: the download has its own copy by then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DataExportSection() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const section = useRef<HTMLElement>(null);
  const state = useQuery({
    queryKey: KEY,
    queryFn: () => api<Current>('GET', '/api/me/data-export'),
    refetchInterval: (query) => (query.state.data?.current?.status === 'preparing' ? POLL_MS : false),
  });
  const ask = useMutation({
    mutationFn: () => api<Current['current']>('POST', '/api/me/data-export'),
    onSuccess: (created) => client.setQueryData<Current>(KEY, (old) => old && { ...old, current: created }),
  });
  const fetchArchive = useMutation({
    mutationFn: (id: string) => saveArchive(id),
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });

  // Arriving from the mail's link: bring the section into view once it has content.
  useEffect(() => {
    if (window.location.hash === '#data-export' && state.data) section.current?.scrollIntoView();
  }, [state.data]);

  const when = (iso: string) => `${dayLabel(iso, me.timeZone, i18n.language)}, ${timeLabel(iso, me.timeZone, i18n.language)}`;
  const current = state.data?.current ?? null;
  const perDay = state.data?.requestsPerDay ?? 3;
  const askError = ask.error instanceof ApiError && ask.error.status === 429
    ? <div className="notice error" role="alert"><p>{t('dataExport.tooMany', { count: perDay })}</p></div>
    : ask.error && <ErrorNotice error={ask.error} />;
  const askButton = (label: string) => (
    <button type="button" className={current ? undefined : 'primary'} disabled={ask.isPending} onClick={() => ask.mutate()}>
      {ask.isPending ? t('dataExport.requesting') : label}
    </button>
  );

  return (
    <section className="data-export" id="data-export" ref={section} aria-labelledby="data-export-title">
      <h2 id="data-export-title">{t('dataExport.title')}</h2>
      <p>{t('dataExport.intro')}</p>
      {state.isPending && <Loading />}
      {state.error && <ErrorNotice error={state.error} onRetry={() => void state.refetch()} />}
      {state.data && (
        <div aria-live="polite">
          {!current && askButton(t('dataExport.request'))}
          {current?.status === 'preparing' && <p className="notice" role="status">{t('dataExport.preparing')}</p>}
          {current?.status === 'ready' && current.expiresAt && (
            <>
              <p>{t('dataExport.ready', { until: when(current.expiresAt) })}</p>
              <div className="actions">
                <button type="button" className="primary" disabled={fetchArchive.isPending} onClick={() => fetchArchive.mutate(current.id)}>
                  {fetchArchive.isPending ? t('dataExport.downloading') : t('dataExport.download', { until: when(current.expiresAt) })}
                </button>
              </div>
            </>
          )}
          {current?.status === 'downloaded' && current.downloadedAt && <p>{t('dataExport.downloaded', { at: when(current.downloadedAt) })}</p>}
          {current?.status === 'expired' && <p>{t('dataExport.expired', { at: when(current.expiresAt ?? current.requestedAt) })}</p>}
          {current?.status === 'failed' && <p>{t('dataExport.failed')}</p>}
          {current && current.status !== 'preparing' && current.status !== 'ready' && <div className="actions">{askButton(t('dataExport.again'))}</div>}
          {fetchArchive.error && <ErrorNotice error={fetchArchive.error} />}
          {askError}
          <p className="hint">{t('dataExport.limit', { count: perDay })}</p>
        </div>
      )}
    </section>
  );
}
