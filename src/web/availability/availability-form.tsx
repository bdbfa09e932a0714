// The availability editor, for a coach's own and for an admin setting it for a coach: weekly
// windows (a row each, a day and two times), the zone they are in, the weekly limit, online or
// sites, and modules (all, or those ticked).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AvailabilityView } from '../../features/availability/schema.ts';
import { api } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import { timeZones } from '../app/time.ts';
import { useModules, useRooms } from '../sessions/catalog.ts';
import './availability-texts.ts';
import { siteChoices } from './site-choices.ts';

interface WindowRow { key: number; weekday: number; from: string; to: string }
let keys = 0;

export function AvailabilityForm({ view, path }: { view: AvailabilityView; path: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const modules = useModules();
  const rooms = useRooms();
  const sites = useMemo(() => siteChoices((rooms.data ?? []).map((r) => r.site), view.sites), [rooms.data, view.sites]);
  const [zone, setZone] = useState(view.timeZone);
  const [windows, setWindows] = useState<WindowRow[]>(view.windows.map((w) => ({ ...w, key: keys++ })));
  const [max, setMax] = useState(view.maxSessionsPerWeek === null ? '' : String(view.maxSessionsPerWeek));
  const [online, setOnline] = useState(view.coachesOnline);
  const [chosenSites, setChosenSites] = useState<string[]>(view.sites);
  const [allModules, setAllModules] = useState(view.moduleIds.length === 0);
  const [chosenModules, setChosenModules] = useState<string[]>(view.moduleIds);
  const [find, setFind] = useState('');
  const save = useMutation({
    mutationFn: () => api<AvailabilityView>('PUT', path, {
      timeZone: zone, maxSessionsPerWeek: max.trim() === '' ? null : Number(max), coachesOnline: online, sites: chosenSites,
      moduleIds: allModules ? [] : chosenModules, windows: windows.map(({ weekday, from, to }) => ({ weekday, from, to })),
    }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['availability'] }),
  });
  const change = (key: number, patch: Partial<WindowRow>) => setWindows(windows.map((w) => (w.key === key ? { ...w, ...patch } : w)));
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  const shownModules = (modules.data ?? []).filter((m) => `${m.code} ${m.title}`.toLowerCase().includes(find.trim().toLowerCase()));

  return (
    <form
      className="availability-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        {t('availability.zone')}
        <select value={zone} onChange={(e) => setZone(e.target.value)}>
          {[...new Set([zone, ...timeZones()])].map((z) => <option key={z} value={z}>{z}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('availability.windows')}</legend>
        {windows.length === 0 && <p className="hint">{t('availability.noWindows')}</p>}
        <ul className="window-rows">
          {windows.map((w, i) => (
            <li key={w.key}>
              <label>
                {t('availability.weekday')}
                <select value={w.weekday} onChange={(e) => change(w.key, { weekday: Number(e.target.value) })}>
                  {[1, 2, 3, 4, 5, 6, 7].map((d) => <option key={d} value={d}>{t(`availability.days.${d}`)}</option>)}
                </select>
              </label>
              <label>
                {t('availability.from')}
                <input type="time" step={900} value={w.from} required onChange={(e) => change(w.key, { from: e.target.value })} />
              </label>
              <label>
                {t('availability.to')}
                <input type="time" step={900} value={w.to === '24:00' ? '23:59' : w.to} required onChange={(e) => change(w.key, { to: e.target.value })} />
              </label>
              <button type="button" className="link" aria-label={t('availability.removeWindow', { n: i + 1 })} onClick={() => setWindows(windows.filter((x) => x.key !== w.key))}>×</button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => setWindows([...windows, { key: keys++, weekday: 1, from: '09:00', to: '12:00' }])}>{t('availability.addWindow')}</button>
        <p className="hint">{t('availability.clockChange')}</p>
      </fieldset>
      <label>
        {t('availability.max')}
        <input type="number" min={1} max={40} value={max} onChange={(e) => setMax(e.target.value)} aria-describedby="max-hint" />
      </label>
      <p id="max-hint" className="hint">{t('availability.maxHint')}</p>
      <label className="checkbox">
        <input type="checkbox" checked={online} onChange={(e) => setOnline(e.target.checked)} />
        {t('availability.online')}
      </label>
      {sites.length > 0 && (
        <fieldset>
          <legend>{t('availability.sites')}</legend>
          <p className="hint">{chosenSites.length === 0 ? t('availability.anySite') : chosenSites.join(', ')}</p>
          {sites.map(({ site, inUse }) => (
            <label key={site} className="checkbox">
              <input type="checkbox" checked={chosenSites.includes(site)} onChange={(e) => setChosenSites(toggle(chosenSites, site, e.target.checked))} />
              {inUse ? site : t('availability.noRoomsLeft', { site })}
            </label>
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>{t('availability.modules')}</legend>
        <label className="checkbox">
          <input type="checkbox" checked={allModules} onChange={(e) => setAllModules(e.target.checked)} />
          {t('availability.allModules')}
        </label>
        {!allModules && (
          <>
            <p className="hint" aria-live="polite">{t('availability.chosenModules', { count: chosenModules.length })}</p>
            <label>
              {t('availability.findModule')}
              <input type="search" value={find} onChange={(e) => setFind(e.target.value)} />
            </label>
            <div className="module-choices">
              {shownModules.map((m) => (
                <label key={m.id} className="checkbox">
                  <input type="checkbox" checked={chosenModules.includes(m.id)} onChange={(e) => setChosenModules(toggle(chosenModules, m.id, e.target.checked))} />
                  {m.title}
                </label>
              ))}
            </div>
          </>
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={save.isPending}>{t('availability.save')}</button>
      {save.isSuccess && <Success>{t('availability.saved')} {t('availability.hours', { hours: save.data.hoursPerWeek })}</Success>}
      {save.error && <ErrorNotice error={save.error} />}
    </form>
  );
}
