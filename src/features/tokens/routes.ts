// Integration tokens: admins make, list and revoke them. Using one is handled in http/auth.ts.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { NewToken, Token, TokenBody, TokenIdParams, TokenList } from './schema.ts';
import { createToken, listTokens, revokeToken } from './service.ts';

const tags = ['Integration tokens'];
const security = [{ session: [] }];

export function registerTokenRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.post('/api/tokens', {
    schema: {
      tags, security, summary: 'Make an integration token (admins)',
      description: 'The answer holds the token itself, once; only its hash is kept. The token acts for the admin who made it, within its scopes.',
      body: TokenBody, response: { 201: NewToken, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const made = await inOrg(db, actor.orgId, (tx) => createToken(tx, actor, request.body));
    return reply.code(201).header('cache-control', 'no-store').send(made);
  });

  app.get('/api/tokens', {
    schema: { tags, security, summary: "The organisation's integration tokens, without secrets (admins)", response: { 200: TokenList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return { tokens: await inOrg(db, actor.orgId, (tx) => listTokens(tx, actor)) };
  });

  app.post('/api/tokens/:id/revoke', {
    schema: { tags, security, summary: 'Revoke an integration token (admins)', params: TokenIdParams, response: { 200: Token, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => revokeToken(tx, actor, request.params.id));
  });
}
