// The job that sends one outgoing message. It reads the message's facts as they are now and sends
// nothing that has become moot; a temporary SMTP failure puts the message off with a growing
// delay, a permanent one (5xx) parks it as failed for the admin to see and retry.
import type { Db } from '../../../db/pool.ts';
import { inOrg, type Tx } from '../../../db/transaction.ts';
import { isPermanentRejection, type Mailer, type OutgoingMail } from '../../../lib/mailer.ts';
import type { Organiser } from '../compose/calendar.ts';
import { dataExportReadyFacts } from '../compose/data-export-message.ts';
import { planTopUpFacts } from '../compose/plan-top-up-message.ts';
import { waitlistOfferFacts } from '../compose/waitlist-offer-message.ts';
import { composeMessage, type MessageFacts, type Recipient } from '../compose/message.ts';
import type { RosterChange, SessionChange } from '../outbox/queries.ts';
import { sessionFacts, type SessionFacts } from '../queries.ts';
import { loopFacts } from '../loop/facts.ts';
import {
  absenceFacts, alternatives, assignedSuggestion, bookingCalendar, disabledWebhook, findMessage, markFailed, markMoot, markSent, overlappingSeats, participants,
  peopleNames, postpone, type MessageRow,
} from './queries.ts';

/**
 * Makes the token of a log-in link as its mail is sent, in the organisation's transaction, so no
 * usable token waits in the database. Sign-in owns the links; the application passes this in.
 */
export type IssueLoginLink = (tx: Tx, orgId: string, personId: string, now: Date) => Promise<{ token: string; validMinutes: number }>;

/**
 * Makes the token of an erasure confirmation as its mail is sent (erasure owns the requests, the
 * application passes this in); a string says why the request can no longer be confirmed.
 */
export type IssueErasureLink = (tx: Tx, orgId: string, personId: string, requestId: string, now: Date) => Promise<{ token: string; expiresAt: Date } | string>;

export interface SendDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  organiser: Organiser;
  issueLoginLink: IssueLoginLink;
  issueErasureLink?: IssueErasureLink | undefined;
  now?: () => Date;
}

export type SendOutcome = 'sent' | 'moot' | 'postponed' | 'failed' | 'skipped';

/** After this long without getting through, a message is parked as failed. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const MAX_DELAY_MS = 60_000;
// A log-in link asked for an hour ago is no longer what its reader waits for.
const LOGIN_LINK_STALE_MS = 3_600_000;

/** 2 s, 4 s, 8 s … at most a minute: back soon after an outage ends. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.max(1, attempts + 1)) * (0.8 + Math.random() * 0.4);
}

export async function sendMessage(deps: SendDeps, orgId: string, messageId: string): Promise<SendOutcome> {
  const now = deps.now?.() ?? new Date();
  // One statement, no transaction: most messages need nothing more before they are composed.
  const message = await findMessage(deps.db, orgId, messageId);
  // Already dealt with, or rescheduled later (a newer job carries it).
  if (!message || message.status !== 'pending' || message.send_after.getTime() > now.getTime() + 1000) return 'skipped';
  const facts = factsAtHand(message, now) ?? (await inOrg(deps.db, orgId, (tx) => gatherFacts(tx, orgId, message, now, deps)));
  if (typeof facts === 'string') {
    await inOrg(deps.db, orgId, (tx) => markMoot(tx, orgId, messageId, facts));
    return 'moot';
  }
  const to: Recipient = {
    name: message.recipient_name, email: message.recipient_email, locale: message.recipient_locale, timeZone: message.recipient_zone,
  };
  const sentChanges = facts.kind === 'roster_changed' ? facts.changes.length : null;
  const mail = composeMessage(to, facts, { baseUrl: deps.baseUrl, organiser: deps.organiser, orgName: message.org_name });
  return deliver(deps, orgId, message, { ...mail, messageId: stableMessageId(message, deps.organiser.email) }, sentChanges, now);
}

/**
 * One Message-ID per message, whichever attempt sends it. The mark "sent" is written right after
 * the server's 250, but a worker killed in between leaves the message pending, and it is sent
 * again: at least once, never lost. The second copy then carries the first one's Message-ID, by
 * which mail stores (Gmail, Exchange's duplicate detection) show it once. A coach's roster notice
 * that took in more changes while it was being sent goes out again with new content: each round
 * (counted by its attempts) is its own message.
 */
export function stableMessageId(message: Pick<MessageRow, 'id' | 'kind' | 'attempts'>, senderEmail: string): string {
  const domain = senderEmail.split('@').at(-1) || 'quartet.invalid';
  const round = message.kind === 'roster_changed' ? `.${message.attempts}` : '';
  return `${message.id}${round}@${domain}`;
}

