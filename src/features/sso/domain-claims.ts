// The e-mail domains of single sign-on (security review finding M1): each is held by one
// organisation, and routes sign-ins only once an operator has approved it. An admin claims and
// releases domains through the settings (service.ts); operators decide
// (organisations/operator-service.ts). The unique index of migration 015 decides who holds a
// domain, so two organisations claiming one at the same moment cannot both get it.
import type { Db } from '../../db/pool.ts';
import type { DomainClaimStatus } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { RuleError } from '../../lib/errors.ts';
import {
  decideDomainClaim, deleteDomainClaims, findLiveDomainClaimId, findOperatorDomainClaims, insertDomainClaims, listDomainClaims,
  type DomainClaimRow, type OperatorDomainClaimRow,
} from './queries.ts';

/** Refuses domains another organisation holds. It does not say which: that is theirs to know. */
export function domainTaken(domains: string[]): RuleError {
  const one = domains.length === 1;
  return new RuleError(
    'SSO_DOMAIN_TAKEN',
    `${domains.join(', ')} ${one ? 'is' : 'are'} already claimed by another organisation; nothing was changed. ` +
      `If ${one ? 'it is' : 'they are'} yours, ask the operator of this Quartet service.`,
    { domains },
  );
}

/**
 * Makes the organisation's claims exactly `wanted`: a new domain is claimed (pending), a domain
 * left out is released, and the others keep their status, so saving the settings again neither
 * re-opens a rejected claim nor withdraws an approval.
 */
export async function claimDomains(tx: Tx, orgId: string, wanted: string[]): Promise<void> {
  const held = await listDomainClaims(tx, orgId);
  await deleteDomainClaims(tx, orgId, held.filter((c) => !wanted.includes(c.domain)).map((c) => c.id));
  const fresh = wanted.filter((d) => !held.some((c) => c.domain === d));
  const inserted = await insertDomainClaims(tx, orgId, fresh);
  const missing = fresh.filter((d) => !inserted.includes(d));
  if (missing.length === 0) return;
  // A concurrent save of this organisation may have claimed it a moment ago: that one is ours.
  const ours = new Set((await listDomainClaims(tx, orgId)).map((c) => c.domain));
  const taken = missing.filter((d) => !ours.has(d));
  if (taken.length > 0) throw domainTaken(taken);
}

export interface DomainClaimView {
  domain: string;
  status: DomainClaimStatus;
}

export const presentDomainClaim = (row: DomainClaimRow): DomainClaimView => ({ domain: row.domain, status: row.status });

/** A claim as the operator sees it: with the organisation that made it. */
export function presentClaimForOperator(row: OperatorDomainClaimRow) {
  return {
    id: row.id, domain: row.domain, status: row.status, claimedAt: row.claimed_at.toISOString(), decidedAt: row.decided_at?.toISOString() ?? null,
    organisation: { id: row.org_id, name: row.org_name, slug: row.org_slug },
  };
}
export type OperatorDomainClaimView = ReturnType<typeof presentClaimForOperator>;

// What the operator side (organisations/operator-service.ts, operator-cli.ts) reads and decides.

/** The organisation's own claims. */
export function listClaimsOf(tx: Tx, orgId: string): Promise<DomainClaimRow[]> {
  return listDomainClaims(tx, orgId);
}

/** Claims across organisations: through the operator's token hash (the API), or as the owner with null. */
export function claimsForOperator(
  db: Db | Tx, operatorTokenHash: Buffer | null, filter: { status?: DomainClaimStatus | undefined; id?: string | undefined },
): Promise<OperatorDomainClaimRow[]> {
  return findOperatorDomainClaims(db, operatorTokenHash, filter);
}

/** Approves or rejects a claim of the transaction's organisation; undefined if there is no such claim. */
export function setClaimDecision(
  tx: Tx, orgId: string, claimId: string, status: 'approved' | 'rejected', operatorTokenHash: Buffer | null,
): Promise<DomainClaimRow | undefined> {
  return decideDomainClaim(tx, orgId, claimId, status, operatorTokenHash);
}

/** The live (pending or approved) claim of a domain, as the owner (the command line). */
export function liveClaimIdOf(db: Db, domain: string): Promise<string | undefined> {
  return findLiveDomainClaimId(db, domain);
}
