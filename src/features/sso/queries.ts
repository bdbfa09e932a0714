// Single sign-on's tables (sso_settings, sso_domain_claims, sso_attempts), and the people a sign-in
// finds or creates. Before anyone is known no organisation is set, so the two lookups across
// organisations go through the security-definer functions of migration 006; so do an operator's
// reads and decisions of domain claims (migration 015).
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type { DomainClaimStatus } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export interface SsoSettingsRow {
  issuer: string | null;
  client_id: string | null;
  client_secret: string | null;
  create_people: boolean;
  login_link_allowed: boolean;
}

/** The organisation's settings; the defaults when it never saved any. */
export async function getSsoSettings(tx: Tx, orgId: string): Promise<SsoSettingsRow> {
  const row = await tx
    .selectFrom('sso_settings')
    .where('org_id', '=', orgId)
    .select(['issuer', 'client_id', 'client_secret', 'create_people', 'login_link_allowed'])
    .executeTakeFirst();
  return row ?? { issuer: null, client_id: null, client_secret: null, create_people: false, login_link_allowed: true };
}

export async function saveSsoSettings(tx: Tx, orgId: string, row: SsoSettingsRow): Promise<void> {
  await tx
    .insertInto('sso_settings')
    .values({ org_id: orgId, ...row })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ ...row, updated_at: sql`now()` }))
    .execute();
}

/** Organisations with single sign-on set up, by slug or by an approved domain. */
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

/** Whether the organisation is active: a suspended one signs nobody in. */
export async function isOrganisationActive(tx: Tx, orgId: string): Promise<boolean> {
  const row = await tx.selectFrom('organisations').where('id', '=', orgId).select('status').executeTakeFirst();
  return row?.status === 'active';
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

// ---- Domain claims (migration 015)

export interface DomainClaimRow {
  id: string;
  domain: string;
  status: DomainClaimStatus;
  claimed_at: Date;
  decided_at: Date | null;
}

const CLAIM_COLUMNS = ['id', 'domain', 'status', 'claimed_at', 'decided_at'] as const;

export async function listDomainClaims(tx: Tx, orgId: string): Promise<DomainClaimRow[]> {
  return tx.selectFrom('sso_domain_claims').where('org_id', '=', orgId).select(CLAIM_COLUMNS).orderBy('domain').execute();
}

export async function deleteDomainClaims(tx: Tx, orgId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.deleteFrom('sso_domain_claims').where('org_id', '=', orgId).where('id', 'in', ids).execute();
}

/**
 * New claims, pending. Returns the domains inserted: a domain missing from the answer is held by
 * another organisation (sso_domain_claims_one_org_per_domain), or was just claimed by a
 * concurrent save of this one (sso_domain_claims_once_per_org). ON CONFLICT waits for the
 * transaction holding the conflicting row, so a statement after this one sees which it was.
 */
export async function insertDomainClaims(tx: Tx, orgId: string, domains: string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await tx
    .insertInto('sso_domain_claims')
    .values(domains.map((domain) => ({ org_id: orgId, domain })))
    .onConflict((oc) => oc.doNothing())
    .returning('domain')
    .execute();
  return rows.map((r) => r.domain);
}

/** Whether the address domain is approved for the organisation's sign-ins. */
export async function isDomainApproved(tx: Tx, orgId: string, domain: string): Promise<boolean> {
  const row = await tx
    .selectFrom('sso_domain_claims')
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .where(sql<string>`lower(domain)`, '=', domain.toLowerCase())
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface OperatorDomainClaimRow extends DomainClaimRow {
  org_id: string;
  org_name: string;
  org_slug: string;
}

/**
 * Claims across organisations, filtered by status or id. With an operator's token hash through
 * operator_domain_claims (the API, as the app role); with null as the owner (the command line).
 * The app role reading without a hash sees no organisation's rows.
 */
export async function findOperatorDomainClaims(
  db: Db | Tx, operatorTokenHash: Buffer | null, filter: { status?: DomainClaimStatus | undefined; id?: string | undefined },
): Promise<OperatorDomainClaimRow[]> {
  if (operatorTokenHash) {
    const result = await sql<OperatorDomainClaimRow>`
      select * from operator_domain_claims(${operatorTokenHash}, ${filter.status ?? null}, ${filter.id ?? null}::uuid)`.execute(db);
    return result.rows;
  }
  let query = db
    .selectFrom('sso_domain_claims as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.org_id', 'o.name as org_name', 'o.slug as org_slug', 'c.domain', 'c.status', 'c.claimed_at', 'c.decided_at'])
    .orderBy('c.claimed_at').orderBy('c.id');
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.id) query = query.where('c.id', '=', filter.id);
  return query.execute();
}

/** The live (pending or approved) claim of a domain, as the owner (the command line). */
export async function findLiveDomainClaimId(db: Db, domain: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('sso_domain_claims')
    .where(sql<string>`lower(domain)`, '=', domain.toLowerCase())
    .where('status', '<>', 'rejected')
    .select('id')
    .executeTakeFirst();
  return row?.id;
}

/**
 * Approves or rejects a claim of the transaction's organisation. The app role has no right to
 * change a claim: with an operator's token hash it goes through sso_decide_domain_claim; with null
 * it is a plain update, which only the owner (the command line) may make.
 */
export async function decideDomainClaim(
  tx: Tx, orgId: string, claimId: string, status: 'approved' | 'rejected', operatorTokenHash: Buffer | null,
): Promise<DomainClaimRow | undefined> {
  if (operatorTokenHash) {
    const result = await sql<DomainClaimRow>`select * from sso_decide_domain_claim(${operatorTokenHash}, ${claimId}::uuid, ${status})`.execute(tx);
    return result.rows[0];
  }
  return tx
    .updateTable('sso_domain_claims')
    .set({ status, decided_at: sql`now()` })
    .where('org_id', '=', orgId)
    .where('id', '=', claimId)
    .returning(CLAIM_COLUMNS)
    .executeTakeFirst();
}
