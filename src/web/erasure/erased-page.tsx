// /erased: what a person sees once their account is gone, signed out. Plain on purpose: nothing
// here may need the account.
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../app/page-title.ts';
import './erasure-i18n.ts';
import './erasure.css';

export default function ErasedPage() {
  const { t } = useTranslation();
  usePageTitle(t('erasure.erasedTitle'));
  return (
    <main id="main" className="narrow erased-page">
      <h1>{t('erasure.erasedTitle')}</h1>
      <p>{t('erasure.erasedBody')}</p>
    </main>
  );
}
