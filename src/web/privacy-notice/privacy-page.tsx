// /privacy: the full privacy notice (Art. 13 GDPR), readable signed in or not. Signed in, it names
// the person's organisation as controller with its contact for data protection and authority, in
// their language; for a visitor it is the generic notice. Outside the signed-in frame (which would
// show the sign-in form instead), so it has a small frame of its own.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../app/api.ts';
import { i18next } from '../app/i18n.ts';
import { LanguageSwitch } from '../app/language-switch.tsx';
import { hasRole, useMeQuery } from '../app/me.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { privacyFooterDe, privacyFooterEn } from './footer-texts.ts';
import { acknowledge, extraText, PRIVACY_NOTICE_KEY, usePrivacyNotice, type PrivacyNoticeView } from './notice-query.ts';
import { privacyNoticeDe, privacyNoticeEn } from './privacy-notice-texts.ts';
import './privacy-notice.css';

i18next.addResourceBundle('en', 'translation', privacyFooterEn, true, false);
i18next.addResourceBundle('de', 'translation', privacyFooterDe, true, false);
i18next.addResourceBundle('en', 'translation', privacyNoticeEn, true, false);
i18next.addResourceBundle('de', 'translation', privacyNoticeDe, true, false);

export default function PrivacyPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('privacyNotice.title'));
  const me = useMeQuery();
  const notice = usePrivacyNotice();
  const locale = me.data?.locale;
  useEffect(() => {
    if (locale && i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);

  return (
    <>
      <header className="privacy-top">
        <Link to="/sessions">{t('privacyNotice.back')}</Link>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1} className="privacy-page">
        <h1>{t('privacyNotice.title')}</h1>
        {notice.isPending && <Loading />}
        {notice.error && <ErrorNotice error={notice.error} onRetry={() => void notice.refetch()} />}
        {notice.data && <Notice notice={notice.data} isAdmin={me.data !== undefined && hasRole(me.data, 'admin')} />}
      </main>
    </>
  );
}

