// Reading the module library, rooms and coaches, for publishing and filtering sessions.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { InputError } from '../../lib/errors.ts';
import { Instant } from '../../lib/time.ts';
import * as q from './queries.ts';

const ModuleView = z.object({
  id: z.uuid(), code: z.string(), title: z.string(), summary: z.string(), language: z.enum(['en', 'de']),
  durationMinutes: z.number().int(), retired: z.boolean(),
});
const RoomView = z.object({ id: z.uuid(), name: z.string(), site: z.string(), capacity: z.number().int(), timeZone: z.string(), retired: z.boolean() });
const CoachView = z.object({ id: z.uuid(), name: z.string(), site: z.string().nullable(), department: z.string().nullable() });

export function registerCatalogRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ['Library'];
  const security = [{ session: [] }];

  app.get('/api/modules', {
    schema: {
      tags, security, summary: 'The module library',
      querystring: z.strictObject({ q: z.string().trim().max(200).optional(), includeRetired: z.enum(['true', 'false']).optional() }),
      response: { 200: z.object({ items: z.array(ModuleView) }), ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const rows = await inOrg(db, actor.orgId, (tx) => q.listModules(tx, actor.orgId, request.query.q || undefined, request.query.includeRetired === 'true'));
    return {
      items: rows.map((m) => ({
        id: m.id, code: m.code, title: m.title, summary: m.summary, language: m.language, durationMinutes: m.duration_minutes, retired: m.retired_at !== null,
      })),
    };
  });

  app.get('/api/rooms', {
    schema: {
      tags, security, summary: 'Rooms in use (with includeRetired=true, retired ones too); with freeFrom and freeTo, only those free for that whole time',
      querystring: z.strictObject({
        site: z.string().max(200).optional(), freeFrom: Instant.optional(), freeTo: Instant.optional(),
        includeRetired: z.enum(['true', 'false']).optional(),
      }),
      response: { 200: z.object({ items: z.array(RoomView) }), ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const { site, freeFrom, freeTo, includeRetired } = request.query;
    if ((freeFrom === undefined) !== (freeTo === undefined) || (freeFrom && freeTo && new Date(freeFrom) >= new Date(freeTo))) {
      throw new InputError([{ field: 'querystring.freeTo', message: 'give freeFrom and freeTo together, freeTo after freeFrom' }]);
    }
    const free = freeFrom && freeTo ? { from: new Date(freeFrom), to: new Date(freeTo) } : undefined;
    // A retired room is never free for a new session.
    const rows = await inOrg(db, actor.orgId, (tx) => q.listRooms(tx, actor.orgId, site, free, includeRetired === 'true' && !free));
    return { items: rows.map((r) => ({ id: r.id, name: r.name, site: r.site, capacity: r.capacity, timeZone: r.time_zone, retired: r.retired_at !== null })) };
  });

  app.get('/api/coaches', {
    schema: { tags, security, summary: 'Active learning coaches', response: { 200: z.object({ items: z.array(CoachView) }), ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return { items: await inOrg(db, actor.orgId, (tx) => q.listCoaches(tx, actor.orgId)) };
  });
}
