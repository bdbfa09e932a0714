// The program's rules and single sign-on.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { NumberInput } from '../app/number-input.tsx';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import type { Settings, SsoSettings } from '../app/types.ts';
import { useSettings } from '../app/settings.ts';
import { TokensLink } from './tokens-page.tsx';

// The bounds the API holds them to (organisations/schema.ts), so the browser says them first.
const NUMBERS = {
  defaultCapacity: [1, 50], maxFutureBookings: [1, 100], cancellationCutoffMinutes: [0, 20160], reminderHoursBefore: [1, 168],
  sessionIdleMinutes: [5, 43200], sessionAbsoluteHours: [1, 8760], suggestionWindowDays: [0, 60],
} as const;
const LABELLED = [...Object.keys(NUMBERS), 'defaultTimeZone', 'mixingRepeatMonths', 'mixingSlackWeeks', 'waitlistOfferHours', 'cohortSearchSeconds'];

export function SettingsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const settings = useSettings();
  const [draft, setDraftState] = useState<Settings | null>(null);
  useEffect(() => {
    if (settings.data && !draft) setDraftState(settings.data);
  }, [settings.data, draft]);
  const save = useMutation({
    mutationFn: (body: Settings) => api<Settings>('PATCH', '/api/settings', body),
    onSuccess: (saved) => {
      client.setQueryData(['settings'], saved);
      setDraftState(saved);
    },
  });
  // "Saved." speaks of the last save; an edit after it makes it untrue. A refusal stays until the next
  // save, as the list of what to fix.
  const setDraft = (next: Settings) => {
    if (save.isSuccess) save.reset();
    setDraftState(next);
  };
  const labels = Object.fromEntries(LABELLED.map((key) => [key, t(`settings.${key}`)]));

  return (
    <section className="narrow">
      <h1>{t('settings.title')}</h1>
      <TokensLink />
      {settings.isPending && <Loading />}
      {settings.error && <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />}
      {draft && (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(draft);
          }}
        >
          {Object.entries(NUMBERS).map(([key, [min, max]]) => (
            <label key={key}>
              {t(`settings.${key}`)}
              <NumberInput min={min} max={max} value={draft[key as keyof typeof NUMBERS]} onValue={(v) => setDraft({ ...draft, [key]: v })} required />
            </label>
          ))}
          <label className="checkbox">
            <input type="checkbox" checked={draft.participantsVisible} onChange={(e) => setDraft({ ...draft, participantsVisible: e.target.checked })} />
            {t('settings.participantsVisible')}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={draft.participantsAddSuggestions} onChange={(e) => setDraft({ ...draft, participantsAddSuggestions: e.target.checked })} />
            {t('settings.participantsAddSuggestions')}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={draft.boardOpenToEmployees} onChange={(e) => setDraft({ ...draft, boardOpenToEmployees: e.target.checked })} />
            {t('settings.boardOpenToEmployees')}
          </label>
          <fieldset>
            <legend>{t('settings.mixingTitle')}</legend>
            {(['off', 'recommend', 'avoid_repeats'] as const).map((m) => (
              <label key={m} className="checkbox">
                <input type="radio" name="mixing" value={m} checked={draft.mixing === m} onChange={() => setDraft({ ...draft, mixing: m })} />
                {t(`settings.mixing.${m}`)}
              </label>
            ))}
            {draft.mixing === 'avoid_repeats' && (
              <>
                <label>
                  {t('settings.mixingRepeatMonths')}
                  <NumberInput min={1} max={36} value={draft.mixingRepeatMonths} onValue={(v) => setDraft({ ...draft, mixingRepeatMonths: v })} required />
                </label>
                <label>
                  {t('settings.mixingSlackWeeks')}
                  <NumberInput min={1} max={26} value={draft.mixingSlackWeeks} onValue={(v) => setDraft({ ...draft, mixingSlackWeeks: v })} required />
                </label>
              </>
            )}
          </fieldset>
          <fieldset>
            <legend>{t('settings.waitlistTitle')}</legend>
            {(['automatic', 'offer'] as const).map((m) => (
              <label key={m} className="checkbox">
                <input type="radio" name="waitlistMode" value={m} checked={draft.waitlistMode === m} onChange={() => setDraft({ ...draft, waitlistMode: m })} />
                {t(`settings.waitlistMode.${m}`)}
              </label>
            ))}
            {draft.waitlistMode === 'offer' && (
              <label>
                {t('settings.waitlistOfferHours')}
                <NumberInput
                  min={1}
                  max={72}
                  value={draft.waitlistOfferHours}
                  onValue={(v) => setDraft({ ...draft, waitlistOfferHours: v })}
                  aria-describedby="waitlist-offer-hint"
                  required
                />
              </label>
            )}
            {draft.waitlistMode === 'offer' && <p className="hint" id="waitlist-offer-hint">{t('settings.waitlistOfferHint')}</p>}
          </fieldset>
          <label>
            {t('settings.cohortSearchSeconds')}
            <NumberInput
              min={1}
              max={60}
              value={draft.cohortSearchSeconds}
              onValue={(v) => setDraft({ ...draft, cohortSearchSeconds: v })}
              aria-describedby="cohort-search-hint"
              required
            />
          </label>
          <p className="hint" id="cohort-search-hint">{t('settings.cohortSearchHint')}</p>
          <label>
            {t('settings.defaultTimeZone')}
            <input value={draft.defaultTimeZone} onChange={(e) => setDraft({ ...draft, defaultTimeZone: e.target.value })} required />
          </label>
          <button type="submit" className="primary" disabled={save.isPending}>
            {t('settings.save')}
          </button>
          {save.isSuccess && <Success>{t('settings.saved')}</Success>}
          {save.error && <ErrorNotice error={save.error} labels={labels} />}
        </form>
      )}
      <SsoSettingsForm />
    </section>
  );
}

function SsoSettingsForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const sso = useQuery({ queryKey: ['sso-settings'], queryFn: () => api<SsoSettings>('GET', '/api/sso-settings') });
  const [issuer, setIssuer] = useState<string | null>(null);
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const [domains, setDomains] = useState('');
  const [createPeople, setCreatePeople] = useState(false);
  const [loginLinkAllowed, setLoginLinkAllowed] = useState(true);
  useEffect(() => {
    if (sso.data && issuer === null) {
      setIssuer(sso.data.issuer ?? '');
      setClientId(sso.data.clientId ?? '');
      setDomains(sso.data.allowedDomains.join(', '));
      setCreatePeople(sso.data.createPeople);
      setLoginLinkAllowed(sso.data.loginLinkAllowed);
    }
  }, [sso.data, issuer]);
  const save = useMutation({
    mutationFn: () =>
      api<SsoSettings>('PUT', '/api/sso-settings', {
        issuer: issuer?.trim() || null,
        clientId: issuer?.trim() ? clientId.trim() : null,
        ...(secret && { clientSecret: secret }),
        allowedDomains: domains.split(',').map((d) => d.trim()).filter(Boolean),
        createPeople,
        loginLinkAllowed,
      }),
    onSuccess: (saved) => {
      setSecret('');
      // The saved answer carries each domain's status (a new one is pending).
      client.setQueryData(['sso-settings'], saved);
    },
  });
  return (
    <section aria-labelledby="sso-title">
      <h2 id="sso-title">{t('settings.ssoTitle')}</h2>
      {sso.isPending && <Loading />}
      {sso.error && <ErrorNotice error={sso.error} />}
      {sso.data && (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <p className="hint">{t('settings.callback', { url: sso.data.callbackUrl })}</p>
          <label>
            {t('settings.issuer')}
            <input type="url" value={issuer ?? ''} onChange={(e) => setIssuer(e.target.value)} />
          </label>
          <label>
            {t('settings.clientId')}
            <input value={clientId} onChange={(e) => setClientId(e.target.value)} />
          </label>
          <label>
            {t('settings.clientSecret')}
            <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" />
          </label>
          {sso.data.clientSecretSet && <p className="hint">{t('settings.secretSet')}</p>}
          <label>
            {t('settings.allowedDomains')}
            <input value={domains} onChange={(e) => setDomains(e.target.value)} aria-describedby="sso-domains-hint" />
          </label>
          <p className="hint" id="sso-domains-hint">{t('settings.domainsHint')}</p>
          {sso.data.domains.length > 0 && <DomainStatusList domains={sso.data.domains} />}
          <label className="checkbox">
            <input type="checkbox" checked={createPeople} onChange={(e) => setCreatePeople(e.target.checked)} />
            {t('settings.createPeople')}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={loginLinkAllowed} onChange={(e) => setLoginLinkAllowed(e.target.checked)} />
            {t('settings.loginLinkAllowed')}
          </label>
          <button type="submit" disabled={save.isPending}>
            {t('settings.saveSso')}
          </button>
          {save.isSuccess && <Success>{t('settings.saved')}</Success>}
          {save.error && <ErrorNotice error={save.error} />}
        </form>
      )}
    </section>
  );
}

const STATUS_BADGE: Record<SsoSettings['domains'][number]['status'], string> = { pending: 'badge', approved: 'badge seats', rejected: 'badge cancelled' };

/** Each saved domain with the operator's decision: only approved ones sign people in. */
function DomainStatusList({ domains }: { domains: SsoSettings['domains'] }) {
  const { t } = useTranslation();
  return (
    <ul aria-label={t('settings.domainsTitle')}>
      {domains.map((d) => (
        <li key={d.domain}>
          {d.domain} <span className={STATUS_BADGE[d.status]}>{t(`settings.domainStatus.${d.status}`)}</span>
        </li>
      ))}
    </ul>
  );
}
