// The dates of a series, each free or with what stands in its way.
import { useTranslation } from 'react-i18next';
import { spanLabel } from '../app/time.ts';
import type { Occurrence } from '../app/types.ts';

export function SeriesDates({ occurrences, timeZone }: { occurrences: Occurrence[]; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const conflicting = occurrences.filter((o) => o.conflicts.length > 0).length;
  return (
    <section aria-labelledby="series-dates">
      <h2 id="series-dates">{t('publish.dates')}</h2>
      <p className={conflicting ? 'notice error' : 'notice success'} role={conflicting ? 'alert' : 'status'}>
        {conflicting ? t('publish.conflicts', { count: conflicting }) : t('publish.allFree')}
      </p>
      <ol className="series-dates">
        {occurrences.map((o) => (
          <li key={o.startsAt} className={o.conflicts.length ? 'conflict' : 'free'}>
            {spanLabel(o.startsAt, o.endsAt, timeZone, i18n.language)}:{' '}
            <strong>{o.conflicts.length ? o.conflicts.map((c) => t(`publish.conflict.${c}`)).join(', ') : t('publish.free')}</strong>
          </li>
        ))}
      </ol>
    </section>
  );
}
