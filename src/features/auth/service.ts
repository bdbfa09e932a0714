// Signing in with a log-in link and staying signed in with a cookie session.
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import { requirePerson, type Actor } from '../../lib/actor.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { queueLoginLink } from '../notifications/outbox/service.ts';
import { recordAuditEntries } from '../audit/service.ts';
import {
  consumeLoginLink, findLiveSession, findPeopleForSignIn, insertAuthSession, insertLoginLink, queueLoginLinkRequest, revokePersonSessions,
  revokeSessionByHash, sessionLifetimesFor, touchSession,
} from './queries.ts';

export const LOGIN_LINK_MINUTES = 15;
// Writing last_seen on every request would turn every read into a write; a minute is precise
// enough for an idle timeout counted in minutes.
const TOUCH_AFTER_MS = 60_000;

/**
 * Takes a request for log-in links. It adds one job and does nothing else, the same for every
 * address: the lookup happens in the job (requestLoginLinks), so how long this takes cannot tell
 * whether anyone has the address (security review M2).
 */
export async function acceptLoginLinkRequest(db: Db, email: string): Promise<void> {
  await queueLoginLinkRequest(db, email);
}

/**
 * The job behind acceptLoginLinkRequest (features/auth/jobs.ts): queues a log-in link mail for
 * every active person with this address (one per organisation) whose organisation allows log-in
 * links; the mail's own job makes the link when it sends it (features/notifications). Returns how many.
 */
export async function requestLoginLinks(db: Db, email: string): Promise<number> {
  const people = await findPeopleForSignIn(db, email);
  for (const person of people) {
    await inOrg(db, person.org_id, (tx) => queueLoginLink(tx, person.org_id, person.person_id));
  }
  return people.length;
}

/**
 * A log-in link's token, made by the mail's job as it sends the mail (passed to the mail worker as
 * its IssueLoginLink), so no usable token waits in the database: the link's minutes start now.
 */
export async function issueLoginLink(tx: Tx, orgId: string, personId: string, now: Date): Promise<{ token: string; validMinutes: number }> {
  const token = newSecret();
  await insertLoginLink(tx, { orgId, personId, tokenHash: hashSecret(token), expiresAt: new Date(now.getTime() + LOGIN_LINK_MINUTES * 60_000) });
  return { token, validMinutes: LOGIN_LINK_MINUTES };
}

export interface SignedIn {
  cookieToken: string;
  maxAgeSeconds: number;
  orgId: string;
  personId: string;
}

/** Exchanges a log-in link's token for a new session; undefined if the link is used, expired or unknown. */
export async function signInWithLink(
  db: Db, token: string, previousCookieToken: string | undefined, now = new Date(), ip?: string,
): Promise<SignedIn | undefined> {
  const link = await consumeLoginLink(db, hashSecret(token), now);
  if (!link) return undefined;
  return startSession(db, link.org_id, link.person_id, previousCookieToken, now, { method: 'link', ip });
}

/** How someone signed in, for the audit log. */
export interface SignInContext {
  method: 'link' | 'sso';
  ip?: string | undefined;
}

/** A new cookie session for someone who has just proven who they are (log-in link or single sign-on). */
export async function startSession(
  db: Db, orgId: string, personId: string, previousCookieToken: string | undefined, now = new Date(), how: SignInContext = { method: 'link' },
): Promise<SignedIn | undefined> {
  // A new identifier at every sign-in: a session id planted before sign-in is worthless after.
  if (previousCookieToken) await revokeSessionByHash(db, hashSecret(previousCookieToken));
  return inOrg(db, orgId, async (tx) => {
    // A link mailed before its person was deactivated (or their organisation suspended) signs
    // nobody in: it would leave a session that a reactivation wakes.
    const lifetimes = await sessionLifetimesFor(tx, orgId, personId);
    if (!lifetimes) return undefined;
    const cookieToken = newSecret();
    const absoluteExpiresAt = new Date(now.getTime() + lifetimes.session_absolute_hours * 3_600_000);
    await insertAuthSession(tx, {
      orgId,
      personId,
      tokenHash: hashSecret(cookieToken),
      signedInAt: now,
      idleExpiresAt: new Date(Math.min(now.getTime() + lifetimes.session_idle_minutes * 60_000, absoluteExpiresAt.getTime())),
      absoluteExpiresAt,
    });
    await recordAuditEntries(tx, [{ orgId, actorKind: 'person', actorId: personId, action: 'auth.signed_in', subjectKind: 'person', subjectId: personId, ip: how.ip, detail: { method: how.method } }]);
    return { cookieToken, maxAgeSeconds: lifetimes.session_absolute_hours * 3600, orgId, personId };
  });
}

/** The actor behind a session cookie, or undefined if it is unknown, revoked or expired. */
export async function authenticate(db: Db, cookieToken: string, now = new Date()): Promise<Actor | undefined> {
  const row = await findLiveSession(db, hashSecret(cookieToken), now);
  if (!row) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    const idle = Math.min(now.getTime() + row.session_idle_minutes * 60_000, row.absolute_expires_at.getTime());
    await inOrg(db, row.org_id, (tx) => touchSession(tx, row.session_id, now, new Date(idle)));
  }
  return { orgId: row.org_id, personId: row.person_id, roles: row.roles, timeZone: row.time_zone, locale: row.locale };
}

export async function signOut(db: Db, cookieToken: string): Promise<void> {
  await revokeSessionByHash(db, hashSecret(cookieToken));
}

/** Ends every session of the person, on every device (a lost laptop, a shared computer). */
export async function signOutEverywhere(tx: Tx, actor: Actor): Promise<void> {
  requirePerson(actor);
  await revokePersonSessions(tx, actor.personId);
}
