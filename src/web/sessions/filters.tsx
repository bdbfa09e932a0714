// The filters of the open sessions: date, time of day, module, language, format, site. They live in
// the address (?module=…&format=…) so a filtered list can be bookmarked and shared. On a phone they
// start folded (a summary says how many are set), so the first screen shows sessions, not fields.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mixes, useSettings } from '../app/settings.ts';
import { useModules, useRooms } from './catalog.ts';

export interface FilterValues {
  date: string;
  time: string;
  module: string;
  language: string;
  format: string;
  site: string;
  available: string;
  sort: string;
}

/** `dateIsFilter`: off in the week view, where the From field shows the week on screen rather than narrowing anything. */
export function Filters({ values, onChange, dateIsFilter = true }: {
  values: FilterValues;
  onChange: (name: keyof FilterValues, value: string) => void;
  dateIsFilter?: boolean;
}) {
  const { t } = useTranslation();
  const modules = useModules();
  const rooms = useRooms();
  const settings = useSettings();
  const sites = useMemo(() => [...new Set((rooms.data ?? []).map((r) => r.site))].sort(), [rooms.data]);
  const [open, setOpen] = useState(() => typeof window === 'undefined' || window.matchMedia('(min-width: 700px)').matches);
  // The order counts as set too: folded on a phone, nothing else would say why the cards are out of
  // date order. Only where the organisation mixes, as elsewhere the API ignores it.
  const active = (['date', 'time', 'module', 'language', 'format', 'site', 'available', 'sort'] as const)
    .filter((k) => values[k] !== '' && (k !== 'date' || dateIsFilter) && (k !== 'sort' || mixes(settings.data))).length;

  return (
    <details className="filters-box" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{active > 0 ? t('filters.summaryActive', { count: active }) : t('filters.summary')}</summary>
    <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('filters.date')}
        <input type="date" value={values.date} onChange={(e) => onChange('date', e.target.value)} />
      </label>
      <label>
        {t('filters.time')}
        <select value={values.time} onChange={(e) => onChange('time', e.target.value)}>
          <option value="">{t('filters.anyTime')}</option>
          <option value="morning">{t('filters.morning')}</option>
          <option value="afternoon">{t('filters.afternoon')}</option>
          <option value="evening">{t('filters.evening')}</option>
        </select>
      </label>
      <label>
        {t('filters.module')}
        <select value={values.module} onChange={(e) => onChange('module', e.target.value)}>
          <option value="">{t('filters.any')}</option>
          {(modules.data ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filters.language')}
        <select value={values.language} onChange={(e) => onChange('language', e.target.value)}>
          <option value="">{t('filters.any')}</option>
          <option value="en">{t('languages.en')}</option>
          <option value="de">{t('languages.de')}</option>
        </select>
      </label>
      <label>
        {t('filters.format')}
        <select value={values.format} onChange={(e) => onChange('format', e.target.value)}>
          <option value="">{t('filters.any')}</option>
          <option value="in_person">{t('formats.in_person')}</option>
          <option value="virtual">{t('formats.virtual')}</option>
        </select>
      </label>
      <label>
        {t('filters.site')}
        <select value={values.site} onChange={(e) => onChange('site', e.target.value)}>
          <option value="">{t('filters.any')}</option>
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {mixes(settings.data) && (
        <label>
          {t('filters.sort')}
          <select value={values.sort} onChange={(e) => onChange('sort', e.target.value)}>
            <option value="">{t('filters.soonest')}</option>
            <option value="newColleagues">{t('filters.newColleagues')}</option>
          </select>
        </label>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={values.available === 'true'} onChange={(e) => onChange('available', e.target.checked ? 'true' : '')} />
        {t('filters.available')}
      </label>
    </form>
    </details>
  );
}
