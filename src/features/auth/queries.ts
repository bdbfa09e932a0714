// Log-in links and cookie sessions. Links are looked up by address across organisations (one
// address may belong to people in several), sessions by the hash of their secret.
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
  return db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .where('p.email', '=', email)
    .where('p.active', '=', true)
    .where('o.status', '=', 'active')
    .select(['p.id as person_id', 'p.org_id', 'o.name as org_name', 'p.name', 'p.locale'])
    .execute();
}

export async function insertLoginLink(tx: Tx, v: { orgId: string; personId: string; tokenHash: Buffer; expiresAt: Date }) {
  await tx
    .insertInto('login_links')
    .values({ org_id: v.orgId, person_id: v.personId, token_hash: v.tokenHash, expires_at: v.expiresAt })
    .execute();
}

/** Marks the link used and returns whose it was; a used or expired link returns nothing. */
export async function consumeLoginLink(tx: Tx, tokenHash: Buffer, now: Date) {
  return tx
    .updateTable('login_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['org_id', 'person_id'])
    .executeTakeFirst();
}

export async function sessionLifetimes(tx: Tx, orgId: string) {
  return tx
    .selectFrom('organisations')
    .where('id', '=', orgId)
    .where('status', '=', 'active')
    .select(['session_idle_minutes', 'session_absolute_hours'])
    .executeTakeFirst();
}

export async function insertAuthSession(
  tx: Tx, v: { orgId: string; personId: string; tokenHash: Buffer; idleExpiresAt: Date; absoluteExpiresAt: Date },
) {
  await tx
    .insertInto('auth_sessions')
    .values({
      org_id: v.orgId, person_id: v.personId, token_hash: v.tokenHash,
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
  absolute_expires_at: Date;
}

export async function findLiveSession(db: Db, tokenHash: Buffer, now: Date): Promise<AuthenticatedRow | undefined> {
  return (await liveSessionQuery.run(db, { tokenHash, now })).rows[0];
}
// Every signed-in request asks this first.
const liveSessionQuery = prepared((db, $: { tokenHash: Buffer; now: Date }) =>
  db
    .selectFrom('auth_sessions as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .where('a.token_hash', '=', $.tokenHash)
    .where('a.revoked_at', 'is', null)
    .where('a.idle_expires_at', '>', $.now)
    .where('a.absolute_expires_at', '>', $.now)
    .where('p.active', '=', true)
    .where('o.status', '=', 'active')
    .select([
      'a.id as session_id', 'a.org_id', 'a.person_id', 'p.roles', 'p.time_zone', 'p.locale', 'a.last_seen_at',
      'o.session_idle_minutes', 'a.absolute_expires_at',
    ]));

export async function touchSession(db: Db, sessionId: string, now: Date, idleExpiresAt: Date) {
  await db
    .updateTable('auth_sessions')
    .set({ last_seen_at: now, idle_expires_at: idleExpiresAt })
    .where('id', '=', sessionId)
    .execute();
}

export async function revokeSessionByHash(db: Db | Tx, tokenHash: Buffer) {
  await db.updateTable('auth_sessions').set({ revoked_at: sql`now()` }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}
