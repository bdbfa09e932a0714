// My sessions: the waiting lists I am in, each with my position and a way to leave.
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { SessionCard } from '../sessions/session-card.tsx';
import { WaitlistAction } from './waitlist-action.tsx';
import { useMyLines } from './waitlist.ts';

export function MyWaitingLists() {
  const { t } = useTranslation();
  const lines = useMyLines();
  return (
    <section aria-labelledby="waiting-lists">
      <h2 id="waiting-lists">{t('waitlist.title')}</h2>
      <p className="hint">{t('waitlist.intro')}</p>
      {lines.isPending && <Loading />}
      {lines.error && <ErrorNotice error={lines.error} onRetry={() => void lines.refetch()} />}
      {lines.data && lines.data.length === 0 && <p>{t('waitlist.none')}</p>}
      {lines.data && lines.data.length > 0 && (
        <ul className="cards">
          {lines.data.map((line) => (
            <li key={line.id}>
              <SessionCard session={line.session}>
                <WaitlistAction session={line.session} />
              </SessionCard>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
