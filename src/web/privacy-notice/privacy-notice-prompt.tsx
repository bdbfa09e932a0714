// The short privacy notice after signing in: shown until the person presses OK, and again when
// the notice's version changes (the organisation changed its details materially, or the wording
// changed). A non-modal dialog in the page's flow, above the page: it covers nothing, so the
// page stays usable by keyboard and screen reader. It takes focus once per visit (the first page
// it shows on, and only from the page itself, never from a field being filled in): every later
// page keeps its own focus order, skip link and navigation first. "Not now" (or Escape) hides it
// until Quartet is next opened — this tab's session, not just this page — and closing it gives
// focus back.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../app/api.ts';
import { i18next } from '../app/i18n.ts';
import { MeContext } from '../app/me.ts';
import { ErrorNotice } from '../app/status.tsx';
import { privacyFooterDe, privacyFooterEn } from './footer-texts.ts';
import { acknowledge, PRIVACY_NOTICE_KEY, usePrivacyNotice, type PrivacyNoticeView } from './notice-query.ts';
import './privacy-notice.css';

i18next.addResourceBundle('en', 'translation', privacyFooterEn, true, false);
i18next.addResourceBundle('de', 'translation', privacyFooterDe, true, false);

// Per tab, so a new visit shows the notice again; storage refused (private modes) only means the
// notice behaves as on a first page.
const HIDDEN_KEY = 'quartet.privacyNotice.hiddenVersion';
const FOCUSED_KEY = 'quartet.privacyNotice.focusedVersion';

function remembered(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, version: string) {
  try {
    sessionStorage.setItem(key, version);
  } catch {
    // Not kept: the notice shows (or takes focus) again on the next page, as before.
  }
}

export function PrivacyNoticePrompt() {
  const { t } = useTranslation();
  const me = useContext(MeContext);
  const notice = usePrivacyNotice(me !== null);
  const client = useQueryClient();
  const [hidden, setHidden] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const focusBefore = useRef<HTMLElement | null>(null);
  const version = notice.data?.version;
  const due = me !== null && !hidden && notice.data?.acknowledgement?.due === true && remembered(HIDDEN_KEY) !== version;

  useEffect(() => {
    if (!due || !version || remembered(FOCUSED_KEY) === version) return;
    const active = document.activeElement;
    if (active === null || active === document.body || active.id === 'main') {
      focusBefore.current = active instanceof HTMLElement && active !== document.body ? active : null;
      box.current?.focus();
      remember(FOCUSED_KEY, version);
    }
  }, [due, version]);

  const close = () => {
    // Focus inside the dialog would fall to the document's start once it is gone.
    if (box.current?.contains(document.activeElement)) (focusBefore.current ?? document.getElementById('main'))?.focus();
    focusBefore.current = null;
    setHidden(true);
  };
  const notNow = () => {
    if (version) remember(HIDDEN_KEY, version);
    close();
  };

  const ok = useMutation({
    mutationFn: acknowledge,
    onSuccess: (acknowledgement) => {
      client.setQueryData<PrivacyNoticeView>(PRIVACY_NOTICE_KEY, (n) => n && { ...n, acknowledgement });
      close();
    },
    // The notice changed since it was shown: show the current one, to be acknowledged in turn.
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'PRIVACY_NOTICE_CHANGED') void notice.refetch();
    },
  });

  if (!due || !notice.data) return null;
  const { controller, minimumPeople, acknowledgement } = notice.data;
  const changed = acknowledgement?.seenVersion != null;
  return (
    <div className="privacy-prompt-wrap">
      <div
        className="privacy-prompt"
        role="dialog"
        aria-modal="false"
        aria-labelledby="privacy-prompt-title"
        aria-describedby="privacy-prompt-text"
        tabIndex={-1}
        ref={box}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            notNow();
          }
        }}
      >
        <p id="privacy-prompt-title" className="privacy-prompt-title">{t(changed ? 'privacyNotice.promptTitleChanged' : 'privacyNotice.promptTitle')}</p>
        <div id="privacy-prompt-text">
          {changed && <p>{t('privacyNotice.promptChanged')}</p>}
          <p>{t('privacyNotice.promptKeeps')} {t('privacyNotice.promptHidden', { minimum: minimumPeople })}</p>
          <p>{t('privacyNotice.promptRights')}</p>
          {controller && <p>{t('privacyNotice.promptController', { controller: controller.controllerName, email: controller.contactEmail })}</p>}
        </div>
        <div className="actions">
          <button type="button" className="primary" disabled={ok.isPending} onClick={() => ok.mutate(notice.data.version)}>
            {t('privacyNotice.promptOk')}
          </button>
          <button type="button" onClick={notNow}>
            {t('privacyNotice.promptLater')}
          </button>
          <Link to="/privacy">{t('privacyNotice.promptReadMore')}</Link>
        </div>
        {ok.error && !(ok.error instanceof ApiError && ok.error.code === 'PRIVACY_NOTICE_CHANGED') && <ErrorNotice error={ok.error} />}
        <p className="hint">{t('privacyNotice.promptHint')}</p>
      </div>
    </div>
  );
}
