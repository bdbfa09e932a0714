// The frame of every signed-in page: who is signed in, the areas their roles open, the language,
// and the page. Not signed in: the form that mails a log-in link.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { PrivacyFooter } from '../privacy-notice/privacy-footer.tsx';
import { PrivacyNoticePrompt } from '../privacy-notice/privacy-notice-prompt.tsx';
import { SignInForm } from '../sign-in/sign-in-form.tsx';
import { api, ApiError } from './api.ts';
import { ConnectionBanner } from './connection-banner.tsx';
import { ErrorBoundary } from './error-boundary.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { hasRole, MeContext, useMeQuery } from './me.ts';
import { ErrorNotice, Loading } from './status.tsx';
import type { BoardAccess, Settings } from './types.ts';

export function Layout() {
  const { t, i18n } = useTranslation();
  const me = useMeQuery();
  const { pathname } = useLocation();
  // Suggestion owners work on the board without being admins: ask once whether this person does.
  const boardAccess = useQuery({
    queryKey: ['board', 'access'],
    queryFn: () => api<BoardAccess>('GET', '/api/board/access'),
    enabled: me.data !== undefined && !hasRole(me.data, 'admin'),
    staleTime: 300_000,
  });
  // The groups' ideas are in the navigation only where the organisation opened the board to everyone.
  const settings = useQuery({
    queryKey: ['settings'],
    queryFn: () => api<Settings>('GET', '/api/settings'),
    enabled: me.data !== undefined,
    staleTime: 5 * 60_000,
  });
  const signOut = useMutation({
    mutationFn: () => api('POST', '/api/auth/logout'),
    onSuccess: () => window.location.assign('/sessions'),
  });

  // On a phone the navigation folds behind a Menu button, so the page starts on the first screen;
  // following a link folds it again.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [pathname]);
  const menuToggle = useRef<HTMLButtonElement>(null);
  // Escape folds an open menu, as it closes any disclosure, and focus returns to its button
  // rather than staying on a link that is no longer shown.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      if (menuToggle.current?.closest('header')?.contains(document.activeElement)) menuToggle.current.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const locale = me.data?.locale;
  useEffect(() => {
    if (locale && i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);

  let content: React.ReactNode;
  if (me.isPending) content = <Loading />;
  else if (me.error instanceof ApiError && me.error.status === 401) content = <SignInForm />;
  else if (me.error) content = <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  else content = <ErrorBoundary resetKey={pathname}><Outlet /></ErrorBoundary>;

  return (
    <MeContext.Provider value={me.data ?? null}>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <span className="brand">Quartet</span>
        {me.data && (
          <button type="button" className="menu-toggle" ref={menuToggle} aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((open) => !open)}>
            {t('nav.menu')}
          </button>
        )}
        {me.data && (
          <nav id="main-nav" aria-label={t('nav.label')} className={menuOpen ? 'open' : undefined}>
            <NavLink to="/sessions" end>{t('nav.sessions')}</NavLink>
            <NavLink to="/my-sessions">{t('nav.mySessions')}</NavLink>
            {hasRole(me.data, 'coach') && <NavLink to="/coach">{t('nav.coach')}</NavLink>}
            {hasRole(me.data, 'admin') && <NavLink to="/admin">{t('nav.admin')}</NavLink>}
            {(hasRole(me.data, 'admin') || boardAccess.data?.board) && <NavLink to="/board">{t('nav.board')}</NavLink>}
            {settings.data?.boardOpenToEmployees && <NavLink to="/ideas">{t('nav.ideas')}</NavLink>}
            <NavLink to="/profile">{t('nav.profile')}</NavLink>
          </nav>
        )}
        <div className={menuOpen || !me.data ? 'top-actions open' : 'top-actions'}>
          <LanguageSwitch />
          {me.data && (
            <button type="button" className="link" onClick={() => signOut.mutate()}>
              {t('nav.signOut')}
            </button>
          )}
        </div>
      </header>
      <ConnectionBanner />
      <PrivacyNoticePrompt />
      <main id="main" tabIndex={-1}>
        {content}
      </main>
      <PrivacyFooter />
    </MeContext.Provider>
  );
}
