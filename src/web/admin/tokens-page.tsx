// Integration tokens, under the admin's settings: the organisation's tokens (name, scopes, created,
// last used), a new one made with its secret shown this once to copy, revoking after a question.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { NewToken, TokenList } from '../../features/tokens/schema.ts';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { i18next } from '../app/i18n.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { tokensDe, tokensEn } from './tokens-texts.ts';

i18next.addResourceBundle('en', 'translation', tokensEn, true, false);
i18next.addResourceBundle('de', 'translation', tokensDe, true, false);

type Token = z.infer<typeof TokenList>['tokens'][number];
type Scope = Token['scopes'][number];
const SCOPES: Scope[] = ['read', 'sessions', 'people:import'];
const KEY = ['admin', 'tokens'];

/** The settings page's way here. */
export function TokensLink() {
  const { t } = useTranslation();
  return (
    <p className="card">
      <Link to="/admin/settings/tokens">{t('tokens.link')}</Link>
      {' — '}
      {t('tokens.linkHint')}
    </p>
  );
}

export function TokensPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: KEY, queryFn: () => api<z.infer<typeof TokenList>>('GET', '/api/tokens').then((r) => r.tokens) });
  const [adding, setAdding] = useState(false);
  const [made, setMade] = useState<z.infer<typeof NewToken> | null>(null);
  const [asking, setAsking] = useState<Token | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (token: Token) => api<Token>('POST', `/api/tokens/${token.id}/revoke`),
    onSuccess: async (token) => {
      setAsking(null);
      setRevoked(token.name);
      await client.invalidateQueries({ queryKey: KEY });
    },
  });
  const day = new Intl.DateTimeFormat(i18n.language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium' });
  const moment = new Intl.DateTimeFormat(i18n.language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section className="tokens">
      <p><Link to="/admin/settings">← {t('admin.settings')}</Link></p>
      <h1>{t('tokens.title')}</h1>
      <p>{t('tokens.intro')}</p>
      {made && <NewSecret token={made} onDone={() => setMade(null)} />}
      {revoked && <Success>{t('tokens.revoked', { name: revoked })}</Success>}
      {tokens.isPending && <Loading />}
      {tokens.error && <ErrorNotice error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data && tokens.data.length === 0 && <p>{t('tokens.none')}</p>}
      {tokens.data && tokens.data.length > 0 && (
        <DataTable
          rows={tokens.data}
          rowKey={(x) => x.id}
          rowClassName={(x) => (x.revoked ? 'muted' : undefined)}
          columns={[
            { label: t('tokens.name'), rowHeader: true, cell: (x) => x.name },
            { label: t('tokens.scopes'), cell: (x) => x.scopes.map((s) => t(`tokens.scopeShort.${s}`)).join(', ') },
            { label: t('tokens.created'), cell: (x) => day.format(new Date(x.createdAt)) },
            { label: t('tokens.lastUsed'), cell: (x) => (x.lastUsedAt ? moment.format(new Date(x.lastUsedAt)) : t('tokens.never')) },
            {
              label: t('tokens.status'),
              cell: (x) => (x.revoked && x.revokedAt ? t('tokens.revokedOn', { date: day.format(new Date(x.revokedAt)) }) : t('tokens.active')),
            },
            {
              label: t('tokens.actions'),
              actions: true,
              cell: (x) => !x.revoked && (
                <button type="button" aria-label={t('tokens.revokeNamed', { name: x.name })} onClick={() => { setRevoked(null); revoke.reset(); setAsking(x); }}>
                  {t('tokens.revoke')}
                </button>
              ),
            },
          ]}
        />
      )}
      {asking && (
        <div className="confirm" role="alertdialog" aria-labelledby="revoke-question">
          <p id="revoke-question">{t('tokens.confirmRevoke', { name: asking.name })}</p>
          {revoke.error && <ErrorNotice error={revoke.error} />}
          <div className="inline-form">
            <button type="button" className="danger" disabled={revoke.isPending} onClick={() => revoke.mutate(asking)}>{t('tokens.confirm')}</button>
            <button type="button" onClick={() => setAsking(null)}>{t('tokens.cancel')}</button>
          </div>
        </div>
      )}
      {adding ? (
        <TokenForm
          onMade={(token) => {
            setAdding(false);
            setRevoked(null);
            setMade(token);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" className="primary" onClick={() => setAdding(true)}>{t('tokens.add')}</button>
      )}
    </section>
  );
}

function TokenForm({ onMade, onCancel }: { onMade: (token: z.infer<typeof NewToken>) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const create = useMutation({
    mutationFn: () => api<z.infer<typeof NewToken>>('POST', '/api/tokens', { name, scopes }),
    onSuccess: async (token) => {
      await client.invalidateQueries({ queryKey: KEY });
      onMade(token);
    },
  });
  return (
    <form
      className="card stacked"
      aria-labelledby="new-token-title"
      onSubmit={(ev) => {
        ev.preventDefault();
        create.mutate();
      }}
    >
      <h2 id="new-token-title">{t('tokens.add')}</h2>
      <label>
        {t('tokens.name')}
        <input value={name} onChange={(ev) => setName(ev.target.value)} required maxLength={200} placeholder={t('tokens.namePlaceholder')} />
      </label>
      <fieldset>
        <legend>{t('tokens.scopes')}</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(ev) => setScopes(ev.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
            />
            {t(`tokens.scopeNames.${scope}`)}
          </label>
        ))}
      </fieldset>
      {create.error && <ErrorNotice error={create.error} />}
      <div className="inline-form">
        <button type="submit" className="primary" disabled={create.isPending || scopes.length === 0 || name.trim() === ''}>{t('tokens.create')}</button>
        <button type="button" onClick={onCancel}>{t('tokens.cancel')}</button>
      </div>
    </form>
  );
}

/** The secret, this once: the API never shows it again. */
function NewSecret({ token, onDone }: { token: z.infer<typeof NewToken>; onDone: () => void }) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<'copied' | 'failed' | null>(null);
  return (
    <section className="card new-secret" aria-labelledby="new-secret-title">
      <h2 id="new-secret-title">{t('tokens.secretTitle', { name: token.name })}</h2>
      <p>{t('tokens.secretOnce')}</p>
      <div className="field-row">
        <label htmlFor="new-secret">{t('tokens.secretLabel')}</label>
        <input id="new-secret" readOnly value={token.token} onFocus={(ev) => ev.currentTarget.select()} />
        <button
          type="button"
          onClick={() => void (navigator.clipboard ? navigator.clipboard.writeText(token.token) : Promise.reject(new Error('no clipboard')))
            .then(() => setCopy('copied'), () => setCopy('failed'))}
        >
          {t('tokens.copy')}
        </button>
      </div>
      {copy === 'copied' && <Success>{t('tokens.copied')}</Success>}
      {copy === 'failed' && <p className="notice error" role="alert">{t('tokens.copyFailed')}</p>}
      <button type="button" onClick={onDone}>{t('tokens.done')}</button>
    </section>
  );
}
