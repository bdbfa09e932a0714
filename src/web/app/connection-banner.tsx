// Tells the reader when the browser has lost the network, instead of leaving buttons that fail
// silently; TanStack Query pauses and resumes its requests on the same events.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

function subscribe(onChange: () => void) {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export function ConnectionBanner() {
  const { t } = useTranslation();
  const online = useSyncExternalStore(subscribe, () => navigator.onLine);
  if (online) return null;
  return (
    <div className="banner offline" role="alert">
      {t('common.offline')}
    </div>
  );
}
