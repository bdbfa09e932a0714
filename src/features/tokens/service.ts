// Integration tokens for HR systems and scripts. A token acts for the admin who made it (so
// everything it does is someone's doing, and it can never do more than that admin), limited to its
// scopes: read -> GET routes; sessions -> publish, change, cancel, reassign sessions;
// people:import -> the CSV import. It stops working when revoked, when its organisation is
// suspended, and when its admin leaves or loses the admin role. Only its SHA-256 hash is stored.
import type { Db } from '../../db/pool.ts';
import type { TokenScope } from '../../db/schema.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import { requirePerson, requireRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { audit } from '../audit/service.ts';
import { presentToken, type TokenView } from './presenters.ts';
import { findLiveToken, insertToken, listTokens as tokenRows, revokeToken as markTokenRevoked, touchToken } from './queries.ts';

/** Recognisable in logs and by secret scanners; the rest is 256 random bits. */
export const TOKEN_PREFIX = 'qt_';
// As for cookie sessions: a write per request would turn every read into a write.
const TOUCH_AFTER_MS = 60_000;

/** Tokens are managed by admins signed in themselves: a token cannot make or revoke tokens. */
function requireTokenAdmin(actor: Actor) {
  requirePerson(actor);
  requireRole(actor, 'admin');
}

export async function createToken(tx: Tx, actor: Actor, input: { name: string; scopes: TokenScope[] }): Promise<TokenView & { token: string }> {
  requireTokenAdmin(actor);
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const scopes = [...new Set(input.scopes)].sort();
  const row = await insertToken(tx, { orgId: actor.orgId, name: input.name, scopes, tokenHash: hashSecret(token), createdBy: actor.personId });
  await audit(tx, actor, 'token.created', { kind: 'api_token', id: row.id }, { name: row.name, scopes });
  return { ...presentToken(row), token };
}

export async function listTokens(tx: Tx, actor: Actor): Promise<TokenView[]> {
  requireTokenAdmin(actor);
  return (await tokenRows(tx, actor.orgId)).map(presentToken);
}

export async function revokeToken(tx: Tx, actor: Actor, id: string): Promise<TokenView> {
  requireTokenAdmin(actor);
  const row = await markTokenRevoked(tx, actor.orgId, id);
  if (!row) throw new NotFoundError('Token');
  await audit(tx, actor, 'token.revoked', { kind: 'api_token', id: row.id }, { name: row.name });
  return presentToken(row);
}

/** The actor behind a bearer token, or undefined if it is unknown, revoked or no longer valid. */
export async function authenticateToken(db: Db, token: string, now = new Date()): Promise<Actor | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await findLiveToken(db, hashSecret(token));
  if (!row) return undefined;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_AFTER_MS) {
    await inOrg(db, row.org_id, (tx) => touchToken(tx, row.token_id, now));
  }
  return {
    orgId: row.org_id, personId: row.person_id, roles: row.roles, timeZone: row.time_zone, locale: row.locale,
    scopes: row.scopes, tokenId: row.token_id,
  };
}
