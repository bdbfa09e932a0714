// Log-in links and cookie sessions. Links are looked up by address across organisations (one
// address may belong to people in several), sessions by the hash of their secret: before anyone
// is known no organisation is set, so these lookups go through the security-definer functions of
// migration 004, each answering one question.
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import { prepared } from '../../db/prepared.ts';
import type { Locale, Role } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export interface SignInCandidate {
  person_id: string;
  org_id: string;
  org_name: string;
  name: string;
  locale: Locale;
}

export async function findPeopleForSignIn(db: Db, email: string): Promise<SignInCandidate[]> {
  return (await sql<SignInCandidate>`select * from auth_people_for_sign_in(${email})`.execute(db)).rows;
}

/** One job for the worker, added the same way whatever the address (migration 016). */
export async function queueLoginLinkRequest(db: Db, email: string): Promise<void> {
  await sql`select queue_login_link_request(${email})`.execute(db);
}

export async function insertLoginLink(tx: Tx, v: { orgId: string; personId: string; tokenHash: Buffer; expiresAt: Date }) {
  await tx
    .insertInto('login_links')
    .values({ org_id: v.orgId, person_id: v.personId, token_hash: v.tokenHash, expires_at: v.expiresAt })
    .execute();
}

/** Marks the link used and returns whose it was; a used or expired link returns nothing. */
export async function consumeLoginLink(db: Db, tokenHash: Buffer, now: Date) {
  const result = await sql<{ org_id: string; person_id: string }>`
    select * from auth_consume_login_link(${tokenHash}, ${now}::timestamptz)`.execute(db);
  return result.rows[0];
}

/**
 * The organisation's session lifetimes, where the organisation is active and the person in it is
 * too; nothing otherwise. The person's row is held until the sign-in commits: a deactivation, which
 * revokes the person's sessions, then either comes first (and this finds nobody) or after (and
 * revokes this one too), never in between.
 */
export async function sessionLifetimesFor(tx: Tx, orgId: string, personId: string) {
  return tx
    .selectFrom('organisations as o')
    .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'o.id'))
    .where('o.id', '=', orgId)
    .where('o.status', '=', 'active')
    .where('p.id', '=', personId)
    .where('p.active', '=', true)
    .select(['o.session_idle_minutes', 'o.session_absolute_hours'])
    .forShare('p')
    .executeTakeFirst();
}

export async function insertAuthSession(
  tx: Tx, v: { orgId: string; personId: string; tokenHash: Buffer; signedInAt: Date; idleExpiresAt: Date; absoluteExpiresAt: Date },
) {
  // Signed in and last seen at the moment the expiries count from: auth_live_session measures the
  // current settings from these two (migration 052).
  await tx
    .insertInto('auth_sessions')
    .values({
      org_id: v.orgId, person_id: v.personId, token_hash: v.tokenHash, created_at: v.signedInAt, last_seen_at: v.signedInAt,
      idle_expires_at: v.idleExpiresAt, absolute_expires_at: v.absoluteExpiresAt,
    })
    .execute();
}

export interface AuthenticatedRow {
  session_id: string;
  org_id: string;
  person_id: string;
  roles: Role[];
  time_zone: string;
  locale: Locale;
  last_seen_at: Date;
  session_idle_minutes: number;
  /** The earlier of the stored one and the one the organisation's current lifetime gives. */
  absolute_expires_at: Date;
}

export async function findLiveSession(db: Db, tokenHash: Buffer, now: Date): Promise<AuthenticatedRow | undefined> {
  return (await liveSessionQuery.run(db, { tokenHash, now })).rows[0];
}
// Every signed-in request asks this first.
const liveSessionQuery = prepared((_db, $: { tokenHash: Buffer; now: Date }) =>
  sql<AuthenticatedRow>`select * from auth_live_session(${$.tokenHash}, ${$.now}::timestamptz)`);

export async function touchSession(tx: Tx, sessionId: string, now: Date, idleExpiresAt: Date) {
  await tx
    .updateTable('auth_sessions')
    .set({ last_seen_at: now, idle_expires_at: idleExpiresAt })
    .where('id', '=', sessionId)
    .execute();
}

export async function revokeSessionByHash(db: Db, tokenHash: Buffer) {
  await sql`select auth_revoke_session(${tokenHash})`.execute(db);
}

export async function revokePersonSessions(tx: Tx, personId: string) {
  await tx.updateTable('auth_sessions').set({ revoked_at: sql`now()` }).where('person_id', '=', personId).where('revoked_at', 'is', null).execute();
}
