// /erase#token=…: the page the confirmation mail links to. It reads what the erasure will do (the
// token stays in the fragment, never in a request's address), shows what must happen first if
// anything, and the final button; after it, the person is signed out and sees /erased.
// Outside the frame: someone not signed in is asked to sign in and open the link again.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ErasedT, ErasurePreviewT } from '../../features/erasure/schema.ts';
import { api, ApiError } from '../app/api.ts';
import { useMeQuery } from '../app/me.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { momentLabel } from '../app/time.ts';
import './erasure-i18n.ts';
import './erasure.css';

function tokenOfLink(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

export default function ErasePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('erasure.confirmTitle'));
  const navigate = useNavigate();
  const token = tokenOfLink();
  const preview = useQuery({
    queryKey: ['me', 'erasure', token],
    queryFn: () => api<ErasurePreviewT>('POST', '/api/me/erasure/preview', { token }),
    retry: false,
  });
  const erase = useMutation({
    mutationFn: () => api<ErasedT>('POST', '/api/me/erasure', { token }),
    onSuccess: () => void navigate('/erased', { replace: true }),
  });
  // The person's own zone, as the mail that brought them here gave the deadline; the device's until it is known.
  const zone = useMeQuery().data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const p = preview.data;
  const blocked = p !== undefined && (p.upcomingSessionsCoached > 0 || p.lastAdmin);

  return (
    <main id="main" className="narrow erase-page">
      <h1>{t('erasure.confirmTitle')}</h1>
      {preview.isPending && <p role="status">{t('erasure.checking')}</p>}
      {preview.error instanceof ApiError && preview.error.status === 401 ? (
        <p>{t('erasure.signInFirst')} <Link to="/sign-in">{t('erasure.signIn')}</Link></p>
      ) : preview.error && <ErrorNotice error={preview.error} />}
      {p && (
        <>
          <ul>
            <li>{p.futureBookings > 0 ? t('erasure.willCancel', { count: p.futureBookings }) : t('erasure.noFuture')}</li>
            <li>{t('erasure.staysAnonymous', { past: p.pastBookings, ratings: p.ratings, supports: p.supports })}</li>
            <li>{t('erasure.removed')}</li>
          </ul>
          {p.upcomingSessionsCoached > 0 && <div className="notice error" role="alert"><p>{t('erasure.coachFirst', { count: p.upcomingSessionsCoached })}</p></div>}
          {p.lastAdmin && <div className="notice error" role="alert"><p>{t('erasure.adminFirst')}</p></div>}
          <p className="hint">{t('erasure.until', { until: momentLabel(p.expiresAt, zone, i18n.language) })}</p>
          <div className="actions">
            <button type="button" className="danger" disabled={blocked || erase.isPending} onClick={() => erase.mutate()}>
              {erase.isPending ? t('erasure.erasing') : t('erasure.confirm')}
            </button>
            <Link to="/profile">{t('erasure.keep')}</Link>
          </div>
          {erase.error && <ErrorNotice error={erase.error} />}
        </>
      )}
      {erase.isPending && <Loading />}
    </main>
  );
}
