// The admin area, loaded on demand: figures, people, rooms, modules, settings, sessions needing a
// coach, outgoing mail, the audit log.
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useLocation } from 'react-router';
import { i18next } from '../app/i18n.ts';
import { hasRole, useMe } from '../app/me.ts';
import { NotFoundPage } from '../app/not-found-page.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { AuditPage } from './audit-page.tsx';
import { CoachAvailabilityPage, CoachesAvailabilityPage } from '../availability/coaches-availability-page.tsx';
import { CohortsArea } from '../cohorts/cohorts-area.tsx';
import { DemandPage } from '../planner/demand-page.tsx';
import { ProposalPage } from '../planner/proposal-page.tsx';
import { FeedbackPage } from '../feedback/feedback-page.tsx';
import { DashboardPage } from './dashboard-page.tsx';
import { MailPage } from './mail-page.tsx';
import { NetworkPage } from './network-page.tsx';
import { ModulesPage } from './modules-page.tsx';
import { PeoplePage } from './people-page.tsx';
import { PrivacyNoticeAdminPage } from '../privacy-notice/privacy-notice-admin-page.tsx';
import { PrivacyRecordsPage } from '../privacy/privacy-records-page.tsx';
import { ReassignPage } from './reassign-page.tsx';
import { RetentionPage } from '../retention/retention-page.tsx';
import { RoomsPage } from './rooms-page.tsx';
import { SettingsPage } from './settings-page.tsx';
import { SuggestionSetupPage } from './suggestion-setup-page.tsx';
import { TokensPage } from './tokens-page.tsx';
import { WebhooksPage } from './webhooks-page.tsx';
import { adminDe, adminEn } from './texts.ts';

i18next.addResourceBundle('en', 'translation', adminEn, true, false);
i18next.addResourceBundle('de', 'translation', adminDe, true, false);

const SECTIONS = [
  ['', 'dashboard'],
  ['people', 'people'],
  ['reassign', 'reassign'],
  ['availability', 'availability'],
  ['planner', 'planner'],
  ['rooms', 'rooms'],
  ['modules', 'modules'],
  ['settings', 'settings'],
  ['suggestions', 'suggestions'],
  ['feedback', 'feedback'],
  ['network', 'network'],
  ['cohorts', 'cohorts'],
  ['webhooks', 'webhooks'],
  ['mail', 'mail'],
  ['audit', 'audit'],
  ['privacy-notice', 'privacyNotice'],
  ['privacy', 'privacyRecords'],
  ['retention', 'retention'],
] as const;

export default function AdminArea() {
  const { t } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  const here = pathname.replace(/^\/admin\/?/, '');
  // Sections with pages below them (cohorts/…, availability/…) stay marked there.
  const nested = (path: string) => path === 'cohorts' || path === 'availability' || path === 'settings' || path === 'planner';
  const section = SECTIONS.find(([path]) => here === path || (nested(path) && here.startsWith(`${path}/`)))?.[1] ?? 'dashboard';
  usePageTitle(t(`admin.${section}`));
  if (!hasRole(me, 'admin')) return <p className="notice error" role="alert">{t('errors.FORBIDDEN')}</p>;
  return (
    <div className="admin">
      <nav className="sub-nav" aria-label={t('admin.nav')}>
        {SECTIONS.map(([path, key]) => (
          <NavLink key={key} to={`/admin${path ? `/${path}` : ''}`} end={!nested(path)}>
            {t(`admin.${key}`)}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<DashboardPage />} />
        <Route path="people" element={<PeoplePage />} />
        <Route path="reassign" element={<ReassignPage />} />
        <Route path="availability" element={<CoachesAvailabilityPage />} />
        <Route path="availability/:id" element={<CoachAvailabilityPage />} />
        <Route path="planner" element={<DemandPage />} />
        <Route path="planner/:id" element={<ProposalPage />} />
        <Route path="rooms" element={<RoomsPage />} />
        <Route path="modules" element={<ModulesPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="settings/tokens" element={<TokensPage />} />
        <Route path="suggestions" element={<SuggestionSetupPage />} />
        <Route path="feedback" element={<FeedbackPage scope="organisation" />} />
        <Route path="network" element={<NetworkPage />} />
        <Route path="cohorts/*" element={<CohortsArea />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="mail" element={<MailPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="privacy-notice" element={<PrivacyNoticeAdminPage />} />
        <Route path="privacy" element={<PrivacyRecordsPage />} />
        <Route path="retention" element={<RetentionPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
