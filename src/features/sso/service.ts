// Single sign-on: the organisation's settings, and signing in through its OpenID provider.
// Each refusal is a SignInRefusedError with a stable code; the routes answer it as JSON.
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { audit } from '../audit/service.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { startSession, type SignedIn } from '../auth/service.ts';
import { claimDomains, presentDomainClaim, type DomainClaimView } from './domain-claims.ts';
import { authorizationRequest, discoverProvider, exchangeCode, ProviderUnreachableError, type ProviderIdentity } from './provider.ts';
import { consumeAttempt, defaultTimeZone, deleteExpiredAttempts, findOrganisationsForStart, findPersonByEmail, getSsoSettings, insertAttempt, insertPersonAtSignIn, isDomainApproved, isOrganisationActive, listDomainClaims, saveSsoSettings, type SsoSettingsRow } from './queries.ts';
import type { SsoSettingsInput } from './schema.ts';

/** Long enough to type a password and answer a second factor; short, since the row holds the PKCE verifier. */
export const ATTEMPT_MINUTES = 10;

export class SignInRefusedError extends Error {
  readonly status: 401 | 404 | 502;
  readonly code: string;
  constructor(status: 401 | 404 | 502, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface SsoSettingsView {
  issuer: string | null;
  clientId: string | null;
  clientSecretSet: boolean;
  allowedDomains: string[];
  domains: DomainClaimView[];
  createPeople: boolean;
  loginLinkAllowed: boolean;
  callbackUrl: string;
}

export async function readSsoSettings(tx: Tx, actor: Actor, callbackUrl: string): Promise<SsoSettingsView> {
  requireRole(actor, 'admin');
  const row = await getSsoSettings(tx, actor.orgId);
  const claims = await listDomainClaims(tx, actor.orgId);
  // The secret never leaves: only whether there is one.
  return {
    issuer: row.issuer, clientId: row.client_id, clientSecretSet: row.client_secret !== null,
    allowedDomains: claims.map((c) => c.domain), domains: claims.map(presentDomainClaim),
    createPeople: row.create_people, loginLinkAllowed: row.login_link_allowed, callbackUrl,
  };
}

export async function changeSsoSettings(tx: Tx, actor: Actor, input: SsoSettingsInput, callbackUrl: string): Promise<SsoSettingsView> {
  requireRole(actor, 'admin');
  const stored = await getSsoSettings(tx, actor.orgId);
  // A secret belongs to one client at one provider: switching either off, or to another, drops it
  // unless a new one comes with the change.
  const sameClient = stored.issuer === input.issuer && stored.client_id === input.clientId;
  const secret = input.issuer === null ? null : input.clientSecret ?? (sameClient ? stored.client_secret : null);
  await claimDomains(tx, actor.orgId, [...new Set(input.allowedDomains)]);
  await saveSsoSettings(tx, actor.orgId, {
    issuer: input.issuer, client_id: input.clientId, client_secret: secret, create_people: input.createPeople, login_link_allowed: input.loginLinkAllowed,
  });
  // The secret itself never goes into the log; only whether one is set.
  await audit(tx, actor, 'sso.settings_changed', { kind: 'organisation', id: actor.orgId }, {
    issuer: input.issuer, clientId: input.clientId, clientSecretSet: secret !== null, allowedDomains: input.allowedDomains,
    createPeople: input.createPeople, loginLinkAllowed: input.loginLinkAllowed,
  });
  return readSsoSettings(tx, actor, callbackUrl);
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

async function providerFor(settings: SsoSettingsRow) {
  if (!settings.issuer || !settings.client_id) throw notSetUp();
  try {
    return await discoverProvider({ issuer: settings.issuer, clientId: settings.client_id, clientSecret: settings.client_secret });
  } catch (error) {
    if (!(error instanceof ProviderUnreachableError)) throw error;
    throw new SignInRefusedError(502, 'SSO_PROVIDER_UNREACHABLE', "The organisation's sign-in provider could not be reached. Try again later.");
  }
}

const notSetUp = () => new SignInRefusedError(404, 'SSO_NOT_SET_UP', 'Single sign-on is not set up for this organisation or address.');

export interface StartedSignIn {
  /** The provider's authorization URL to send the browser to. */
  url: string;
  /** For a short-lived cookie: the callback must come back to the browser that started. */
  browserSecret: string;
}

/** Whether an address's domain leads to an organisation with single sign-on set up (what start needs). */
export async function ssoAvailableFor(db: Db, email: string): Promise<boolean> {
  return (await findOrganisationsForStart(db, undefined, domainOf(email))).length === 1;
}

export async function startSignIn(db: Db, where: { org?: string; email?: string }, callbackUrl: string, now = new Date()): Promise<StartedSignIn> {
  const orgs = await findOrganisationsForStart(db, where.org, where.email === undefined ? undefined : domainOf(where.email));
  // One at most: an approved domain is held by one organisation (migration 015).
  if (orgs.length !== 1) throw notSetUp();
  const orgId = orgs[0]!;
  const settings = await inOrg(db, orgId, (tx) => getSsoSettings(tx, orgId));
  const request = await authorizationRequest(await providerFor(settings), callbackUrl, where.email);
  const browserSecret = newSecret();
  await inOrg(db, orgId, async (tx) => {
    await deleteExpiredAttempts(tx, now);
    await insertAttempt(tx, {
      stateHash: hashSecret(request.state), orgId, browserHash: hashSecret(browserSecret),
      nonce: request.nonce, codeVerifier: request.codeVerifier, expiresAt: new Date(now.getTime() + ATTEMPT_MINUTES * 60_000),
    });
  });
  return { url: request.url, browserSecret };
}

export interface ProviderAnswer {
  code?: string | undefined;
  state?: string | undefined;
  iss?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

const refused = (code: string, message: string) => new SignInRefusedError(401, code, message);
const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** The provider's answer -> a new cookie session, or a SignInRefusedError saying why not. */
export async function finishSignIn(
  db: Db,
  v: { answer: ProviderAnswer; browserSecret: string | undefined; callbackUrl: string; previousCookieToken: string | undefined; ip?: string | undefined },
  now = new Date(),
): Promise<SignedIn> {
  const { answer } = v;
  // Used up before anything else: a replayed state (and so a replayed code) finds nothing.
  const attempt = answer.state ? await consumeAttempt(db, hashSecret(answer.state), now) : undefined;
  const sameBrowser = attempt !== undefined && v.browserSecret !== undefined && timingSafeEqual(hashSecret(v.browserSecret), attempt.browser_hash);
  if (!attempt || !sameBrowser) {
    throw refused('SSO_STATE_INVALID', 'This sign-in was already used, has expired, or was started in another browser. Start again.');
  }
  if (answer.error !== undefined) throw refused('SSO_PROVIDER_REFUSED', `The sign-in provider refused: ${answer.error}.`);
  const settings = await inOrg(db, attempt.org_id, (tx) => getSsoSettings(tx, attempt.org_id));
  const config = await providerFor(settings);

  const url = new URL(v.callbackUrl);
  for (const key of ['code', 'state', 'iss'] as const) if (answer[key] !== undefined) url.searchParams.set(key, answer[key]);
  let identity: ProviderIdentity;
  try {
    identity = await exchangeCode(config, url, { state: answer.state!, nonce: attempt.nonce, codeVerifier: attempt.code_verifier });
  } catch {
    throw refused('SSO_PROVIDER_REFUSED', 'The sign-in provider did not confirm who you are. Start again.');
  }

  const email = Email.safeParse(identity.email);
  if (!email.success) throw refused('SSO_NO_EMAIL', 'The sign-in provider gave no usable e-mail address.');
  if (identity.emailVerified === false || identity.emailVerified === 'false') {
    throw refused('SSO_EMAIL_UNVERIFIED', 'The sign-in provider has not verified this e-mail address.');
  }

  const person = await inOrg(db, attempt.org_id, async (tx) => {
    // Suspended since the start: startSession would refuse, and a person made here first would stay.
    if (!(await isOrganisationActive(tx, attempt.org_id))) throw notSetUp();
    // Checked now, not at the start: the operator may have withdrawn the domain meanwhile.
    if (!(await isDomainApproved(tx, attempt.org_id, domainOf(email.data)))) {
      throw refused('SSO_DOMAIN_NOT_ALLOWED', 'This e-mail address is not in a domain this organisation signs in with.');
    }
    const found = await findPersonByEmail(tx, attempt.org_id, email.data);
    if (found || !settings.create_people) return found;
    return insertPersonAtSignIn(tx, {
      orgId: attempt.org_id,
      email: email.data,
      name: nameFrom(identity.name, email.data),
      timeZone: await defaultTimeZone(tx, attempt.org_id),
      locale: typeof identity.locale === 'string' && identity.locale.toLowerCase().startsWith('de') ? 'de' : 'en',
    });
  });
  if (!person) throw refused('SSO_UNKNOWN_PERSON', 'This organisation does not know this e-mail address. Ask its program admin.');
  if (!person.active) throw refused('SSO_PERSON_INACTIVE', 'This account is deactivated. Ask the program admin.');
  const signedIn = await startSession(db, attempt.org_id, person.id, v.previousCookieToken, now, { method: 'sso', ip: v.ip });
  if (!signedIn) throw notSetUp();
  return signedIn;
}

function nameFrom(claim: unknown, email: string): string {
  const name = typeof claim === 'string' ? claim.trim().slice(0, 200) : '';
  return name || email.slice(0, email.lastIndexOf('@')).slice(0, 200);
}
