// The organisation's OpenID provider, through openid-client: discovery, the authorization URL
// (code flow with PKCE), and the code exchange with the checks of the ID token (signature,
// issuer, audience, expiry, nonce), which openid-client performs.
import * as oidc from 'openid-client';
import { LOOPBACK } from './schema.ts';

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
}

export class ProviderUnreachableError extends Error {}

// Plain http only for a provider on this machine (development and the tests); anywhere else an
// attacker on the network could hand us their own keys.
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK.includes(url.hostname);
}

export async function discoverProvider(settings: ProviderSettings): Promise<oidc.Configuration> {
  const issuer = new URL(settings.issuer);
  // Client secret in HTTP Basic: the method RFC 6749 requires every server to support. Without a
  // secret the client is public, and PKCE alone binds the code to this sign-in.
  const auth = settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None();
  try {
    return await oidc.discovery(issuer, settings.clientId, undefined, auth, isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined);
  } catch (error) {
    throw new ProviderUnreachableError(`discovery at ${issuer.origin} failed: ${String(error)}`);
  }
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function authorizationRequest(config: oidc.Configuration, redirectUri: string, loginHint: string | undefined): Promise<AuthorizationRequest> {
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(loginHint !== undefined && { login_hint: loginHint }),
  });
  return { url: url.href, state, nonce, codeVerifier };
}

export interface ProviderIdentity {
  email: unknown;
  emailVerified: unknown;
  name: unknown;
  locale: unknown;
}

/** Exchanges the code; throws when the provider or any check of its answer says no. */
export async function exchangeCode(
  config: oidc.Configuration, callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string },
): Promise<ProviderIdentity> {
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  let claims: Record<string, unknown> = tokens.claims()!;
  // Many providers put the address only in the userinfo answer (OpenID Connect Core 5.4).
  if (typeof claims.email !== 'string') claims = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub as string)) };
  return { email: claims.email, emailVerified: claims.email_verified, name: claims.name, locale: claims.locale };
}
