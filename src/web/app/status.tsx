// Loading and error states, the same everywhere: a polite status while waiting, and an error that
// says what happened in the reader's language (the API's stable code picks the sentence).
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { fieldError } from './field-errors.ts';

export function Loading() {
  const { t } = useTranslation();
  return <p className="loading" role="status">{t('common.loading')}</p>;
}

/** The sentence for an error: ours for known codes, else the API's own message. */
export function useExplain() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('errors.UNEXPECTED');
    const key = `errors.${error.code}`;
    if (i18n.exists(key)) return t(key, { ...error.details });
    if (error.status >= 500) return t('errors.SERVER_ERROR');
    return error.message;
  };
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  const explain = useExplain();
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div className="notice error" role="alert">
      <p>{explain(error)}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field}>{fieldError(f, i18n.language)}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Success({ children }: { children: React.ReactNode }) {
  return (
    <div className="notice success" role="status">
      {children}
    </div>
  );
}
