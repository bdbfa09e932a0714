// The operator's area at /operator: the organisations on this deployment with their size, creating
// one with its first admin, suspending and resuming. The operator is no person of any organisation,
// so this page stands outside the signed-in frame and authenticates each call with the operator
// token, kept in sessionStorage: it leaves with the tab and is never sent as a cookie.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Organisation, OrganisationCreated, OrganisationList } from '../../features/organisations/schema.ts';
import { api, ApiError } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { i18next } from '../app/i18n.ts';
import { LanguageSwitch } from '../app/language-switch.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { browserTimeZone, dayLabel } from '../app/time.ts';
import { operatorDe, operatorEn } from './operator-texts.ts';

i18next.addResourceBundle('en', 'translation', operatorEn, true, false);
i18next.addResourceBundle('de', 'translation', operatorDe, true, false);

type Org = z.infer<typeof Organisation>;
const TOKEN_KEY = 'quartet.operatorToken';

export default function OperatorPage() {
  const { t } = useTranslation();
  usePageTitle(t('operator.title'));
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY));
  const close = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
  };
  const open = (value: string) => {
    sessionStorage.setItem(TOKEN_KEY, value);
    setToken(value);
  };
  return (
    <main id="main" className="operator">
      <div className="operator-head">
        <h1>{t('operator.title')}</h1>
        <LanguageSwitch />
      </div>
      <p className="hint">{t('operator.intro')}</p>
      {token ? <Organisations token={token} onClose={close} onToken={open} /> : <TokenForm onToken={open} />}
    </main>
  );
}

function TokenForm({ onToken }: { onToken: (token: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  return (
    <form className="stack" onSubmit={(e) => { e.preventDefault(); if (value.trim()) onToken(value.trim()); }}>
      <label>
        {t('operator.token')}
        <input type="password" autoComplete="off" required value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" className="primary">{t('operator.signIn')}</button>
    </form>
  );
}

function Organisations({ token, onClose, onToken }: { token: string; onClose: () => void; onToken: (token: string) => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const auth = { authorization: `Bearer ${token}` };
  const [done, setDone] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['operator', 'organisations', token],
    queryFn: () => api<z.infer<typeof OrganisationList>>('GET', '/api/operator/organisations', undefined, auth).then((r) => r.organisations),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const change = useMutation({
    mutationFn: ({ org, action }: { org: Org; action: 'suspend' | 'resume' }) => api<Org>('POST', `/api/operator/organisations/${org.id}/${action}`, undefined, auth),
    onSuccess: (org) => {
      setDone(t(org.status === 'suspended' ? 'operator.suspendedDone' : 'operator.resumedDone', { name: org.name }));
      void client.invalidateQueries({ queryKey: ['operator', 'organisations'] });
    },
  });

  // A refused token leaves the field in place, empty, for the next try.
  if (list.error instanceof ApiError && list.error.status === 401) {
    return (
      <>
        <p className="notice error" role="alert">{t('operator.badToken')}</p>
        <TokenForm onToken={onToken} />
      </>
    );
  }
  const tz = browserTimeZone();
  return (
    <>
      <p><button type="button" className="link" onClick={onClose}>{t('operator.signOut')}</button></p>
      <section aria-labelledby="orgs-title">
        <h2 id="orgs-title">{t('operator.organisations')}</h2>
        {done && <Success>{done}</Success>}
        {change.error && <ErrorNotice error={change.error} />}
        {list.isPending ? <Loading /> : list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : list.data.length === 0 ? <p>{t('operator.none')}</p> : (
          <DataTable
            rows={list.data}
            rowKey={(o) => o.id}
            columns={[
              { label: t('operator.name'), rowHeader: true, cell: (o) => <>{o.name} <span className="hint">({o.slug})</span></> },
              { label: t('operator.status'), cell: (o) => t(`operator.${o.status}`) },
              { label: t('operator.people'), cell: (o) => o.activePeople.toLocaleString(i18n.language) },
              { label: t('operator.admins'), cell: (o) => o.admins },
              { label: t('operator.created'), cell: (o) => dayLabel(o.createdAt, tz, i18n.language) },
              {
                label: t('operator.actions'), actions: true,
                cell: (o) => o.status === 'active' ? (
                  <button type="button" disabled={change.isPending} onClick={() => { if (window.confirm(t('operator.confirmSuspend', { name: o.name }))) change.mutate({ org: o, action: 'suspend' }); }}>
                    {t('operator.suspend')}
                  </button>
                ) : (
                  <button type="button" disabled={change.isPending} onClick={() => change.mutate({ org: o, action: 'resume' })}>{t('operator.resume')}</button>
                ),
              },
            ]}
          />
        )}
      </section>
      <CreateOrganisation auth={auth} />
    </>
  );
}

function CreateOrganisation({ auth }: { auth: Record<string, string> }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const empty = { name: '', slug: '', timeZone: browserTimeZone(), adminEmail: '', adminName: '' };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: () => api<z.infer<typeof OrganisationCreated>>('POST', '/api/operator/organisations', form, auth),
    onSuccess: () => {
      setForm(empty);
      void client.invalidateQueries({ queryKey: ['operator', 'organisations'] });
    },
  });
  // A refusal names its fields in the notice above the form (ErrorNotice), in the reader's language.
  const field = (key: keyof typeof form, label: string, type = 'text', hint?: string) => (
    <label>
      {label}
      <input type={type} required value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
      {hint && <span className="hint">{hint}</span>}
    </label>
  );
  return (
    <section aria-labelledby="create-org-title">
      <h2 id="create-org-title">{t('operator.create')}</h2>
      {create.data && <Success>{t('operator.created_one', { name: create.data.organisation.name, email: create.data.admin.email })}</Success>}
      {create.error && <ErrorNotice error={create.error} labels={{ name: t('operator.name'), slug: t('operator.slug'), timeZone: t('operator.timeZone'), adminEmail: t('operator.adminEmail'), adminName: t('operator.adminName') }} />}
      <form className="stack" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        {field('name', t('operator.name'))}
        {field('slug', t('operator.slug'), 'text', t('operator.slugHint'))}
        {field('timeZone', t('operator.timeZone'))}
        {field('adminEmail', t('operator.adminEmail'), 'email')}
        {field('adminName', t('operator.adminName'))}
        <button type="submit" className="primary" disabled={create.isPending}>{t('operator.createButton')}</button>
      </form>
    </section>
  );
}
