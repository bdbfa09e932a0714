// Where the "How was it?" mail's links land: /rate#token=…&rating=N. The click is the rating: it is
// posted at once (the token sits in the fragment, so it never reaches a server log or a Referer),
// and the page then offers a comment or another choice. No sign-in needed.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, ApiError } from '../app/api.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import { browserTimeZone, dayLabel } from '../app/time.ts';
import type { MyRating } from '../app/types.ts';
import { RatingForm } from './rating-form.tsx';

export default function RatePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('rating.title'));
  const navigate = useNavigate();
  const hash = new URLSearchParams(useLocation().hash.slice(1));
  // Kept once read: the address bar is cleaned of the token right away.
  const [token] = useState(() => hash.get('token'));
  const [first] = useState(() => Number(hash.get('rating')));
  const [lang] = useState(() => hash.get('lang'));
  const posted = useRef(false);
  const rate = useMutation({
    mutationFn: (body: { rating: number; comment?: string }) => api<MyRating>('POST', '/api/ratings/by-link', { token, ...body }),
  });

  // In the mail's language, not the browser's: nobody is signed in here to say which is theirs.
  useEffect(() => {
    if ((lang === 'en' || lang === 'de') && i18n.language !== lang) void i18n.changeLanguage(lang);
  }, [lang, i18n]);

  useEffect(() => {
    // Strict mode runs effects twice; the click is one rating.
    if (posted.current || !token) return;
    posted.current = true;
    navigate('/rate', { replace: true });
    if (Number.isInteger(first) && first >= 1 && first <= 5) rate.mutate({ rating: first });
  }, [token, first, navigate, rate]);

  const saved = rate.data;
  const expired = rate.error instanceof ApiError && rate.error.code === 'LINK_INVALID';
  return (
    <main id="main" className="narrow">
      <h1>{t('rating.title')}</h1>
      {!token && <p className="notice error" role="alert">{t('rating.noLink')}</p>}
      {rate.isPending && !saved && <p role="status">{t('rating.saving')}</p>}
      {saved && (
        <>
          <Success>{t('rating.thanks', { title: saved.moduleTitle, when: dayLabel(saved.startsAt, browserTimeZone(), i18n.language) })}</Success>
          <RatingForm idPrefix="link" rating={saved.rating} comment={saved.comment} saving={rate.isPending} onSave={(v) => rate.mutate(v)} />
        </>
      )}
      {expired && <p className="notice error" role="alert">{t('rating.expired')}</p>}
      {rate.error && !expired && <ErrorNotice error={rate.error} />}
      {token && !saved && !rate.isPending && !rate.error && (
        <RatingForm idPrefix="link" rating={null} comment="" saving={false} onSave={(v) => rate.mutate(v)} />
      )}
      <p>
        <Link to="/my-sessions?view=past">{t('rating.mySessions')}</Link>
      </p>
    </main>
  );
}
