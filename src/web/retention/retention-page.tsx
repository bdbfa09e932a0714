// Retention (/admin/retention): each rule in plain language with its setting, what tonight's run
// will remove or anonymise (counted by the run's own rules), and what the runs did.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { RetentionOverview } from '../../features/retention/schema.ts';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { i18next } from '../app/i18n.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { dayLabel, timeLabel } from '../app/time.ts';
import { retentionDe, retentionEn } from './retention-texts.ts';
import { NumberInput } from '../app/number-input.tsx';

i18next.addResourceBundle('en', 'translation', retentionEn, true, false);
i18next.addResourceBundle('de', 'translation', retentionDe, true, false);

type Overview = z.infer<typeof RetentionOverview>;
type Settings = Overview['settings'];
type RuleCount = Overview['nextRun']['rules'][number];
type Run = Overview['runs'][number];

/** The rules that have a setting, its unit and bounds (the API checks them again). */
const SETTING: Partial<Record<RuleCount['rule'], { key: keyof Settings; unit: 'days' | 'months' | 'years'; min: number; max: number }>> = {
  mail_records: { key: 'mailDays', unit: 'days', min: 7, max: 730 },
  webhook_events: { key: 'webhookDays', unit: 'days', min: 7, max: 365 },
  rating_comments: { key: 'ratingsMonths', unit: 'months', min: 6, max: 120 },
  bookings_anonymised: { key: 'bookingsMonths', unit: 'months', min: 6, max: 120 },
  departed_people: { key: 'departedMonths', unit: 'months', min: 1, max: 120 },
  audit_entries: { key: 'auditYears', unit: 'years', min: 1, max: 10 },
};

const KEY = ['admin', 'retention'];

export function RetentionPage() {
  const { t } = useTranslation();
  const overview = useQuery({ queryKey: KEY, queryFn: () => api<Overview>('GET', '/api/admin/retention') });
  const data = overview.data;
  return (
    <section className="retention">
      <h1>{t('retention.title')}</h1>
      <p className="hint">{t('retention.intro')}</p>
      {overview.isPending && <Loading />}
      {overview.error && <ErrorNotice error={overview.error} onRetry={() => void overview.refetch()} />}
      {data && (
        <>
          <NextRun next={data.nextRun} />
          <RulesForm settings={data.settings} rules={data.nextRun.rules} />
          <RunHistory runs={data.runs} />
        </>
      )}
    </section>
  );
}

function useEffectText() {
  const { t, i18n } = useTranslation();
  const numbers = new Intl.NumberFormat(i18n.language.startsWith('de') ? 'de-DE' : 'en-GB');
  return (r: RuleCount) => t(`retention.effect.${r.rule}`, { count: r.rows ?? 0, n: numbers.format(r.rows ?? 0) });
}

function NextRun({ next }: { next: Overview['nextRun'] }) {
  const { t } = useTranslation();
  const me = useMe();
  const effect = useEffectText();
  const when = { day: dayLabel(next.at, me.timeZone, me.locale), time: timeLabel(next.at, me.timeZone, me.locale) };
  const due = next.rules.filter((r) => (r.rows ?? 0) > 0);
  return (
    <section aria-labelledby="retention-next">
      <h2 id="retention-next">{t('retention.nextTitle')}</h2>
      {due.length === 0 ? (
        <p className="notice">{t('retention.nothingDue', when)}</p>
      ) : (
        <>
          <p>{t('retention.nextWhen', when)}</p>
          <ul>
            {due.map((r) => <li key={r.rule}>{effect(r)}</li>)}
          </ul>
        </>
      )}
      <p className="hint">{t('retention.kept')}</p>
    </section>
  );
}

function RulesForm({ settings, rules }: { settings: Settings; rules: RuleCount[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Settings>(settings);
  useEffect(() => setDraft(settings), [settings]);
  const save = useMutation({
    mutationFn: (body: Settings) => api<Overview>('PUT', '/api/admin/retention', body),
    onSuccess: (saved) => client.setQueryData(KEY, saved),
  });
  return (
    <section aria-labelledby="retention-rules">
      <h2 id="retention-rules">{t('retention.rulesTitle')}</h2>
      <form
        className="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(draft);
        }}
      >
        {rules.map((r) => {
          const setting = SETTING[r.rule];
          const text = t(`retention.rule.${r.rule}`);
          if (!setting) {
            return (
              <p key={r.rule}>
                {text} {r.rows === null && <span className="hint">({t('retention.notWired')})</span>}
              </p>
            );
          }
          return (
            <label key={r.rule}>
              {text} {r.rows === null && <span className="hint">({t('retention.notWired')})</span>}
              <span>
                <NumberInput
                  inputMode="numeric"
                  min={setting.min}
                  max={setting.max}
                  step={1}
                  value={draft[setting.key]}
                  onValue={(v) => setDraft({ ...draft, [setting.key]: v })}
                  required
                />{' '}
                {t(`retention.${setting.unit}`, { count: draft[setting.key] })}
              </span>
            </label>
          );
        })}
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('retention.save')}
        </button>
        {save.isSuccess && <Success>{t('retention.saved')}</Success>}
        {save.error && <ErrorNotice error={save.error} />}
      </form>
    </section>
  );
}

function RunHistory({ runs }: { runs: Run[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const effect = useEffectText();
  return (
    <section aria-labelledby="retention-history">
      <h2 id="retention-history">{t('retention.historyTitle')}</h2>
      {runs.length === 0 ? (
        <p className="notice">{t('retention.noRuns')}</p>
      ) : (
        <DataTable
          rows={runs}
          rowKey={(run) => run.id}
          columns={[
            { label: t('retention.ranAt'), rowHeader: true, cell: (run) => `${dayLabel(run.ranAt, me.timeZone, me.locale)}, ${timeLabel(run.ranAt, me.timeZone, me.locale)}` },
            {
              label: t('retention.touched'),
              cell: (run) => {
                const done = run.rules.filter((r) => (r.rows ?? 0) > 0);
                return done.length === 0 ? t('retention.nothing') : done.map((r) => effect(r)).join('; ');
              },
            },
          ]}
        />
      )}
    </section>
  );
}
