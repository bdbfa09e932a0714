// The profile's "Your calendar": connect a published calendar by its ICS address (fetched at once,
// so a wrong address shows straight away), see when it was last fetched and why a fetch failed,
// replace or disconnect it. The address itself never comes back from the server.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarStatus } from '../../features/calendar-overlay/schema.ts';
import { api } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { dayLabel, timeLabel } from '../app/time.ts';
import { BUSY_KEY } from './calendar-clashes.tsx';
import './calendar-overlay-texts.ts';

const KEY = ['me', 'calendar-overlay'];

export function CalendarSection() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const status = useQuery({ queryKey: KEY, queryFn: () => api<CalendarStatus>('GET', '/api/me/calendar-overlay') });
  const save = useMutation({
    mutationFn: () => api<CalendarStatus>('PUT', '/api/me/calendar-overlay', { url }),
    onSuccess: async (saved) => {
      client.setQueryData(KEY, saved);
      setUrl('');
      remove.reset();
      await client.invalidateQueries({ queryKey: BUSY_KEY });
    },
  });
  const remove = useMutation({
    mutationFn: () => api('DELETE', '/api/me/calendar-overlay'),
    onSuccess: async () => {
      save.reset();
      await client.invalidateQueries({ queryKey: KEY });
      await client.invalidateQueries({ queryKey: BUSY_KEY });
    },
  });
  const when = (iso: string) => `${dayLabel(iso, me.timeZone, i18n.language)}, ${timeLabel(iso, me.timeZone, i18n.language)}`;
  const current = status.data;

  return (
    <section className="card calendar-overlay" aria-labelledby="calendar-overlay-title" id="calendar">
      <h2 id="calendar-overlay-title">{t('calendarOverlay.title')}</h2>
      <p className="hint">{t('calendarOverlay.intro')}</p>
      {status.isPending && <Loading />}
      {status.error && <ErrorNotice error={status.error} onRetry={() => void status.refetch()} />}
      {current && !current.connected && <p>{t('calendarOverlay.notConnected')}</p>}
      {current?.connected && (
        <>
          <p>
            {t('calendarOverlay.connected', { host: current.host })}{' '}
            {current.fetchedAt ? t('calendarOverlay.fetchedAt', { when: when(current.fetchedAt) }) : t('calendarOverlay.notFetched')}
          </p>
          {current.error && (
            <div className="notice error" role="alert">
              <p>{t('calendarOverlay.fetchFailed', { reason: t(`calendarOverlay.errors.${current.error}`) })}</p>
            </div>
          )}
        </>
      )}
      {remove.isSuccess && <Success>{t('calendarOverlay.removed')}</Success>}
      {current && (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label>
            {t('calendarOverlay.address')}
            <input
              type="url"
              inputMode="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder={t('calendarOverlay.placeholder')}
              required
              maxLength={2000}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
          <p className="hint">{t('calendarOverlay.where')}</p>
          <div className="actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? t('calendarOverlay.saving') : current.connected ? t('calendarOverlay.replace') : t('calendarOverlay.connect')}
            </button>
            {current.connected && (
              <button type="button" disabled={remove.isPending} onClick={() => remove.mutate()}>
                {remove.isPending ? t('calendarOverlay.removing') : t('calendarOverlay.remove')}
              </button>
            )}
          </div>
        </form>
      )}
      {save.error && <ErrorNotice error={save.error} />}
      {remove.error && <ErrorNotice error={remove.error} />}
    </section>
  );
}
