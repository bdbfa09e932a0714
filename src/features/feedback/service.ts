// Rating a session: a participant who was there, from its end for RATING_DAYS, once (a second
// rating replaces the first). Signed in, or by the link of the mail, which stands for one booking.
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { NotFoundError, RuleError } from '../../lib/errors.ts';
import { hashSecret } from '../../lib/secrets.ts';
import { presentMyRating } from './presenters.ts';
import { bookingOwner, RATING_DAYS, rateableSessions, ratedOrRateableSessions, ratingLink, releaseFinalRatings, saveRating, sessionExists } from './queries.ts';

export interface RatingInput {
  rating: number;
  comment?: string | undefined;
}

const notRateable = () =>
  new RuleError('NOT_RATEABLE', `Only people who took part can rate a session, from its end for ${RATING_DAYS} days.`);

async function rate(tx: Tx, orgId: string, personId: string, sessionId: string, input: RatingInput) {
  const [session] = await rateableSessions(tx, orgId, personId, sessionId);
  if (!session) throw (await sessionExists(tx, orgId, sessionId)) ? notRateable() : new NotFoundError('Session');
  await saveRating(tx, orgId, sessionId, personId, input.rating, input.comment);
  const [saved] = await rateableSessions(tx, orgId, personId, sessionId);
  return presentMyRating({ ...saved!, rateable: true }, RATING_DAYS);
}

export async function rateSession(tx: Tx, actor: Actor, sessionId: string, input: RatingInput) {
  return rate(tx, actor.orgId, actor.personId, sessionId, input);
}

/** Every rating the person gave, and the sessions they can rate now. */
export async function myRatings(tx: Tx, actor: Actor) {
  const rows = await ratedOrRateableSessions(tx, actor.orgId, actor.personId);
  return { items: rows.map((r) => presentMyRating(r, RATING_DAYS)) };
}

/** A rating through the mail's link; undefined when the link is unknown or has expired. */
export async function rateByLink(db: Db, token: string, input: RatingInput, now = new Date()) {
  const link = await ratingLink(db, hashSecret(token), now);
  if (!link) return undefined;
  return inOrg(db, link.org_id, async (tx) => {
    const booking = await bookingOwner(tx, link.org_id, link.booking_id);
    if (!booking) return undefined;
    return rate(tx, link.org_id, booking.person_id, booking.session_id, input);
  });
}

/** Final ratings into the figures, five people or more at a time (migration 041), across
 * organisations: the worker's hourly job, and the demo's seed for its history. */
export function releaseRatings(db: Db | Tx): Promise<number> {
  return releaseFinalRatings(db);
}
