// The admin's module library and rooms.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { ModuleView, RoomView } from '../catalog/schema.ts';
import { LibraryIdParams, ModuleBody, ModuleChange, RoomBody, RoomChange } from './schema.ts';
import { addModule, addRoom, changeModule, changeRoom } from './service.ts';

export function registerLibraryRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const security = [{ session: [] }];

  app.post('/api/admin/modules', {
    schema: {
      tags: ['Library'], security, summary: 'Add a module to the library (admin)',
      body: ModuleBody,
      response: { 201: ModuleView, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    return reply.code(201).send(await inOrg(db, actor.orgId, (tx) => addModule(tx, actor, request.body)));
  });

  app.patch('/api/admin/modules/:id', {
    schema: {
      tags: ['Library'], security, summary: 'Edit a module, or retire it (retired: true) or bring it back (admin)',
      params: LibraryIdParams,
      body: ModuleChange,
      response: { 200: ModuleView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changeModule(tx, actor, request.params.id, request.body));
  });

  app.post('/api/admin/rooms', {
    schema: {
      tags: ['Library'], security, summary: 'Add a room (admin)',
      body: RoomBody,
      response: { 201: RoomView, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    return reply.code(201).send(await inOrg(db, actor.orgId, (tx) => addRoom(tx, actor, request.body)));
  });

  app.patch('/api/admin/rooms/:id', {
    schema: {
      tags: ['Library'], security, summary: 'Edit a room, or retire it (retired: true) or bring it back (admin)',
      description: '409 ROOM_TOO_SMALL when planned sessions would no longer fit, ROOM_IN_USE when retiring a room with upcoming sessions.',
      params: LibraryIdParams,
      body: RoomChange,
      response: { 200: RoomView, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changeRoom(tx, actor, request.params.id, request.body));
  });
}
