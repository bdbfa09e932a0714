// Where a log-in link lands: /sign-in#token=…. The token sits in the fragment so it never reaches
// a server log or a Referer; it is posted once, then the address bar is cleaned and we go home.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { api } from '../app/api.ts';
import { ErrorNotice } from '../app/status.tsx';
import { SignInForm } from './sign-in-form.tsx';
import { usePageTitle } from '../app/page-title.ts';

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  usePageTitle(t('signIn.title'));
  // From the address as the router sees it, so a link opened in a tab already on /sign-in counts too.
  const [token, setToken] = useState<string | null>(null);
  const hashToken = new URLSearchParams(useLocation().hash.slice(1)).get('token');
  if (hashToken && hashToken !== token) setToken(hashToken);
  const [error, setError] = useState<unknown>(null);
  // A single sign-on that could not finish comes back here as ?error=CODE (the server's redirect).
  const refusal = new URLSearchParams(useLocation().search).get('error');
  const posted = useRef<string | null>(null);

  useEffect(() => {
    if (!token || posted.current === token) return;
    // Strict mode runs effects twice; the link works once, so post it once.
    posted.current = token;
    navigate('/sign-in', { replace: true });
    api('POST', '/api/auth/session', { token })
      .then(() => {
        // Whatever was read before signing in (a 401 for /api/me) is moot now.
        client.clear();
        navigate('/sessions', { replace: true });
      })
      .catch(setError);
  }, [token, navigate, client]);

  return (
    <main id="main" className="narrow">
      <h1>Quartet</h1>
      {refusal && !token && (
        <p className="notice error" role="alert">{i18n.exists(`errors.${refusal}`) ? t(`errors.${refusal}`) : t('signIn.ssoFailed')}</p>
      )}
      {!token && <SignInForm />}
      {token && !error && <p role="status">{t('signIn.signingIn')}</p>}
      {error !== null && (
        <>
          <ErrorNotice error={error} />
          <SignInForm />
        </>
      )}
      <p>
        <Link to="/sessions">{t('signIn.home')}</Link>
      </p>
    </main>
  );
}
