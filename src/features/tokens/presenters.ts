// Integration tokens as admins see them: never the secret (it is shown once, when made).
import type { TokenRow } from './queries.ts';

export function presentToken(row: TokenRow) {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revoked: row.revoked_at !== null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export type TokenView = ReturnType<typeof presentToken>;