async function deliver(
  deps: SendDeps, orgId: string, message: MessageRow, mail: OutgoingMail, sentChanges: number | null, now: Date,
): Promise<SendOutcome> {
  try {
    await deps.mailer.send(mail);
  } catch (error) {
    const reason = describe(error);
    if (isPermanentRejection(error)) {
      await inOrg(deps.db, orgId, (tx) => markFailed(tx, orgId, message.id, reason));
      return 'failed';
    }
    if (now.getTime() - message.created_at.getTime() > GIVE_UP_AFTER_MS) {
      await inOrg(deps.db, orgId, (tx) => markFailed(tx, orgId, message.id, `gave up after 24 hours: ${reason}`));
      return 'failed';
    }
    await inOrg(deps.db, orgId, (tx) => postpone(tx, orgId, message.id, reason, retryDelayMs(message.attempts)));
    return 'postponed';
  }
  await markSent(deps.db, orgId, message.id, sentChanges);
  return 'sent';
}

function describe(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  if (e?.responseCode) return `SMTP ${e.responseCode}: ${e.response ?? e.message ?? ''}`.trim();
  return [e?.code, e?.message].filter(Boolean).join(': ') || String(error);
}

type FoundMessage = MessageRow & { session: SessionFacts | undefined };

// Messages that need no session, or read theirs in gatherFacts.
const WITHOUT_SESSION = new Set<MessageRow['kind']>([
  'login_link', 'coach_absent', 'suggestion_assigned', 'suggestion_digest', 'owner_digest', 'feedback_request', 'webhook_disabled',
  'data_export_ready', 'erasure_confirmation', 'plan_top_up',
]);

/**
 * The facts of a message that the read itself holds (a confirmation, a cancellation, a
 * participant's reminder, a coach's hand-over), or why nothing is left to say; undefined when the
 * message needs more reading (gatherFacts, in a transaction of the organisation).
 */
