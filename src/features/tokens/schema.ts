// Shapes of the integration-token API.
import { z } from 'zod';

export const TOKEN_SCOPES = ['read', 'people:import', 'sessions'] as const;

export const TokenBody = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('What the token is for, e.g. "HR sync"'),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).max(TOKEN_SCOPES.length)
    .describe('read: every GET; sessions: publish, change, cancel and reassign sessions; people:import: the CSV import'),
});

export const Token = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revoked: z.boolean(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'IntegrationToken' });

export const NewToken = Token.extend({
  token: z.string().describe('The secret, shown this once: send it as `Authorization: Bearer <token>`'),
}).meta({ id: 'NewIntegrationToken' });

export const TokenList = z.object({ tokens: z.array(Token) });

export const TokenIdParams = z.object({ id: z.uuid() });
