// The personal calendar feed: a secret address a calendar app subscribes to. The address is shown
// once when made; making a new one retires the old.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice } from '../app/status.tsx';
import type { FeedAddress, FeedStatus } from '../app/types.ts';

export function CalendarFeed() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useQuery({ queryKey: ['calendar-feed'], queryFn: () => api<FeedStatus>('GET', '/api/me/calendar-feed') });
  const make = useMutation({
    mutationFn: () => api<FeedAddress>('POST', '/api/me/calendar-feed'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['calendar-feed'] }),
  });
  const remove = useMutation({
    mutationFn: () => api('DELETE', '/api/me/calendar-feed'),
    onSuccess: () => {
      make.reset();
      return client.invalidateQueries({ queryKey: ['calendar-feed'] });
    },
  });
  return (
    <section className="card calendar-feed" aria-labelledby="feed-title">
      <h2 id="feed-title">{t('calendar.title')}</h2>
      <p className="hint">{t('calendar.intro')}</p>
      {status.error && <ErrorNotice error={status.error} onRetry={() => void status.refetch()} />}
      {make.data && (
        <div className="notice success" role="status">
          <p>{t('calendar.made')}</p>
          <label>
            {t('calendar.address')}
            <input readOnly value={make.data.url} onFocus={(e) => e.target.select()} />
          </label>
          <p>
            <a href={make.data.webcalUrl}>{t('calendar.subscribe')}</a>
          </p>
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => make.mutate()} disabled={make.isPending}>
          {status.data?.active ? t('calendar.renew') : t('calendar.make')}
        </button>
        {status.data?.active && (
          <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {t('calendar.off')}
          </button>
        )}
      </div>
      {(make.error || remove.error) && <ErrorNotice error={make.error ?? remove.error} />}
    </section>
  );
}
