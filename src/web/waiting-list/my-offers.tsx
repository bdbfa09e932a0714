// My sessions: the seats held for me from waiting lists, first on the page, each with until when it
// is held and Accept / Decline. The offer mail links here (?offer=<id>&answer=accept|decline): the
// link only points at the offer and the answer; the signed-in person confirms it with one click, so
// a mail scanner opening links takes or gives back nothing.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorNotice, Success } from '../app/status.tsx';
import { momentLabel } from '../app/time.ts';
import { SessionCard } from '../sessions/session-card.tsx';
import { useAcceptOffer, useDeclineOffer, useMyLines, type Line } from './waitlist.ts';

export function MyOffers() {
  const { t } = useTranslation();
  const lines = useMyLines();
  const [params] = useSearchParams();
  const [done, setDone] = useState<string | null>(null);
  const asked = params.get('offer');
  const answer = params.get('answer') === 'decline' ? 'decline' : params.get('answer') === 'accept' ? 'accept' : null;
  const offers = (lines.data ?? []).filter((l) => l.status === 'offered');
  // A link from the mail to an offer that is no longer open (accepted, declined, lapsed) says so.
  const gone = asked !== null && lines.data !== undefined && !offers.some((o) => o.id === asked) && done === null;

  if (offers.length === 0 && !gone && done === null) return null;
  return (
    <section aria-labelledby="offers-title" className="offers">
      <h2 id="offers-title">{t('waitlist.offersTitle', { count: offers.length })}</h2>
      {done && <Success>{done}</Success>}
      {gone && <p className="notice warning">{t('waitlist.offerGone')}</p>}
      <ul className="cards">
        {offers.map((offer) => (
          <li key={offer.id}>
            <OfferCard offer={offer} answer={offer.id === asked ? answer : null} onDone={setDone} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function OfferCard({ offer, answer, onDone }: { offer: Line; answer: 'accept' | 'decline' | null; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const accept = useAcceptOffer();
  const decline = useDeclineOffer();
  const busy = accept.isPending || decline.isPending;
  const title = offer.session.module.title;
  const zone = offer.session.local.timeZone;
  const until = offer.offerExpiresAt
    ? momentLabel(offer.offerExpiresAt, zone, i18n.language)
    : '';
  // No seat count: the session reads full because this seat is the one held for the reader.
  return (
    <SessionCard session={offer.session} seats={false}>
      <div className={`offer${answer ? ' asked' : ''}`}>
        <p className="status offered">
          <strong>{t('waitlist.heldUntil', { until })}</strong>
        </p>
        {answer && <p className="hint">{t(answer === 'accept' ? 'waitlist.confirmAccept' : 'waitlist.confirmDecline')}</p>}
        <div className="actions">
          <button
            type="button"
            className={answer === 'decline' ? undefined : 'primary'}
            disabled={busy}
            autoFocus={answer === 'accept'}
            aria-label={t('waitlist.acceptNamed', { title })}
            onClick={() => accept.mutate(offer.id, { onSuccess: () => onDone(t('waitlist.accepted', { title })) })}
          >
            {accept.isPending ? t('waitlist.accepting') : t('waitlist.accept')}
          </button>
          <button
            type="button"
            className={answer === 'decline' ? 'primary' : undefined}
            disabled={busy}
            autoFocus={answer === 'decline'}
            aria-label={t('waitlist.declineNamed', { title })}
            onClick={() => decline.mutate(offer.id, { onSuccess: () => onDone(t('waitlist.declined', { title })) })}
          >
            {decline.isPending ? t('waitlist.declining') : t('waitlist.decline')}
          </button>
        </div>
        {accept.error && <ErrorNotice error={accept.error} />}
        {decline.error && <ErrorNotice error={decline.error} />}
      </div>
    </SessionCard>
  );
}
