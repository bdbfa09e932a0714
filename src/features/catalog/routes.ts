// Reading the module library, rooms and coaches, for publishing and filtering sessions.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { InputError } from '../../lib/errors.ts';
import { listCoaches, listModules, listRooms } from './queries.ts';
import { CoachList, ModuleList, ModulesQuery, RoomList, RoomsQuery } from './schema.ts';

export function registerCatalogRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ['Library'];
  const security = [{ session: [] }];

  app.get('/api/modules', {
    schema: {
      tags, security, summary: 'The module library',
      querystring: ModulesQuery,
      response: { 200: ModuleList, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const rows = await inOrg(db, actor.orgId, (tx) => listModules(tx, actor.orgId, request.query.q || undefined, request.query.includeRetired === 'true'));
    return {
      items: rows.map((m) => ({
        id: m.id, code: m.code, title: m.title, summary: m.summary, language: m.language, durationMinutes: m.duration_minutes, retired: m.retired_at !== null,
        reflectionQuestionEn: m.reflection_question_en, reflectionQuestionDe: m.reflection_question_de,
      })),
    };
  });

  app.get('/api/rooms', {
    schema: {
      tags, security, summary: 'Rooms in use (with includeRetired=true, retired ones too); with freeFrom and freeTo, only those free for that whole time',
      querystring: RoomsQuery,
      response: { 200: RoomList, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const { site, freeFrom, freeTo, includeRetired } = request.query;
    if ((freeFrom === undefined) !== (freeTo === undefined) || (freeFrom && freeTo && new Date(freeFrom) >= new Date(freeTo))) {
      throw new InputError([{ field: 'querystring.freeTo', message: 'give freeFrom and freeTo together, freeTo after freeFrom' }]);
    }
    const free = freeFrom && freeTo ? { from: new Date(freeFrom), to: new Date(freeTo) } : undefined;
    // A retired room is never free for a new session.
    const rows = await inOrg(db, actor.orgId, (tx) => listRooms(tx, actor.orgId, site, free, includeRetired === 'true' && !free));
    return { items: rows.map((r) => ({ id: r.id, name: r.name, site: r.site, capacity: r.capacity, timeZone: r.time_zone, retired: r.retired_at !== null })) };
  });

  app.get('/api/coaches', {
    schema: { tags, security, summary: 'Active learning coaches', response: { 200: CoachList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return { items: await inOrg(db, actor.orgId, (tx) => listCoaches(tx, actor.orgId)) };
  });
}
