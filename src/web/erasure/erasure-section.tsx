// The profile's "Erase your account" (Art. 17 GDPR): one button that mails a confirmation link;
// the erasure itself happens on the page that link opens (/erase), signed in as the same person.
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ErasureRequestedT } from '../../features/erasure/schema.ts';
import { api, ApiError } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import './erasure-i18n.ts';
import './erasure.css';

export function ErasureSection() {
  const { t } = useTranslation();
  const ask = useMutation({ mutationFn: () => api<ErasureRequestedT>('POST', '/api/me/erasure-request') });
  return (
    <section className="erasure" id="erasure" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t('erasure.title')}</h2>
      <p>{t('erasure.intro')}</p>
      <div aria-live="polite">
        {ask.isSuccess ? <Success>{t('erasure.sent')}</Success> : (
          <div className="actions">
            <button type="button" className="danger" disabled={ask.isPending} onClick={() => ask.mutate()}>
              {ask.isPending ? t('erasure.requesting') : t('erasure.request')}
            </button>
          </div>
        )}
        {ask.error instanceof ApiError && ask.error.status === 429
          ? <div className="notice error" role="alert"><p>{t('erasure.tooMany')}</p></div>
          : ask.error && <ErrorNotice error={ask.error} />}
      </div>
    </section>
  );
}
