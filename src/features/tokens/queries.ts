// Integration tokens. Looked up by the hash of their secret before anyone is known, through the
// security-definer function of migration 007; everything else runs inside the organisation.
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type { Locale, Role, TokenScope } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

const COLUMNS = ['id', 'name', 'scopes', 'created_at', 'last_used_at', 'revoked_at'] as const;

export interface TokenRow {
  id: string;
  name: string;
  scopes: TokenScope[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export async function insertToken(tx: Tx, v: { orgId: string; name: string; scopes: TokenScope[]; tokenHash: Buffer; createdBy: string }): Promise<TokenRow> {
  return tx
    .insertInto('api_tokens')
    .values({ org_id: v.orgId, name: v.name, scopes: v.scopes, token_hash: v.tokenHash, created_by: v.createdBy })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function listTokens(tx: Tx, orgId: string): Promise<TokenRow[]> {
  return tx.selectFrom('api_tokens').where('org_id', '=', orgId).select(COLUMNS).orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Revokes the token (a second revoke keeps the first time); undefined if there is no such token. */
export async function revokeToken(tx: Tx, orgId: string, id: string): Promise<TokenRow | undefined> {
  return tx
    .updateTable('api_tokens')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();
}

export interface LiveTokenRow {
  token_id: string;
  org_id: string;
  person_id: string;
  scopes: TokenScope[];
  roles: Role[];
  time_zone: string;
  locale: Locale;
  last_used_at: Date | null;
}

export async function findLiveToken(db: Db, tokenHash: Buffer): Promise<LiveTokenRow | undefined> {
  return (await sql<LiveTokenRow>`select * from auth_api_token(${tokenHash})`.execute(db)).rows[0];
}

export async function touchToken(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
