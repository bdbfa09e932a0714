// The planner's first page (/admin/planner): the demand — who, how often, how many weeks, which
// modules (some as campaigns), how much online, the working hours — and "Propose a plan", which
// opens the proposal at its own address.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { DemandBody, DemandOptions, ProposalView } from '../../features/planner/schema.ts';
import { api } from '../app/api.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { i18next } from '../app/i18n.ts';
import { plannerDe, plannerEn } from './planner-texts.ts';
import './planner.css';
import { SupplySection } from './supply-section.tsx';
import { NumberInput } from '../app/number-input.tsx';

i18next.addResourceBundle('en', 'translation', plannerEn, true, false);
i18next.addResourceBundle('de', 'translation', plannerDe, true, false);

type Campaign = { firstWeek: number; weeks: number } | undefined;

export function DemandPage() {
  const { t } = useTranslation();
  usePageTitle(t('planner.title'));
  const navigate = useNavigate();
  const options = useQuery({ queryKey: ['planner', 'options'], queryFn: () => api<DemandOptions>('GET', '/api/admin/planner/demand-options') });
  const [departments, setDepartments] = useState<string[]>([]);
  const [sites, setSites] = useState<string[]>([]);
  const [every, setEvery] = useState(1);
  const [unit, setUnit] = useState<'week' | 'month'>('month');
  const [weeks, setWeeks] = useState(8);
  const [startsOn, setStartsOn] = useState('');
  const [modules, setModules] = useState<Map<string, Campaign>>(new Map());
  const [virtualPercent, setVirtualPercent] = useState(30);
  const [from, setFrom] = useState('08:00');
  const [to, setTo] = useState('18:00');

  const propose = useMutation({
    mutationFn: () => {
      const body: DemandBody = {
        weeks, departments, sites, frequency: { every, unit }, virtualShare: virtualPercent / 100, workingHours: { from, to },
        modules: [...modules].map(([moduleId, campaign]) => (campaign ? { moduleId, campaign } : { moduleId })),
        ...(startsOn ? { startsOn } : {}),
      };
      return api<ProposalView>('POST', '/api/admin/planner/proposals', body);
    },
    onSuccess: (proposal) => void navigate(`/admin/planner/${proposal.id}`),
  });
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));
  const setModule = (id: string, value: Campaign | null) => {
    const next = new Map(modules);
    if (value === null) next.delete(id);
    else next.set(id, value);
    setModules(next);
  };

  return (
    <section className="narrow planner-demand">
      <h1>{t('planner.title')}</h1>
      <p className="hint">{t('planner.intro')}</p>
      <SupplySection />
      {options.isPending && <Loading />}
      {options.error && <ErrorNotice error={options.error} onRetry={() => void options.refetch()} />}
      {options.data && (
        <form className="stacked" onSubmit={(e) => { e.preventDefault(); propose.mutate(); }}>
          <p className={options.data.coachesWithAvailability === 0 ? 'notice' : 'hint'}>
            {options.data.coachesWithAvailability === 0 ? t('planner.noCoaches') : t('planner.coachesWithAvailability', { count: options.data.coachesWithAvailability })}
          </p>
          <fieldset>
            <legend>{t('planner.who')}</legend>
            <p className="hint">{t('planner.allHint')}</p>
            <Choices label={t('planner.departments')} values={options.data.departments} chosen={departments} onChange={(v, on) => setDepartments(toggle(departments, v, on))} />
            <Choices label={t('planner.sites')} values={options.data.sites} chosen={sites} onChange={(v, on) => setSites(toggle(sites, v, on))} />
          </fieldset>
          <fieldset>
            <legend>{t('planner.howOften')}</legend>
            <div className="inline-fields">
              <label>
                {t('planner.every')}
                <NumberInput min={1} max={12} value={every} onValue={setEvery} required />
              </label>
              <label>
                <span className="visually-hidden">{t('planner.howOften')}</span>
                <select value={unit} onChange={(e) => setUnit(e.target.value as 'week' | 'month')}>
                  <option value="week">{t('planner.unit.week')}</option>
                  <option value="month">{t('planner.unit.month')}</option>
                </select>
              </label>
            </div>
          </fieldset>
          <div className="inline-fields">
            <label>
              {t('planner.weeks')}
              <NumberInput min={1} max={26} value={weeks} onValue={setWeeks} required />
            </label>
            <label>
              {t('planner.startsOn')}
              <input type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} aria-describedby="starts-on-hint" />
              <small id="starts-on-hint" className="hint">{t('planner.startsOnHint')}</small>
            </label>
          </div>
          <fieldset>
            <legend>{t('planner.modules')}</legend>
            <p className="hint">{t('planner.modulesHint')}</p>
            {options.data.modules.map((m) => {
              const chosen = modules.has(m.id);
              const campaign = modules.get(m.id);
              return (
                <div key={m.id} className="planner-module">
                  <label className="checkbox">
                    <input type="checkbox" checked={chosen} onChange={(e) => setModule(m.id, e.target.checked ? undefined : null)} />
                    {m.title}
                  </label>
                  {chosen && (
                    <span className="inline-fields">
                      <label className="checkbox">
                        <input type="checkbox" checked={campaign !== undefined} onChange={(e) => setModule(m.id, e.target.checked ? { firstWeek: 0, weeks: 2 } : undefined)} />
                        {t('planner.campaign')}
                      </label>
                      {campaign && (
                        <>
                          <label>
                            {t('planner.campaignFrom')}
                            <NumberInput min={1} max={weeks} value={campaign.firstWeek + 1} onValue={(v) => setModule(m.id, { ...campaign, firstWeek: v - 1 })} required />
                          </label>
                          <label>
                            {t('planner.campaignWeeks')}
                            <NumberInput min={1} max={26} value={campaign.weeks} onValue={(v) => setModule(m.id, { ...campaign, weeks: v })} required />
                          </label>
                        </>
                      )}
                    </span>
                  )}
                </div>
              );
            })}
          </fieldset>
          <label>
            {t('planner.virtualShare', { percent: virtualPercent })}
            <input type="range" min={0} max={100} step={5} value={virtualPercent} onChange={(e) => setVirtualPercent(Number(e.target.value))} />
          </label>
          <fieldset>
            <legend>{t('planner.workingHours')}</legend>
            <div className="inline-fields">
              <label>
                {t('planner.from')}
                <input type="time" step={1800} value={from} onChange={(e) => setFrom(e.target.value)} required />
              </label>
              <label>
                {t('planner.to')}
                <input type="time" step={1800} value={to} onChange={(e) => setTo(e.target.value)} required />
              </label>
            </div>
          </fieldset>
          {propose.error && <ErrorNotice error={propose.error} />}
          <button type="submit" className="primary" disabled={propose.isPending}>
            {propose.isPending ? t('planner.proposing') : t('planner.propose')}
          </button>
        </form>
      )}
    </section>
  );
}

function Choices({ label, values, chosen, onChange }: { label: string; values: string[]; chosen: string[]; onChange: (value: string, on: boolean) => void }) {
  if (values.length === 0) return null;
  return (
    <fieldset className="choices">
      <legend>{label}</legend>
      {values.map((v) => (
        <label key={v} className="checkbox">
          <input type="checkbox" checked={chosen.includes(v)} onChange={(e) => onChange(v, e.target.checked)} />
          {v}
        </label>
      ))}
    </fieldset>
  );
}
