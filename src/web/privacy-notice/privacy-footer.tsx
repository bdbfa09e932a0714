// The footer of every page in the frame: the link to the full privacy notice (readable signed out
// too, so it is also under the sign-in form).
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { i18next } from '../app/i18n.ts';
import { privacyFooterDe, privacyFooterEn } from './footer-texts.ts';
import './privacy-notice.css';

i18next.addResourceBundle('en', 'translation', privacyFooterEn, true, false);
i18next.addResourceBundle('de', 'translation', privacyFooterDe, true, false);

export function PrivacyFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <Link to="/privacy">{t('privacyNotice.footerLink')}</Link>
    </footer>
  );
}
