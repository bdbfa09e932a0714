// Open sessions, as a list or a week, filtered by date, module, language, format and site.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ClashMark, useBusyTimes } from '../own-calendar/calendar-clashes.tsx';
import { useMe } from '../app/me.ts';
import { mixes, useSettings } from '../app/settings.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { today } from '../app/time.ts';
import { Filters, type FilterValues } from './filters.tsx';
import { useFirstSessionDay, useSessionList } from './open-sessions.ts';
import { SessionCard } from './session-card.tsx';
import { WeekView } from './week-view.tsx';
import { WaitlistAction } from '../waiting-list/waitlist-action.tsx';
import { usePageTitle } from '../app/page-title.ts';

const FILTER_NAMES = ['date', 'time', 'module', 'language', 'format', 'site', 'available', 'sort'] as const;

export function SessionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle(t('sessions.title'));
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'week' ? 'week' : 'list';
  const values = Object.fromEntries(FILTER_NAMES.map((n) => [n, params.get(n) ?? ''])) as unknown as FilterValues;
  // The week shown is the view's own place (?week=), not a filter: the From date the reader chose
  // stays theirs, and going back to the list leaves no date behind that they never set.
  const weekDay = params.get('week') ?? '';

  const update = (changes: Record<string, string>) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      return next;
    }, { replace: true });
  const set = (name: string, value: string) => update({ [name]: value });

  // A week view without a day opens on the first week with sessions and shows that day in the From
  // field, so the field and the grid always show the same dates.
  const day = weekDay || values.date;
  const first = useFirstSessionDay(values, me.timeZone, view === 'week' && !day);
  const firstDay = first.data;
  useEffect(() => {
    if (view === 'week' && !day && firstDay) set('week', firstDay);
  }, [view, day, firstDay]); // not `set`: it is new each render, and the params decide
  const shown = view === 'week' ? { ...values, date: day } : values;
  const change = (name: keyof FilterValues, value: string) => (view === 'week' && name === 'date' ? set('week', value) : set(name, value));

  return (
    <section>
      <h1>{t('sessions.title')}</h1>
      <p className="hint">{t('sessions.timesIn', { zone: me.timeZone })}</p>
      <Filters values={shown} onChange={change} dateIsFilter={view === 'list'} />
      <div className="view-switch" role="group" aria-label={t('sessions.view')}>
        <button type="button" aria-pressed={view === 'list'} onClick={() => update({ view: '', week: '' })}>
          {t('sessions.asList')}
        </button>
        <button type="button" aria-pressed={view === 'week'} onClick={() => set('view', 'week')}>
          {t('sessions.asWeek')}
        </button>
      </div>
      {view === 'week' ? (
        !day && first.isPending ? <Loading /> : (
          <WeekView filters={values} day={day || today(me.timeZone)} onDay={(d) => set('week', d)} />
        )
      ) : (
        <SessionList filters={values} />
      )}
    </section>
  );
}

function SessionList({ filters }: { filters: FilterValues }) {
  const { t } = useTranslation();
  const me = useMe();
  const list = useSessionList(filters, me.timeZone);
  const busy = useBusyTimes();
  const settings = useSettings();
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  const sessions = list.data.pages.flatMap((p) => p.items);
  return (
    <>
      {sessions.length === 0 && <p>{t('sessions.none')}</p>}
      {sessions.length > 1 && filters.sort === 'newColleagues' && mixes(settings.data) && <p className="hint">{t('sessions.orderedForNewColleagues')}</p>}
      <ul className="cards" aria-label={t('sessions.title')}>
        {sessions.map((s) => (
          <li key={s.id}>
            <SessionCard session={s}>
              <ClashMark busy={busy.data} session={s} />
              <WaitlistAction session={s} />
            </SessionCard>
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t('sessions.more')}
        </button>
      )}
    </>
  );
}
