// A session's time in the viewer's zone, and in its own zone when that differs (a colleague in
// New York joining a Lisbon session sees both).
import { useTranslation } from 'react-i18next';
import { spanLabel } from '../app/time.ts';
import type { Session } from '../app/types.ts';

export function SessionTimes({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const viewerZone = session.local.timeZone;
  return (
    <span className="times">
      <time dateTime={session.startsAt}>{spanLabel(session.startsAt, session.endsAt, viewerZone, i18n.language)}</time>
      {session.timeZone !== viewerZone && (
        <span className="other-zone">
          {' '}
          ({t('sessions.inSessionZone', { time: spanLabel(session.startsAt, session.endsAt, session.timeZone, i18n.language), zone: session.timeZone })})
        </span>
      )}
    </span>
  );
}
