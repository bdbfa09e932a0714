// The facts of the learning loop's mails, read when each is sent: a digest says what changed up to
// the moment it was queued, and says nothing (moot) when nothing is left to say.
import type { Tx } from '../../../db/transaction.ts';
import { hashSecret, newSecret } from '../../../lib/secrets.ts';
import type { LoopFacts } from '../compose/loop-messages.ts';
import type { SessionFacts } from '../queries.ts';
import { hasRated, outcomesFor, storeRatingLink, waitingFor, wantsSuggestionDigest } from './queries.ts';
import type { MessageRow } from '../jobs/queries.ts';

/** How long the link in a request to rate can be used; ratings are taken that long after the session. */
export const RATING_LINK_DAYS = 14;

export async function loopFacts(
  tx: Tx, orgId: string, m: MessageRow & { session: SessionFacts | undefined }, now: Date, baseUrl: string,
): Promise<LoopFacts | string | undefined> {
  if (m.kind === 'suggestion_digest') {
    const since = new Date(String(m.detail.since));
    const until = new Date(String(m.detail.until));
    if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) return 'the digest names no week';
    if (!(await wantsSuggestionDigest(tx, orgId, m.recipient_id))) return 'the person turned the weekly digest off';
    const items = await outcomesFor(tx, orgId, m.recipient_id, since, until);
    if (items.length === 0) return 'nothing changed for this person’s groups';
    return { kind: 'suggestion_digest', items, url: `${baseUrl}/my-sessions?view=past`, settingsUrl: `${baseUrl}/profile` };
  }

  if (m.kind === 'owner_digest') {
    const waiting = await waitingFor(tx, orgId, m.recipient_id);
    if (waiting.items.length === 0) return 'nothing waits for this owner';
    return { kind: 'owner_digest', ...waiting, baseUrl };
  }

  if (m.kind === 'feedback_request') {
    const session = m.session;
    if (!session || !m.booking_id) return 'the message names no booking';
    if (session.status === 'cancelled') return 'the session was cancelled';
    if (m.booking_status !== 'active' && m.booking_status !== 'attended') return 'the person was not there';
    if (now.getTime() - session.ends_at.getTime() > RATING_LINK_DAYS * 86_400_000) return 'the session is too long ago to rate';
    if (await hasRated(tx, orgId, session.id, m.recipient_id)) return 'the person has rated the session already';
    const token = newSecret();
    await storeRatingLink(tx, orgId, m.booking_id, hashSecret(token), new Date(session.ends_at.getTime() + RATING_LINK_DAYS * 86_400_000));
    // The token travels in the fragment: never sent to a server by a browser, nor in a Referer. So does
    // the language the mail was in: the page opens without signing in, and would take the browser's.
    return { kind: 'feedback_request', session, rateUrl: (rating) => `${baseUrl}/rate#token=${token}&lang=${m.recipient_locale}&rating=${rating}`, days: RATING_LINK_DAYS };
  }
  return undefined;
}
