// HTTP routes of the suggestion board and its owners.
import { z } from 'zod';
import { inOrg } from '../../../db/transaction.ts';
import { signedIn } from '../../../http/auth.ts';
import type { App, AppContext } from '../../../http/context.ts';
import { commonErrors } from '../../../http/errors.ts';
import { FIGURES_TAG } from '../../../lib/privacy-floor.ts';
import { BoardAccess, BoardChange, BoardDetail, BoardPage, BoardQuery, CommentBody, ExportQuery, IdParams, MergeBody, OwnerAppointment, OwnerList, PersonParams } from './schema.ts';
import { addComment, appointOwner, changeOnBoard, dismissOwner, mergeSuggestion } from './service.ts';
import { boardCsv, boardXlsx } from './export.ts';
import { boardAccess, boardRowsForExport, readBoard, readBoardItem, readOwners } from './views.ts';

const tags = ['Suggestion board'];
/** Answers with suggestions carry their support count: a figure about people. */
const figureTags = [...tags, FIGURES_TAG];
const security = [{ session: [] }];

export function registerBoardRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get('/api/board/access', {
    schema: { tags, security, summary: 'Whether the reader works on the suggestion board', response: { 200: BoardAccess, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => boardAccess(tx, actor));
  });

  app.get('/api/board/suggestions', {
    schema: {
      tags: figureTags, security, summary: 'Suggestions on the board, filtered and sorted, a page at a time (admins; owners see theirs)',
      querystring: BoardQuery, response: { 200: BoardPage, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readBoard(tx, actor, request.query));
  });

  app.get('/api/board/export.csv', {
    schema: {
      tags: figureTags, security, summary: 'The board with its filter as CSV (UTF-8; formula-like text neutralised), at most 100,000 rows',
      querystring: ExportQuery,
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const rows = await inOrg(db, actor.orgId, (tx) => boardRowsForExport(tx, actor, request.query));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="suggestions.csv"').send(boardCsv(rows, actor.locale));
  });

  app.get('/api/board/export.xlsx', {
    schema: {
      tags: figureTags, security, summary: 'The board with its filter as an Excel workbook, at most 100,000 rows',
      querystring: ExportQuery,
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const rows = await inOrg(db, actor.orgId, (tx) => boardRowsForExport(tx, actor, request.query));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="suggestions.xlsx"').send(await boardXlsx(rows, actor.locale));
  });

  app.get('/api/board/suggestions/:id', {
    schema: { tags: figureTags, security, summary: 'One suggestion with its internal notes and merged duplicates', params: IdParams, response: { 200: BoardDetail, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readBoardItem(tx, actor, request.params.id));
  });

  app.patch('/api/board/suggestions/:id', {
    schema: {
      tags: figureTags, security, summary: 'Set status, response (the group reads it) or owner (admins)',
      description: '409 SUGGESTION_CHANGED when another change came first; SUGGESTION_MERGED for a merged duplicate. A decline needs a response (400).',
      params: IdParams, body: BoardChange, response: { 200: BoardDetail, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await changeOnBoard(tx, actor, request.params.id, request.body);
      return readBoardItem(tx, actor, request.params.id);
    });
  });

  app.post('/api/board/suggestions/:id/comments', {
    schema: { tags: figureTags, security, summary: 'Add an internal note (never shown to the group)', params: IdParams, body: CommentBody, response: { 201: BoardDetail, ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const view = await inOrg(db, actor.orgId, async (tx) => {
      await addComment(tx, actor, request.params.id, request.body.body);
      return readBoardItem(tx, actor, request.params.id);
    });
    return reply.code(201).send(view);
  });

  app.post('/api/board/suggestions/:id/merge', {
    schema: {
      tags: figureTags, security, summary: 'Merge this duplicate into another suggestion; it then shows that one’s status and response',
      params: IdParams, body: MergeBody, response: { 200: BoardDetail, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await mergeSuggestion(tx, actor, request.params.id, request.body);
      return readBoardItem(tx, actor, request.body.intoId);
    });
  });

  app.get('/api/admin/suggestion-owners', {
    schema: { tags, security, summary: 'Suggestion owners and what they work on (admin)', response: { 200: OwnerList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readOwners(tx, actor));
  });

  app.put('/api/admin/suggestion-owners/:personId', {
    schema: {
      tags, security, summary: 'Appoint a person suggestion owner for categories and areas, or change what they own (admin)',
      params: PersonParams, body: OwnerAppointment, response: { 200: OwnerList, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await appointOwner(tx, actor, request.params.personId, request.body);
      return readOwners(tx, actor);
    });
  });

  app.delete('/api/admin/suggestion-owners/:personId', {
    schema: { tags, security, summary: 'No longer a suggestion owner (admin)', params: PersonParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => dismissOwner(tx, actor, request.params.personId));
    return reply.code(204).send(null);
  });
}