function factsAtHand(m: FoundMessage, now: Date): MessageFacts | string | undefined {
  if (!m.org_active) return 'the organisation is suspended';
  if (!m.recipient_active) return 'the recipient is deactivated';
  const session = m.session;
  if (WITHOUT_SESSION.has(m.kind)) return undefined;
  if (!session) return 'the message names no session';
  const booking = m.calendar_uid !== null && m.booking_sequence !== null ? { uid: m.calendar_uid, sequence: m.booking_sequence } : null;
  const upcoming = session.status === 'scheduled' && session.starts_at > now;
  // An invitation is moot once the booking has moved on: a later message carries the newer state.
  const current = () => m.booking_status === 'active' && m.booking_sequence === m.message_sequence;

  switch (m.kind) {
    case 'booking_confirmed':
      if (!booking || !upcoming || !current()) return 'the booking changed or ended before this was sent';
      return { kind: 'booking_confirmed', session, booking, cutoffMinutes: m.cancellation_cutoff_minutes, fromWaitingList: m.detail.fromWaitingList === true };
    case 'booking_cancelled':
      if (!booking) return 'the message names no booking';
      return { kind: 'booking_cancelled', session, booking, byAdmin: m.detail.by === 'admin' };
    case 'reminder':
      if (!upcoming) return 'the session was cancelled or has begun';
      if (new Date(String(m.detail.startsAt)).getTime() !== session.starts_at.getTime()) return 'the session was moved; a new reminder is scheduled';
      if (!m.booking_id) return undefined; // the coach's, with the group
      if (m.booking_status !== 'active') return 'the booking was cancelled';
      return { kind: 'reminder', session, roster: null };
    case 'coach_removed':
      if (session.coach_id === m.recipient_id) return 'the session came back to this coach';
      return { kind: 'coach_removed', session };
    case 'session_changed':
      if (!booking || !upcoming || !current()) return 'the booking changed or ended before this was sent';
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The facts of a message that factsAtHand could not give (it has checked the organisation, the
 * recipient and that a session is named), read in the organisation's transaction.
 */
async function gatherFacts(tx: Tx, orgId: string, m: FoundMessage, now: Date, deps: SendDeps): Promise<MessageFacts | string> {
  const { baseUrl } = deps;
  if (m.kind === 'login_link') {
    if (now.getTime() - m.created_at.getTime() > LOGIN_LINK_STALE_MS) return 'the log-in link was asked for over an hour ago';
    const { token, validMinutes } = await deps.issueLoginLink(tx, orgId, m.recipient_id, now);
    // The token travels in the fragment, which browsers never send to servers or in Referer.
    return { kind: 'login_link', url: `${baseUrl}/sign-in#token=${token}`, validMinutes };
  }

  if (m.kind === 'coach_absent') {
    const absence = await absenceFacts(tx, orgId, String(m.detail.absenceId));
    if (!absence) return 'the coach withdrew the absence';
    if (absence.sessions.length === 0) return 'every session of the absence has a coach again, or was cancelled';
    return { kind: 'coach_absent', absence, url: `${baseUrl}/admin/reassign` };
  }

  if (m.kind === 'suggestion_assigned') {
    const suggestion = await assignedSuggestion(tx, orgId, String(m.detail.suggestionId));
    if (!suggestion) return 'the suggestion is gone';
    if (suggestion.owner_id !== m.recipient_id) return 'the suggestion was assigned to someone else';
    return { kind: 'suggestion_assigned', suggestion, url: `${baseUrl}/board/${suggestion.id}` };
  }

  if (m.kind === 'data_export_ready') return dataExportReadyFacts(m.detail, now, baseUrl);

  if (m.kind === 'plan_top_up') return planTopUpFacts(tx, orgId, m.detail, baseUrl);

  if (m.kind === 'erasure_confirmation') {
    if (!deps.issueErasureLink) return 'erasure confirmations are not sent by this worker';
    const link = await deps.issueErasureLink(tx, orgId, m.recipient_id, String(m.detail.requestId), now);
    if (typeof link === 'string') return link;
    return { kind: 'erasure_confirmation', url: `${baseUrl}/erase#token=${link.token}`, expiresAt: link.expiresAt };
  }

  if (m.kind === 'webhook_disabled') {
    const endpoint = await disabledWebhook(tx, orgId, String(m.detail.endpointId));
    if (!endpoint) return 'the webhook endpoint was removed';
    if (endpoint.enabled) return 'an admin turned the webhook endpoint on again';
    return { kind: 'webhook_disabled', endpoint, url: `${baseUrl}/admin/webhooks` };
  }

  if (m.kind === 'waitlist_offer') return waitlistOfferFacts(tx, orgId, m.detail, m.recipient_id, m.session!, now, baseUrl);

  const loop = await loopFacts(tx, orgId, m, now, baseUrl);
  if (loop !== undefined) return loop;

  // What factsAtHand left: messages that need more than the one read.
  const session = m.session!;
  const booking = m.calendar_uid !== null && m.booking_sequence !== null ? { uid: m.calendar_uid, sequence: m.booking_sequence } : null;
  const upcoming = session.status === 'scheduled' && session.starts_at > now;

  switch (m.kind) {
    case 'session_changed':
      return {
        kind: 'session_changed', session, booking: booking!, changes: (m.detail.changes as SessionChange[] | undefined) ?? [],
        overlaps: await overlappingSeats(tx, orgId, m.recipient_id, session.id),
      };
    case 'booking_moved': {
      if (!booking || m.booking_status !== 'active' || !upcoming) return 'the new booking ended before this was sent';
      const oldId = m.detail.fromBookingId as string | undefined;
      const old = oldId ? await bookingCalendar(tx, orgId, oldId) : undefined;
      const oldSession = old && (await sessionFacts(tx, orgId, old.session_id));
      if (!old || !oldSession) return 'the booking moved from is unknown';
      return {
        kind: 'booking_moved', session, booking,
        from: { session: oldSession, booking: { uid: old.calendar_uid, sequence: old.calendar_sequence } },
      };
    }
    case 'session_cancelled': {
      if (m.booking_id && !booking) return 'the message names no booking';
      const instead = booking ? await alternatives(tx, orgId, session.module_id, session.id, m.recipient_id) : [];
      return { kind: 'session_cancelled', session, booking, alternatives: instead };
    }
    case 'reminder': // the coach's
      if (session.coach_id !== m.recipient_id) return 'the session has another coach now';
      return { kind: 'reminder', session, roster: await participants(tx, orgId, session.id) };
    case 'roster_changed': {
      if (!upcoming) return 'the session was cancelled or has begun';
      if (session.coach_id !== m.recipient_id) return 'the session has another coach now';
      const changes = (m.detail.changes as RosterChange[] | undefined) ?? [];
      const names = await peopleNames(tx, orgId, [...new Set(changes.map((c) => c.personId))]);
      return {
        kind: 'roster_changed', session, roster: await participants(tx, orgId, session.id),
        changes: changes.map((c) => ({ ...c, name: names.get(c.personId) ?? '?' })),
      };
    }
    case 'coach_assigned':
      if (!upcoming) return 'the session was cancelled or has begun';
      if (session.coach_id !== m.recipient_id) return 'the session has another coach now';
      return { kind: 'coach_assigned', session, roster: await participants(tx, orgId, session.id) };
  }
  return `no message of kind ${m.kind} is sent this way`;
}
