// Ask for a log-in link by mail, or go through the organisation's single sign-on.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';

export function SignInForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const ask = useMutation({ mutationFn: (address: string) => api('POST', '/api/auth/login-link', { email: address }) });

  return (
    <section className="sign-in">
      <h2>{t('signIn.title')}</h2>
      <p>{t('signIn.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          ask.mutate(email);
        }}
      >
        <label>
          {t('signIn.email')}
          <input type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit" disabled={ask.isPending}>
          {t('signIn.send')}
        </button>
      </form>
      {ask.isSuccess && <Success>{t('signIn.sent', { email })}</Success>}
      {ask.error && <ErrorNotice error={ask.error} />}
      {/* The provider is found by the address's domain, so the link needs the address first. */}
      <p>
        {/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim()) ? (
          <a href={`/api/auth/sso/start?email=${encodeURIComponent(email.trim())}`}>{t('signIn.sso')}</a>
        ) : (
          <span className="hint">{t('signIn.ssoHint')}</span>
        )}
      </p>
    </section>
  );
}
