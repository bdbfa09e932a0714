// Offered seats (migration 038): the person a seat is held for accepts it (then it is theirs, by the
// rules of a sign-up) or declines it; an offer that runs out lapses. Each ends under the session's
// lock, and in the same transaction the seat is offered to the next in line (promoteFromWaitingList,
// which follows the organisation's mode as it is then).
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { NotFoundError, RuleError } from '../../lib/errors.ts';
import { programSettings } from '../organisations/views.ts';
import { lockSessionsForSeats } from '../sessions/service.ts';
import { endOffer, entryOf, lapsedOffers, markPromoted, openEntryOf, releaseHoldForAccept, sessionsWithOffersDue, type EntryRow } from './queries.ts';
import { promoteFromWaitingList, type SeatRules } from './service.ts';

/** The person's own open offer, under the session's lock; 404 for anyone else's, 409 once it is over. */
async function openOffer(tx: Tx, actor: Actor, entryId: string, now: Date): Promise<{ entry: EntryRow; startsAt: Date }> {
  const found = await entryOf(tx, actor.orgId, entryId, actor.personId);
  if (!found) throw new NotFoundError('Offer');
  const [session] = await lockSessionsForSeats(tx, actor.orgId, [found.session_id]);
  // Read again under the lock: an expiry or a second click may have ended it meanwhile.
  const entry = await entryOf(tx, actor.orgId, entryId, actor.personId);
  if (!entry || entry.status === 'expired' || (entry.status === 'offered' && entry.offer_expires_at! <= now)) throw offerExpired();
  if (entry.status !== 'offered') {
    throw new RuleError('OFFER_CLOSED', entry.status === 'promoted' ? 'You accepted this offer already.' : 'This offer is no longer open.', { status: entry.status });
  }
  return { entry, startsAt: session!.starts_at };
}

const offerExpired = () => new RuleError('OFFER_EXPIRED', 'This offer has lapsed: the seat was offered to the next person in line.');

/**
 * Takes the held seat by the rules of a sign-up (the limit and overlaps are checked again: they may
 * have changed since the offer). A refusal is a 409 with the sign-up's own code, and — the
 * transaction rolled back — the offer stays open until it lapses or is declined.
 */
export async function acceptOffer(tx: Tx, actor: Actor, entryId: string, seats: SeatRules, now = new Date()): Promise<string> {
  const { entry, startsAt } = await openOffer(tx, actor, entryId, now);
  // The line closed (the session was moved closer, the cut-off lengthened) before the job saw it.
  const { cancellation_cutoff_minutes: cutoff } = await programSettings(tx, actor.orgId);
  if (startsAt.getTime() - cutoff * 60_000 <= now.getTime()) throw offerExpired();
  await releaseHoldForAccept(tx, actor.orgId, entry.id);
  const outcome = await seats.take(tx, actor.orgId, entry.session_id, actor.personId, now);
  if ('refused' in outcome) throw outcome.error;
  await markPromoted(tx, actor.orgId, entry.id, outcome.bookingId);
  return outcome.bookingId;
}

/**
 * Someone taking a seat in a session another way than through its line (a sign-up, a move into it,
 * a cohort placing or swapping them) waits for it no longer. A seat held for them by an offer goes
 * back first, so the seat they take is that one: left standing, the offer would keep a second seat
 * from everyone until it lapsed. An offer that has lapsed (the expiry job not yet round) ends as the
 * job would end it, its seat offered to the next in line: it is no longer theirs to take, by a
 * sign-up any more than by accepting. Returns what closes the entry once the seat is taken
 * (promoted, the booking named), or null when they no longer wait for it; all in the caller's
 * transaction, so a refused sign-up leaves everything as it was.
 */
export async function endOwnWait(tx: Tx, orgId: string, sessionId: string, personId: string, now: Date, seats: SeatRules): Promise<((bookingId: string) => Promise<void>) | null> {
  // Most sign-ups come from nobody in the line: one read says so, before the session's lock.
  if (!(await openEntryOf(tx, orgId, sessionId, personId))) return null;
  const [session] = await lockSessionsForSeats(tx, orgId, [sessionId]);
  // Again under the lock, which the expiry of an offer holds too.
  const entry = await openEntryOf(tx, orgId, sessionId, personId);
  if (!session || !entry) return null;
  if (entry.status === 'offered') {
    const { cancellation_cutoff_minutes: cutoff } = await programSettings(tx, orgId);
    const lapsed = await lapsedOffers(tx, orgId, sessionId, now, new Date(session.starts_at.getTime() - cutoff * 60_000));
    if (lapsed.includes(entry.id)) {
      await expireOffersOf(tx, orgId, sessionId, now, seats);
      return null;
    }
    await releaseHoldForAccept(tx, orgId, entry.id);
  }
  return (bookingId) => markPromoted(tx, orgId, entry.id, bookingId);
}

/** Gives the held seat back; the next in line is offered it at once. */
export async function declineOffer(tx: Tx, actor: Actor, entryId: string, seats: SeatRules, now = new Date()): Promise<void> {
  const { entry } = await openOffer(tx, actor, entryId, now);
  await endOffer(tx, actor.orgId, entry.id, 'declined');
  await promoteFromWaitingList(tx, actor.orgId, entry.session_id, now, seats);
}

/** Lets the session's lapsed offers expire and offers their seats on; returns how many lapsed. */
export async function expireOffersOf(tx: Tx, orgId: string, sessionId: string, now: Date, seats: SeatRules): Promise<number> {
  const [session] = await lockSessionsForSeats(tx, orgId, [sessionId]);
  if (!session) return 0;
  const { cancellation_cutoff_minutes: cutoff } = await programSettings(tx, orgId);
  const lapsed = await lapsedOffers(tx, orgId, sessionId, now, new Date(session.starts_at.getTime() - cutoff * 60_000));
  for (const id of lapsed) await endOffer(tx, orgId, id, 'expired');
  // Also where nothing lapsed: the job names sessions whose free seat waits for an offer.
  await promoteFromWaitingList(tx, orgId, sessionId, now, seats);
  return lapsed.length;
}

export const SWEEP_ROUND = 500;

/**
 * The expiry job's run: every session, across organisations, whose offers lapsed or whose free seat
 * waits for an offer, each in its organisation's transaction of its own. One failing stops no other.
 */
export async function sweepOffers(db: Db, seats: SeatRules, o: { now?: Date; onError?: (error: unknown) => void } = {}): Promise<{ sessions: number; expired: number }> {
  const now = o.now ?? new Date();
  const due = await sessionsWithOffersDue(db, now, SWEEP_ROUND);
  let expired = 0;
  for (const { org_id: orgId, session_id: sessionId } of due) {
    try {
      expired += await inOrg(db, orgId, (tx) => expireOffersOf(tx, orgId, sessionId, now, seats));
    } catch (error) {
      o.onError?.(error);
    }
  }
  return { sessions: due.length, expired };
}
