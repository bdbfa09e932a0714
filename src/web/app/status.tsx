// Loading and error states, the same everywhere: a polite status while waiting, and an error that
// says what happened in the reader's language (the API's stable code picks the sentence).
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { fieldError } from './field-errors.ts';
import { NotFoundPage } from './not-found-page.tsx';

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

/**
 * An error with the fields at fault, each named as the form labels it (`labels`, by the API's field
 * name, where the form's words differ from the common ones). "Try again" only where trying the same
 * again can help: not after a refusal (4xx), which would only be refused again.
 */
export function ErrorNotice({ error, onRetry, labels }: { error: unknown; onRetry?: () => void; labels?: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  const explain = useExplain();
  const fields = error instanceof ApiError ? error.fields : [];
  const retryable = !(error instanceof ApiError) || error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
  return (
    <div className="notice error" role="alert">
      <p>{explain(error)}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field}>{fieldError(f, i18n.language, labels)}</li>
          ))}
        </ul>
      )}
      {onRetry && retryable && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** A page's own object could not be read: "not found" as the page that is not there, else the error. */
export function PageLoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />;
  return <ErrorNotice error={error} onRetry={onRetry} />;
}

export function Success({ children }: { children: React.ReactNode }) {
  return (
    <div className="notice success" role="status">
      {children}
    </div>
  );
}
