// One week, Monday to Sunday in the viewer's zone, each day with its sessions.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ClashMark, useBusyTimes } from '../own-calendar/calendar-clashes.tsx';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { dayKey, daysOfWeek, shiftDay, timeLabel, weekAround, weekdayLabel } from '../app/time.ts';
import type { FilterValues } from './filters.tsx';
import { useSessionWeek } from './open-sessions.ts';
import { SeatsLeft } from './session-card.tsx';

export function WeekView({ filters, day, onDay }: { filters: FilterValues; day: string; onDay: (day: string) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const week = useSessionWeek(filters, day, me.timeZone);
  const busy = useBusyTimes();
  const { start } = weekAround(day, me.timeZone);
  const days = daysOfWeek(start);
  const dayName = (d: string) => weekdayLabel(d, i18n.language);

  return (
    <div className="week">
      <div className="week-nav">
        <button type="button" onClick={() => onDay(shiftDay(day, -7, me.timeZone))}>
          {t('week.previous')}
        </button>
        <h2>{t('week.of', { day: dayName(days[0]!) })}</h2>
        <button type="button" onClick={() => onDay(shiftDay(day, 7, me.timeZone))}>
          {t('week.next')}
        </button>
      </div>
      {week.isPending && <Loading />}
      {week.error && <ErrorNotice error={week.error} onRetry={() => void week.refetch()} />}
      {week.data && (
        <div className="week-grid">
          {days.map((d) => {
            const sessions = week.data.items.filter((s) => dayKey(s.startsAt, me.timeZone) === d);
            return (
              <section key={d} className="week-day" aria-label={dayName(d)}>
                <h3>{dayName(d)}</h3>
                {sessions.length === 0 && <p className="hint">{t('week.nothing')}</p>}
                <ul>
                  {sessions.map((s) => (
                    <li key={s.id}>
                      <Link to={`/sessions/${s.id}`}>
                        <time dateTime={s.startsAt}>{timeLabel(s.startsAt, me.timeZone, i18n.language)}</time> {s.module.title}
                      </Link>{' '}
                      <SeatsLeft session={s} />
                      <ClashMark busy={busy.data} session={s} inline />
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
