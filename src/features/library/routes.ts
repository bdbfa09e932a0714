// The admin's module library and rooms.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { TimeZone } from '../../lib/zones.ts';
import { addModule, addRoom, changeModule, changeRoom } from './service.ts';

const Locale = z.enum(['en', 'de']);
const Module = z.object({
  id: z.uuid(), code: z.string(), title: z.string(), summary: z.string(), language: Locale, durationMinutes: z.number().int(), retired: z.boolean(),
});
const Room = z.object({ id: z.uuid(), name: z.string(), site: z.string(), capacity: z.number().int(), timeZone: z.string(), retired: z.boolean() });
const Title = z.string().trim().min(1).max(200);
const Summary = z.string().trim().max(4000);
const Duration = z.number().int().min(15).max(480);
const IdParams = z.object({ id: z.uuid() });

export function registerLibraryRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const security = [{ session: [] }];

  app.post('/api/admin/modules', {
    schema: {
      tags: ['Library'], security, summary: 'Add a module to the library (admin)',
      body: z.strictObject({
        // Stored in capitals; the pattern admits either case so the published schema says what is accepted.
        code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, 'letters, digits and -, 2 to 32 characters'),
        title: Title, summary: Summary.optional(), language: Locale, durationMinutes: Duration.optional(),
      }),
      response: { 201: Module, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    return reply.code(201).send(await inOrg(db, actor.orgId, (tx) => addModule(tx, actor, request.body)));
  });

  app.patch('/api/admin/modules/:id', {
    schema: {
      tags: ['Library'], security, summary: 'Edit a module, or retire it (retired: true) or bring it back (admin)',
      params: IdParams,
      body: z.strictObject({ title: Title.optional(), summary: Summary.optional(), language: Locale.optional(), durationMinutes: Duration.optional(), retired: z.boolean().optional() })
        .refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' }),
      response: { 200: Module, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changeModule(tx, actor, request.params.id, request.body));
  });

  app.post('/api/admin/rooms', {
    schema: {
      tags: ['Library'], security, summary: 'Add a room (admin)',
      body: z.strictObject({ name: Title, site: Title, capacity: z.number().int().min(2).max(500), timeZone: TimeZone }),
      response: { 201: Room, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    return reply.code(201).send(await inOrg(db, actor.orgId, (tx) => addRoom(tx, actor, request.body)));
  });

  app.patch('/api/admin/rooms/:id', {
    schema: {
      tags: ['Library'], security, summary: 'Edit a room, or retire it (retired: true) or bring it back (admin)',
      description: '409 ROOM_TOO_SMALL when planned sessions would no longer fit, ROOM_IN_USE when retiring a room with upcoming sessions.',
      params: IdParams,
      body: z.strictObject({ name: Title.optional(), site: Title.optional(), capacity: z.number().int().min(2).max(500).optional(), timeZone: TimeZone.optional(), retired: z.boolean().optional() })
        .refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' }),
      response: { 200: Room, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changeRoom(tx, actor, request.params.id, request.body));
  });
}
