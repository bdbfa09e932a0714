// The operator's work: organisations created, suspended, resumed and listed, their admins
// appointed, and their single sign-on domains approved or rejected. Operators belong to no
// organisation; each change runs in a transaction scoped to the organisation it touches (inOrg),
// so the app role needs no power over the others. The command line calls the same functions as
// the owner.
import { violatedConstraint } from '../../db/errors.ts';
import type { Db } from '../../db/pool.ts';
import type { DomainClaimStatus } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { InputError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { MODULE_LIBRARY } from './module-library.ts';
import { recordAuditEntries } from '../audit/service.ts';
import {
  claimDomains, claimsForOperator, listClaimsOf, presentClaimForOperator, setClaimDecision, type OperatorDomainClaimView,
} from '../sso/domain-claims.ts';
import {
  findOperator, findOrganisationSummary, insertModules, insertNewOrganisation, insertOperatorToken, listOrganisationsForOperator,
  lockPersonByEmail, setOrganisationStatus as setOrganisationStatusQuery, upsertAdmin, type OrganisationSummaryRow,
} from './queries.ts';

/** Recognisable in logs and by secret scanners; the rest is 256 random bits. */
export const OPERATOR_TOKEN_PREFIX = 'qop_';

export interface Operator {
  tokenId: string;
  name: string;
  /** Asked for again by the database for the one read across organisations. */
  tokenHash: Buffer;
}

export interface NewOrganisation {
  id: string;
  name: string;
  slug: string;
  timeZone?: string | undefined;
  admin: { email: string; name: string };
  /** Single sign-on domains approved at once: the operator vouches for them as it creates the organisation. */
  ssoDomains?: string[] | undefined;
}

export interface AdminAppointment {
  email: string;
  name: string;
  timeZone?: string | undefined;
  /** A deactivated person is made active again only when the operator says so. */
  reactivate?: boolean | undefined;
}

export function presentOrganisation(row: OrganisationSummaryRow) {
  return {
    id: row.id, name: row.name, slug: row.slug, status: row.status, defaultTimeZone: row.default_time_zone,
    createdAt: row.created_at.toISOString(), activePeople: Number(row.active_people), admins: Number(row.admins),
  };
}
export type OrganisationView = ReturnType<typeof presentOrganisation>;

function checkZone(zone: string, field: string) {
  if (!isTimeZone(zone)) throw new InputError([{ field, message: 'is not an IANA time zone' }]);
}

/**
 * Creates the organisation with a copy of the module library and its first admin. Run inside
 * inOrg(db, input.id): the new row is the only one the transaction may write.
 */
/** Who acted, for the audit log: an operator through the API, or the command line on the server. */
export interface OperatorAct {
  kind: 'operator' | 'system';
  id: string | null;
  ip?: string | undefined;
  /**
   * The operator's token, which the database asks for again to decide a domain claim: the app
   * role may not decide one otherwise. The command line, as the owner, has none and needs none.
   */
  tokenHash?: Buffer | undefined;
}
const COMMAND_LINE: OperatorAct = { kind: 'system', id: null };

function record(tx: Tx, orgId: string, by: OperatorAct, action: string, subject: { kind: string; id: string }, detail: Record<string, unknown> = {}) {
  return recordAuditEntries(tx, [{ orgId, actorKind: by.kind, actorId: by.id, action, subjectKind: subject.kind, subjectId: subject.id, ip: by.ip, detail }]);
}

export async function createOrganisation(tx: Tx, input: NewOrganisation, by: OperatorAct = COMMAND_LINE) {
  const zone = input.timeZone ?? 'Europe/Berlin';
  checkZone(zone, 'timeZone');
  if (!(await insertNewOrganisation(tx, { id: input.id, name: input.name, slug: input.slug, defaultTimeZone: zone }))) {
    throw new RuleError('SLUG_TAKEN', `An organisation with the slug "${input.slug}" exists already.`);
  }
  await insertModules(tx, input.id, MODULE_LIBRARY);
  // A new organisation has nobody yet: the admin is always made.
  const admin = (await upsertAdmin(tx, input.id, { email: input.admin.email, name: input.admin.name, timeZone: zone }))!;
  await record(tx, input.id, by, 'organisation.created', { kind: 'organisation', id: input.id }, { slug: input.slug });
  await record(tx, input.id, by, 'people.admin_appointed', { kind: 'person', id: admin.id });
  if (input.ssoDomains?.length) await approveAtCreation(tx, input.id, [...new Set(input.ssoDomains)], by);
  return { organisation: presentOrganisation((await findOrganisationSummary(tx, input.id))!), admin: presentAdmin(admin, false) };
}

// The operator works for the host, not for the organisation: it learns what it did, never the
// person behind an address it typed (their name, their other roles). Whether the address was new
// there it must learn, as the name it gave was used only then.
function presentAdmin(row: { id: string; email: string; created: boolean }, reactivated: boolean) {
  return { id: row.id, email: row.email, created: row.created, reactivated };
}

export async function setOrganisationStatus(tx: Tx, orgId: string, status: 'active' | 'suspended', by: OperatorAct = COMMAND_LINE): Promise<OrganisationView> {
  if (!(await setOrganisationStatusQuery(tx, orgId, status))) throw new NotFoundError('Organisation');
  await record(tx, orgId, by, status === 'active' ? 'organisation.resumed' : 'organisation.suspended', { kind: 'organisation', id: orgId });
  return presentOrganisation((await findOrganisationSummary(tx, orgId))!);
}

/**
 * Gives the address the admin role in the organisation (creating the person if new). Run inside
 * inOrg(db, orgId). A person the organisation deactivated stays so unless `reactivate` is given:
 * undoing the client's decision is never a side effect, and when it is done the audit log says so.
 */
export async function appointAdmin(tx: Tx, orgId: string, input: AdminAppointment, by: OperatorAct = COMMAND_LINE) {
  const org = await findOrganisationSummary(tx, orgId);
  if (!org) throw new NotFoundError('Organisation');
  const zone = input.timeZone ?? org.default_time_zone;
  checkZone(zone, 'timeZone');
  const before = await lockPersonByEmail(tx, orgId, input.email);
  // An erased person's stand-in carries a made-up address; it is nobody to appoint.
  if (before?.stand_in) throw new InputError([{ field: 'email', message: 'is the address of no person' }]);
  const admin = await upsertAdmin(tx, orgId, { email: input.email, name: input.name, timeZone: zone, reactivate: input.reactivate });
  if (!admin) throw deactivated();
  const reactivated = before !== undefined && !before.active;
  if (reactivated) {
    await record(tx, orgId, by, 'people.changed', { kind: 'person', id: admin.id }, { fields: ['active'], active: { from: false, to: true } });
  }
  await record(tx, orgId, by, 'people.admin_appointed', { kind: 'person', id: admin.id }, reactivated ? { reactivated: true } : {});
  return presentAdmin(admin, reactivated);
}

const deactivated = () => new RuleError('ADMIN_DEACTIVATED',
  'This address belongs to a person the organisation deactivated; nothing was changed. To reactivate them and make them an admin, ' +
  'send reactivate: true (the command line: --reactivate).');

export async function listOrganisations(db: Db, operator: Operator): Promise<OrganisationView[]> {
  return (await listOrganisationsForOperator(db, operator.tokenHash)).map(presentOrganisation);
}

/** The operator behind a bearer token, or undefined. */
export async function authenticateOperator(db: Db, token: string, now = new Date()): Promise<Operator | undefined> {
  if (!token.startsWith(OPERATOR_TOKEN_PREFIX)) return undefined;
  const tokenHash = hashSecret(token);
  const row = await findOperator(db, tokenHash, now);
  return row && { tokenId: row.operator_token_id, name: row.name, tokenHash };
}

/** A new operator token (the command line, as the owner): the secret is returned this once. */
export async function createOperatorToken(db: Db, name: string) {
  const token = `${OPERATOR_TOKEN_PREFIX}${newSecret()}`;
  const row = await insertOperatorToken(db, { name, tokenHash: hashSecret(token) });
  return { id: row.id, name, createdAt: row.created_at.toISOString(), token };
}

// ---- Single sign-on domains (migration 015): an organisation's admin claims them, the operator
// decides. A claim is read and decided through functions that ask for the operator's token again.

const heldElsewhere = (domains: string[]) =>
  new RuleError('SSO_DOMAIN_TAKEN', `${domains.join(', ')}: pending or approved for another organisation; reject that claim first.`, { domains });

async function approveAtCreation(tx: Tx, orgId: string, domains: string[], by: OperatorAct) {
  try {
    await claimDomains(tx, orgId, domains);
  } catch (error) {
    if (error instanceof RuleError && error.code === 'SSO_DOMAIN_TAKEN') throw heldElsewhere(error.details!.domains as string[]);
    throw error;
  }
  for (const claim of await listClaimsOf(tx, orgId)) await decideDomainClaim(tx, orgId, claim.id, 'approved', by);
}

export async function listDomainClaims(db: Db, status?: DomainClaimStatus, by: OperatorAct = COMMAND_LINE): Promise<OperatorDomainClaimView[]> {
  return (await claimsForOperator(db, by.tokenHash ?? null, { status })).map(presentClaimForOperator);
}

/** The organisation of a claim, to scope the transaction that decides it. */
export async function organisationOfDomainClaim(db: Db, claimId: string, by: OperatorAct = COMMAND_LINE): Promise<string> {
  const [claim] = await claimsForOperator(db, by.tokenHash ?? null, { id: claimId });
  if (!claim) throw new NotFoundError('Domain claim');
  return claim.org_id;
}

/**
 * Approves or rejects a claim (either may be undone by the other). Run inside inOrg(db, orgId).
 * Approving a domain another organisation holds, pending or approved, is refused: the unique
 * index says so, whatever else is deciding at the same moment.
 */
export async function decideDomainClaim(
  tx: Tx, orgId: string, claimId: string, decision: 'approved' | 'rejected', by: OperatorAct = COMMAND_LINE,
): Promise<OperatorDomainClaimView> {
  const read = async () => (await claimsForOperator(tx, by.tokenHash ?? null, { id: claimId })).find((c) => c.org_id === orgId);
  const claim = await read();
  if (!claim) throw new NotFoundError('Domain claim');
  if (claim.status === decision) return presentClaimForOperator(claim);
  try {
    if (!(await setClaimDecision(tx, orgId, claimId, decision, by.tokenHash ?? null))) throw new NotFoundError('Domain claim');
  } catch (error) {
    if (violatedConstraint(error) === 'sso_domain_claims_one_org_per_domain') throw heldElsewhere([claim.domain]);
    throw error;
  }
  await record(tx, orgId, by, `sso.domain_${decision}`, { kind: 'sso_domain_claim', id: claimId }, { domain: claim.domain });
  return presentClaimForOperator((await read())!);
}
