// The mail "a seat is held for you" (features/waiting-list, where the organisation offers freed
// seats): the session, until when the seat is held, in the reader's zone, and two links to "My
// sessions", where the signed-in person accepts or declines with one click. A link does nothing by
// itself: mail scanners open links, and must not take or give back a seat.
import type { Locale } from '../../../db/schema.ts';
import type { Tx } from '../../../db/transaction.ts';
import { waitlistOffer } from '../jobs/queries.ts';
import type { SessionFacts } from '../queries.ts';
import { longMoment, shortWhen, type Block } from './layout.ts';

export interface WaitlistOfferFacts {
  kind: 'waitlist_offer';
  session: SessionFacts;
  expiresAt: Date;
  acceptUrl: string;
  declineUrl: string;
}

/** The facts, or why the offer has nothing left to say (accepted, declined, lapsed, the session gone). */
export async function waitlistOfferFacts(
  tx: Tx, orgId: string, detail: Record<string, unknown>, recipientId: string, session: SessionFacts, now: Date, baseUrl: string,
): Promise<WaitlistOfferFacts | string> {
  const entryId = String(detail.entryId);
  const offer = await waitlistOffer(tx, orgId, entryId);
  if (!offer || offer.person_id !== recipientId) return 'the offer is gone';
  if (offer.status !== 'offered' || !offer.offer_expires_at) return 'the offer was accepted, declined or has lapsed';
  if (offer.offer_expires_at <= now) return 'the offer has lapsed';
  if (session.status !== 'scheduled' || session.starts_at <= now) return 'the session was cancelled or has begun';
  const page = `${baseUrl}/my-sessions?offer=${encodeURIComponent(entryId)}`;
  return { kind: 'waitlist_offer', session, expiresAt: offer.offer_expires_at, acceptUrl: `${page}&answer=accept`, declineUrl: `${page}&answer=decline` };
}

const WORDING = {
  en: {
    subject: (title: string, when: string) => `A seat is free for you: ${title}, ${when}`,
    body: 'A seat has become free in a session whose waiting list you are in, and it is held for you.',
    until: (time: string) => `It is held for you until ${time}. After that it is offered to the next person in line.`,
    accept: 'Accept the seat',
    decline: 'Decline the seat',
    confirm: 'Each link opens "My sessions", where you confirm with one click. Once you accept, you get the usual confirmation with the calendar invitation.',
  },
  de: {
    subject: (title: string, when: string) => `Ein Platz ist für Sie frei: ${title}, ${when}`,
    body: 'Bei einem Termin, auf dessen Warteliste Sie stehen, ist ein Platz frei geworden. Er wird für Sie freigehalten.',
    until: (time: string) => `Er wird bis ${time} für Sie freigehalten. Danach wird er der nächsten Person auf der Warteliste angeboten.`,
    accept: 'Platz annehmen',
    decline: 'Platz ablehnen',
    confirm: 'Jeder Link öffnet „Meine Termine“; dort bestätigen Sie mit einem Klick. Wenn Sie annehmen, erhalten Sie die übliche Bestätigung mit der Kalendereinladung.',
  },
} satisfies Record<Locale, unknown>;

/** The subject and the blocks between the greeting and the footer; `details` is the session's usual block. */
export function composeWaitlistOffer(facts: WaitlistOfferFacts, to: { locale: Locale; timeZone: string }, details: Block[]): { subject: string; blocks: Block[] } {
  const w = WORDING[to.locale];
  const s = facts.session;
  return {
    subject: w.subject(s.module_title, shortWhen(s.starts_at, to.timeZone, to.locale)),
    blocks: [
      { p: w.body },
      ...details,
      { p: w.until(longMoment(facts.expiresAt, to.timeZone, to.locale)) },
      { link: facts.acceptUrl, label: w.accept, id: 'waitlist-offer-accept' },
      { link: facts.declineUrl, label: w.decline, id: 'waitlist-offer-decline' },
      { p: w.confirm },
    ],
  };
}
