// HTTP routes of a session's suggestions and the categories they are filed under.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import {
  CategoriesQuery, CategoryChange, CategoryList, CategoryView, GroupSuggestions, IdParams, MySuggestions, NewCategory, NewSuggestion,
  Reflection, ReflectionBody, RemovalQuery, SuggestionChange, SuggestionView,
} from './schema.ts';
import { addCategory, addSuggestion, changeCategory, changeSuggestion, markReflection, removeSuggestion } from './service.ts';
import { categories, groupSuggestions, mySuggestions, oneSuggestion } from './views.ts';

const tags = ['Suggestions'];
const security = [{ session: [] }];
const windowRules = '409 SUGGESTIONS_NOT_OPEN before the session starts, SUGGESTIONS_CLOSED after its window, SESSION_CANCELLED.';

export function registerSuggestionRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get('/api/sessions/:id/suggestions', {
    schema: {
      tags, security, summary: "The group's suggestions and the module's question (the coach, admins, the session's participants)",
      params: IdParams, response: { 200: GroupSuggestions, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => groupSuggestions(tx, actor, request.params.id));
  });

  app.post('/api/sessions/:id/suggestions', {
    schema: {
      tags, security, summary: "Record one of the group's suggestions (the coach or an admin; participants where the organisation allows)",
      description: windowRules, params: IdParams, body: NewSuggestion, response: { 201: SuggestionView, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const view = await inOrg(db, actor.orgId, async (tx) => oneSuggestion(tx, actor, await addSuggestion(tx, actor, request.params.id, request.body)));
    return reply.code(201).send(view);
  });

  app.put('/api/sessions/:id/reflection', {
    schema: {
      tags, security, summary: 'Record that the group had no suggestions, or take that back (the coach or an admin)',
      description: `${windowRules} SESSION_HAS_SUGGESTIONS while suggestions are recorded.`,
      params: IdParams, body: ReflectionBody, response: { 200: Reflection, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => markReflection(tx, actor, request.params.id, request.body.noSuggestions));
  });

  app.patch('/api/suggestions/:id', {
    schema: {
      tags, security, summary: 'Change a suggestion the board has not taken up yet',
      description: `${windowRules} SUGGESTION_CHANGED when another change came first (the answer carries the current version); SUGGESTION_TAKEN_UP once its status moved on.`,
      params: IdParams, body: SuggestionChange, response: { 200: SuggestionView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, async (tx) => {
      await changeSuggestion(tx, actor, request.params.id, request.body);
      return oneSuggestion(tx, actor, request.params.id);
    });
  });

  app.delete('/api/suggestions/:id', {
    schema: {
      tags, security, summary: 'Remove a suggestion the board has not taken up yet', description: windowRules,
      params: IdParams, querystring: RemovalQuery, response: { 204: z.null(), ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => removeSuggestion(tx, actor, request.params.id, request.query.version));
    return reply.code(204).send(null);
  });

  app.get('/api/me/suggestions', {
    schema: { tags, security, summary: 'What became of the suggestions of the groups you were part of', response: { 200: MySuggestions, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => mySuggestions(tx, actor));
  });

  app.get('/api/suggestion-categories', {
    schema: { tags, security, summary: 'What suggestions are filed under', querystring: CategoriesQuery, response: { 200: CategoryList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => categories(tx, actor, request.query.includeRetired === 'true'));
  });

  app.post('/api/admin/suggestion-categories', {
    schema: { tags, security, summary: 'Add a category (admin)', body: NewCategory, response: { 201: CategoryView, ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    return reply.code(201).send(await inOrg(db, actor.orgId, (tx) => addCategory(tx, actor, request.body)));
  });

  app.patch('/api/admin/suggestion-categories/:id', {
    schema: {
      tags, security, summary: 'Rename, reorder, retire (retired: true) or bring back a category (admin)',
      params: IdParams, body: CategoryChange, response: { 200: CategoryView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changeCategory(tx, actor, request.params.id, request.body));
  });
}
