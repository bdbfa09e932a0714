// Ask for a log-in link by mail, or go through the organisation's single sign-on — offered only once
// the address is typed and its organisation has single sign-on set up.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';

export function SignInForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const ask = useMutation({ mutationFn: (address: string) => api('POST', '/api/auth/login-link', { email: address }) });
  const address = useSettled(email.trim().toLowerCase(), 400);
  const sso = useQuery({
    queryKey: ['sso-available', address],
    enabled: ADDRESS.test(address),
    staleTime: 10 * 60_000,
    retry: false,
    queryFn: () => api<{ available: boolean }>('GET', `/api/auth/sso/available?email=${encodeURIComponent(address)}`),
  });

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
      {sso.data?.available && address === email.trim().toLowerCase() && (
        <p>
          <a href={`/api/auth/sso/start?email=${encodeURIComponent(address)}`}>{t('signIn.sso')}</a>
        </p>
      )}
    </section>
  );
}

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The value once it has stopped changing for `ms`: one lookup per address typed, not per key. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
