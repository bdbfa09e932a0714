// My sessions: the waiting lists I am in, each with my position, why a freed seat would pass me by
// now (my limit, another session then), and a way to leave (seats offered from them are shown
// above, by MyOffers).
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { SessionCard } from '../sessions/session-card.tsx';
import { WaitlistAction } from './waitlist-action.tsx';
import { useSettings } from '../app/settings.ts';
import { useMyLines } from './waitlist.ts';

export function MyWaitingLists() {
  const { t } = useTranslation();
  const lines = useMyLines();
  const offering = useSettings().data?.waitlistMode === 'offer';
  const waiting = lines.data?.filter((l) => l.status === 'waiting');
  return (
    <section aria-labelledby="waiting-lists">
      <h2 id="waiting-lists">{t('waitlist.title')}</h2>
      <p className="hint">{t(offering ? 'waitlist.introOffer' : 'waitlist.intro')}</p>
      {lines.isPending && <Loading />}
      {lines.error && <ErrorNotice error={lines.error} onRetry={() => void lines.refetch()} />}
      {waiting && waiting.length === 0 && <p>{t('waitlist.none')}</p>}
      {waiting && waiting.length > 0 && (
        <ul className="cards">
          {waiting.map((line) => (
            <li key={line.id}>
              <SessionCard session={line.session}>
                <WaitlistAction session={line.session} explain />
              </SessionCard>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
