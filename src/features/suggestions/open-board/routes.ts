// HTTP routes of the open board: employees read the board and support suggestions, when their
// organisation opened it.
import { inOrg } from '../../../db/transaction.ts';
import { signedIn } from '../../../http/auth.ts';
import type { App, AppContext } from '../../../http/context.ts';
import { commonErrors } from '../../../http/errors.ts';
import { FIGURES_TAG } from '../../../lib/privacy-floor.ts';
import { IdeaDetail, IdeasPage, IdeasQuery, IdParams, SupportState } from './schema.ts';
import { support, withdrawSupport } from './service.ts';
import { readIdea, readIdeas } from './views.ts';

// Every answer carries a support count: a figure about people.
const tags = ['Open suggestion board', FIGURES_TAG];
const security = [{ session: [] }];
const closedNote = '403 BOARD_CLOSED while the organisation has not opened the board to employees (admins may preview it).';

export function registerOpenBoardRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get('/api/ideas/suggestions', {
    schema: {
      tags, security, summary: "The groups' suggestions as employees read them: filtered, searched, newest or most supported first",
      description: `Merged duplicates are folded into their survivor. ${closedNote}`,
      querystring: IdeasQuery, response: { 200: IdeasPage, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readIdeas(tx, actor, request.query));
  });

  app.get('/api/ideas/suggestions/:id', {
    schema: {
      tags, security, summary: 'One suggestion with what became of it, its support count and the duplicates folded into it',
      description: closedNote, params: IdParams, response: { 200: IdeaDetail, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readIdea(tx, actor, request.params.id));
  });

  app.put('/api/ideas/suggestions/:id/support', {
    schema: {
      tags, security, summary: 'Support a suggestion (once: again changes nothing)',
      description: `409 SUGGESTION_MERGED for a folded duplicate (support its survivor), SUGGESTION_SETTLED once done or declined. ${closedNote}`,
      params: IdParams, response: { 200: SupportState, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => support(tx, actor, request.params.id));
  });

  app.delete('/api/ideas/suggestions/:id/support', {
    schema: {
      tags, security, summary: 'Withdraw your support (none given: no change)',
      description: closedNote, params: IdParams, response: { 200: SupportState, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => withdrawSupport(tx, actor, request.params.id));
  });
}