function Notice({ notice, isAdmin }: { notice: PrivacyNoticeView; isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const { organisation, controller, retention, minimumPeople: minimum } = notice;
  const addition = controller ? extraText(controller, i18n.language) : '';
  return (
    <>
      <p className="summary">{organisation ? t('privacyNotice.intro', { organisation: organisation.name }) : t('privacyNotice.introGeneric')}</p>
      <Acknowledge notice={notice} />

      <section aria-labelledby="privacy-who">
        <h2 id="privacy-who">{t('privacyNotice.whoTitle')}</h2>
        {!organisation && <p>{t('privacyNotice.controllerGeneric')}</p>}
        {organisation && !controller && (
          <>
            <p>{t('privacyNotice.controllerMissing')}</p>
            {isAdmin && <p><Link to="/admin/privacy-notice">{t('privacyNotice.controllerMissingAdmin')}</Link></p>}
          </>
        )}
        {organisation && controller && (
          <>
            <p>{t('privacyNotice.controllerIntro', { organisation: organisation.name })}</p>
            <address>
              <strong>{controller.controllerName}</strong>
              {'\n'}
              {controller.controllerAddress}
            </address>
            <h3>{t('privacyNotice.contactTitle')}</h3>
            <p>
              {controller.contactName || t('privacyNotice.contactTeam')}
              {', '}
              <a href={`mailto:${controller.contactEmail}`}>{controller.contactEmail}</a>
            </p>
            <h3>{t('privacyNotice.authorityTitle')}</h3>
            <p>{controller.authorityUrl ? <a href={controller.authorityUrl} rel="noopener noreferrer">{controller.authorityName}</a> : controller.authorityName}</p>
            <p>{t('privacyNotice.hosting')}</p>
          </>
        )}
      </section>

      <section aria-labelledby="privacy-what">
        <h2 id="privacy-what">{t('privacyNotice.whatTitle')}</h2>
        <ul>
          {(['whatProfile', 'whatBookings', 'whatEncounters', 'whatRatings', 'whatSuggestions', 'whatSignIns', 'whatMails', 'whatAudit'] as const).map((key) => (
            <li key={key}>{t(`privacyNotice.${key}`)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="privacy-why">
        <h2 id="privacy-why">{t('privacyNotice.whyTitle')}</h2>
        <ul>
          <li>{t('privacyNotice.whyProgramme')}</li>
          <li>{t('privacyNotice.whySecurity')}</li>
          <li>{t('privacyNotice.whyFigures', { minimum })}</li>
          <li>{t('privacyNotice.whyChoices')}</li>
        </ul>
      </section>

      <section aria-labelledby="privacy-how-long">
        <h2 id="privacy-how-long">{t('privacyNotice.howLongTitle')}</h2>
        <ul>
          <li>{t('privacyNotice.howLongSignIns')}</li>
          <li>{t('privacyNotice.howLongMails', { count: retention.mailRecordsDays })}</li>
          <li>{t('privacyNotice.howLongBookings', { count: retention.bookingsAnonymisedMonths })}</li>
          <li>{t('privacyNotice.howLongRatings', { count: retention.ratingsAnonymisedMonths })}</li>
          <li>{t('privacyNotice.howLongAudit', { count: retention.auditEntriesYears })}</li>
          <li>{t('privacyNotice.howLongDeparted', { count: retention.deactivatedPeopleErasedMonths })}</li>
          <li>{t('privacyNotice.howLongSuggestions')}</li>
        </ul>
      </section>

      <section aria-labelledby="privacy-who-sees">
        <h2 id="privacy-who-sees">{t('privacyNotice.whoSeesTitle')}</h2>
        <ul>
          <li>{t('privacyNotice.whoSeesParticipants')}</li>
          <li>{t('privacyNotice.whoSeesCoach')}</li>
          <li>{t('privacyNotice.whoSeesAdmins')}</li>
          <li>{t('privacyNotice.whoSeesFigures', { minimum })}</li>
          <li>{t('privacyNotice.whoSeesOutside')}</li>
        </ul>
      </section>

      <section aria-labelledby="privacy-rights">
        <h2 id="privacy-rights">{t('privacyNotice.rightsTitle')}</h2>
        <ul>
          <li>{t('privacyNotice.rightsAccess')}</li>
          <li>{t('privacyNotice.rightsErasure')}</li>
          <li>{t('privacyNotice.rightsCorrection')}</li>
          <li>{t('privacyNotice.rightsObjection')}</li>
          <li>{t(controller ? 'privacyNotice.rightsComplaint' : 'privacyNotice.rightsComplaintGeneric')}</li>
        </ul>
        {organisation && <p><Link to="/profile">{t('privacyNotice.profileLink')}</Link></p>}
      </section>

      {addition && (
        <section aria-labelledby="privacy-addition">
          <h2 id="privacy-addition">{t('privacyNotice.fromOrganisation', { organisation: organisation?.name ?? '' })}</h2>
          <p className="organisation-text">{addition}</p>
        </section>
      )}

      <p className="hint">{t('privacyNotice.version', { version: notice.version })}</p>
    </>
  );
}

/** Signed in with the short notice due: reading the full one counts as well. */
function Acknowledge({ notice }: { notice: PrivacyNoticeView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const ok = useMutation({
    mutationFn: acknowledge,
    onSuccess: (acknowledgement) => client.setQueryData<PrivacyNoticeView>(PRIVACY_NOTICE_KEY, (n) => n && { ...n, acknowledgement }),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'PRIVACY_NOTICE_CHANGED') void client.invalidateQueries({ queryKey: PRIVACY_NOTICE_KEY });
    },
  });
  if (!notice.acknowledgement) return null;
  if (!notice.acknowledgement.due) return ok.isSuccess ? <Success>{t('privacyNotice.acknowledged')}</Success> : null;
  const changed = ok.error instanceof ApiError && ok.error.code === 'PRIVACY_NOTICE_CHANGED';
  return (
    <div className="actions">
      <button type="button" className="primary" disabled={ok.isPending} onClick={() => ok.mutate(notice.version)}>{t('privacyNotice.acknowledge')}</button>
      {changed && <p className="notice warning" role="alert">{t('privacyNotice.changed')}</p>}
      {ok.error && !changed && <ErrorNotice error={ok.error} />}
    </div>
  );
}
