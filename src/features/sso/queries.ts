// Single sign-on's tables (sso_settings, sso_attempts), and the people a sign-in finds or creates.
// Before anyone is known no organisation is set, so the two lookups across organisations go
// through the security-definer functions of migration 006.
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type { Tx } from '../../db/transaction.ts';

export interface SsoSettingsRow {
  issuer: string | null;
  client_id: string | null;
  client_secret: string | null;
  allowed_domains: string[];
  create_people: boolean;
  login_link_allowed: boolean;
}

/** The organisation's settings; the defaults when it never saved any. */
export async function getSsoSettings(tx: Tx, orgId: string): Promise<SsoSettingsRow> {
  const row = await tx
    .selectFrom('sso_settings')
    .where('org_id', '=', orgId)
    .select(['issuer', 'client_id', 'client_secret', 'allowed_domains', 'create_people', 'login_link_allowed'])
    .executeTakeFirst();
  return row ?? { issuer: null, client_id: null, client_secret: null, allowed_domains: [], create_people: false, login_link_allowed: true };
}

export async function saveSsoSettings(tx: Tx, orgId: string, row: SsoSettingsRow): Promise<void> {
  await tx
    .insertInto('sso_settings')
    .values({ org_id: orgId, ...row })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ ...row, updated_at: sql`now()` }))
    .execute();
}

/** Organisations with single sign-on set up, by slug or by an allowed domain. */
export async function findOrganisationsForStart(db: Db, slug: string | undefined, domain: string | undefined): Promise<string[]> {
  const result = await sql<{ org_id: string }>`select * from sso_organisations_for_start(${slug ?? null}, ${domain ?? null})`.execute(db);
  return result.rows.map((r) => r.org_id);
}

export async function insertAttempt(
  tx: Tx, v: { stateHash: Buffer; orgId: string; browserHash: Buffer; nonce: string; codeVerifier: string; expiresAt: Date },
): Promise<void> {
  await tx
    .insertInto('sso_attempts')
    .values({ state_hash: v.stateHash, org_id: v.orgId, browser_hash: v.browserHash, nonce: v.nonce, code_verifier: v.codeVerifier, expires_at: v.expiresAt })
    .execute();
}

export async function deleteExpiredAttempts(tx: Tx, now: Date): Promise<void> {
  await tx.deleteFrom('sso_attempts').where('expires_at', '<=', now).execute();
}

export interface AttemptRow {
  org_id: string;
  browser_hash: Buffer;
  nonce: string;
  code_verifier: string;
}

/** Uses up the attempt with this state: found once, never again. */
export async function consumeAttempt(db: Db, stateHash: Buffer, now: Date): Promise<AttemptRow | undefined> {
  const result = await sql<AttemptRow>`select * from sso_consume_attempt(${stateHash}, ${now}::timestamptz)`.execute(db);
  return result.rows[0];
}

export async function findPersonByEmail(tx: Tx, orgId: string, email: string) {
  return tx
    .selectFrom('people')
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .select(['id', 'active'])
    .executeTakeFirst();
}

export async function defaultTimeZone(tx: Tx, orgId: string): Promise<string> {
  const row = await tx.selectFrom('organisations').where('id', '=', orgId).select('default_time_zone').executeTakeFirstOrThrow();
  return row.default_time_zone;
}

/** A person made at their first sign-in. Two first sign-ins at once: the unique address lets one
 * insert, and the other finds that person. */
export async function insertPersonAtSignIn(
  tx: Tx, v: { orgId: string; email: string; name: string; timeZone: string; locale: 'en' | 'de' },
): Promise<{ id: string; active: boolean }> {
  const inserted = await tx
    .insertInto('people')
    .values({ org_id: v.orgId, email: v.email, name: v.name, time_zone: v.timeZone, locale: v.locale, roles: ['employee'] })
    .onConflict((oc) => oc.constraint('people_one_email_per_org').doNothing())
    .returning(['id', 'active'])
    .executeTakeFirst();
  return inserted ?? (await findPersonByEmail(tx, v.orgId, v.email))!;
}
