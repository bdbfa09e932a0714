// Profile: name, department, time zone and language. Times everywhere follow the zone chosen here.
// Below, the person's own network this year: how many colleagues, from how many departments (counts
// only, never names).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ME_KEY, useMe } from '../app/me.ts';
import { CalendarSection } from '../own-calendar/calendar-section.tsx';
import { DataExportSection } from '../data-export/data-export-section.tsx';
import { ErasureSection } from '../erasure/erasure-section.tsx';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { browserTimeZone, timeZones } from '../app/time.ts';
import type { Locale, Me, MyNetwork } from '../app/types.ts';
import { usePageTitle } from '../app/page-title.ts';

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  usePageTitle(t('profile.title'));
  const client = useQueryClient();
  const [name, setName] = useState(me.name);
  const [department, setDepartment] = useState(me.department ?? '');
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const [locale, setLocale] = useState<Locale>(me.locale);
  const [digest, setDigest] = useState(me.suggestionDigest);
  const zones = timeZones();

  const save = useMutation({
    // The zone only when it changed: one kept from before the API checked zones strictly would
    // otherwise refuse every other change.
    mutationFn: () => api<Me>('PATCH', '/api/me', { name, department: department.trim() || null, ...(timeZone !== me.timeZone && { timeZone }), locale, suggestionDigest: digest }),
    onSuccess: async (updated) => {
      client.setQueryData(ME_KEY, updated);
      await i18n.changeLanguage(updated.locale);
      // Every time shown so far was in the old zone.
      await client.invalidateQueries({ queryKey: ['sessions'] });
      await client.invalidateQueries({ queryKey: ['bookings'] });
    },
  });

  return (
    <section className="narrow">
      <h1>{t('profile.title')}</h1>
      <p>
        {me.email} · {me.organisation.name}
        {me.site && ` · ${me.site}`}
      </p>
      <form
        className="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label>
          {t('profile.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoComplete="name" />
        </label>
        <label>
          {t('profile.department')}
          <input value={department} onChange={(e) => setDepartment(e.target.value)} maxLength={200} />
        </label>
        <label>
          {t('profile.timeZone')}
          <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {(zones.includes(timeZone) ? zones : [timeZone, ...zones]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        {timeZone !== browserTimeZone() && (
          <p className="hint">
            {t('profile.browserZone', { zone: browserTimeZone() })}{' '}
            <button type="button" className="link" onClick={() => setTimeZone(browserTimeZone())}>
              {t('profile.useBrowserZone')}
            </button>
          </p>
        )}
        <label>
          {t('profile.language')}
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            <option value="en">English</option>
            <option value="de">Deutsch</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={digest} onChange={(e) => setDigest(e.target.checked)} />
          {t('profile.digest')}
        </label>
        <p className="hint">{t('profile.digestHint')}</p>
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('profile.save')}
        </button>
      </form>
      {save.isSuccess && <Success>{t('profile.saved')}</Success>}
      {save.error && <ErrorNotice error={save.error} />}
      <CalendarSection />
      <MyNetworkSummary />
      <DataExportSection />
      <ErasureSection />
    </section>
  );
}

function MyNetworkSummary() {
  const { t } = useTranslation();
  const network = useQuery({ queryKey: ['me', 'network'], queryFn: () => api<MyNetwork>('GET', '/api/me/network') });
  const data = network.data;
  const sentence = (n: MyNetwork) => {
    if (n.colleagues === 0) return t('profile.networkNone');
    const colleagues = t('profile.colleagues', { count: n.colleagues });
    if (n.departments === 0) return t('profile.networkNoDepartments', { colleagues });
    return t('profile.network', { colleagues, departments: t('profile.departments', { count: n.departments }) });
  };
  return (
    <section className="my-network" aria-labelledby="my-network-title">
      <h2 id="my-network-title">{t('profile.networkTitle')}</h2>
      {network.isPending && <Loading />}
      {network.error && <ErrorNotice error={network.error} onRetry={() => void network.refetch()} />}
      {data && <p>{sentence(data)}</p>}
    </section>
  );
}
