// The coach area, loaded on demand: sessions with rosters, and publishing.
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { i18next } from '../app/i18n.ts';
import { hasRole, useMe } from '../app/me.ts';
import { NotFoundPage } from '../app/not-found-page.tsx';
import { FeedbackPage } from '../feedback/feedback-page.tsx';
import { CoachSessionsPage } from './coach-sessions-page.tsx';
import { MyAvailabilityPage } from '../availability/my-availability-page.tsx';
import { PublishPage } from './publish-page.tsx';
import { coachDe, coachEn } from './texts.ts';

i18next.addResourceBundle('en', 'translation', coachEn, true, false);
i18next.addResourceBundle('de', 'translation', coachDe, true, false);

export default function CoachArea() {
  const { t } = useTranslation();
  const me = useMe();
  if (!hasRole(me, 'coach') && !hasRole(me, 'admin')) return <p className="notice error" role="alert">{t('errors.FORBIDDEN')}</p>;
  return (
    <Routes>
      <Route index element={<CoachSessionsPage />} />
      <Route path="publish" element={<PublishPage />} />
      <Route path="availability" element={<MyAvailabilityPage />} />
      <Route path="feedback" element={<FeedbackPage scope="coach" />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
