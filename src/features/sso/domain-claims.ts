// The e-mail domains of single sign-on (security review finding M1): each is held by one
// organisation, and routes sign-ins only once an operator has approved it. An admin claims and
// releases domains through the settings (service.ts); operators decide
// (organisations/operator-service.ts). The unique index of migration 015 decides who holds a
// domain, so two organisations claiming one at the same moment cannot both get it.
import type { DomainClaimStatus } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { RuleError } from '../../lib/errors.ts';
import * as q from './queries.ts';

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
  const held = await q.listDomainClaims(tx, orgId);
  await q.deleteDomainClaims(tx, orgId, held.filter((c) => !wanted.includes(c.domain)).map((c) => c.id));
  const fresh = wanted.filter((d) => !held.some((c) => c.domain === d));
  const inserted = await q.insertDomainClaims(tx, orgId, fresh);
  const missing = fresh.filter((d) => !inserted.includes(d));
  if (missing.length === 0) return;
  // A concurrent save of this organisation may have claimed it a moment ago: that one is ours.
  const ours = new Set((await q.listDomainClaims(tx, orgId)).map((c) => c.domain));
  const taken = missing.filter((d) => !ours.has(d));
  if (taken.length > 0) throw domainTaken(taken);
}

export interface DomainClaimView {
  domain: string;
  status: DomainClaimStatus;
}

export const presentDomainClaim = (row: q.DomainClaimRow): DomainClaimView => ({ domain: row.domain, status: row.status });

/** A claim as the operator sees it: with the organisation that made it. */
export function presentClaimForOperator(row: q.OperatorDomainClaimRow) {
  return {
    id: row.id, domain: row.domain, status: row.status, claimedAt: row.claimed_at.toISOString(), decidedAt: row.decided_at?.toISOString() ?? null,
    organisation: { id: row.org_id, name: row.org_name, slug: row.org_slug },
  };
}
export type OperatorDomainClaimView = ReturnType<typeof presentClaimForOperator>;
