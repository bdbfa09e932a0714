// Webhooks, for admins: endpoints (add, change, turn on and off, rotate the secret, remove), each
// endpoint's delivery log, and delivering one again. The events themselves are in the OpenAPI
// document's `webhooks` section (schema.ts webhooksDocument).
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { DeliveryList, DeliveryQuery, Endpoint, EndpointBody, EndpointChange, EndpointList, IdParams, SIGNATURE_DESCRIPTION } from './schema.ts';
import { changeEndpoint, createEndpoint, redeliverDelivery, removeEndpoint, rotateSecret } from './service.ts';
import { deliveries, endpoints } from './views.ts';

const tags = ['Webhooks'];
const security = [{ session: [] }];

export function registerWebhookRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const policy = { allowLoopback: ctx.config.webhooksAllowLoopback };

  app.get('/api/admin/webhooks', {
    schema: { tags, security, summary: "The organisation's webhook endpoints, with their secrets (admins)", description: SIGNATURE_DESCRIPTION, response: { 200: EndpointList, ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const list = await inOrg(db, actor.orgId, (tx) => endpoints(tx, actor));
    return reply.header('cache-control', 'no-store').send({ endpoints: list });
  });

  app.post('/api/admin/webhooks', {
    schema: {
      tags, security, summary: 'Add a webhook endpoint (admins)',
      description: 'The URL must be https and must not reach a private, loopback or link-local address. Quartet makes the secret.',
      body: EndpointBody, response: { 201: Endpoint, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const made = await inOrg(db, actor.orgId, (tx) => createEndpoint(tx, actor, request.body, policy));
    return reply.code(201).header('cache-control', 'no-store').send(made);
  });

  app.patch('/api/admin/webhooks/:id', {
    schema: { tags, security, summary: 'Change a webhook endpoint, or turn it on or off (admins)', params: IdParams, body: EndpointChange, response: { 200: Endpoint, ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const changed = await inOrg(db, actor.orgId, (tx) => changeEndpoint(tx, actor, request.params.id, request.body, policy));
    return reply.header('cache-control', 'no-store').send(changed);
  });

  app.post('/api/admin/webhooks/:id/rotate-secret', {
    schema: { tags, security, summary: "Replace a webhook endpoint's secret (admins)", description: 'Deliveries from now on are signed with the new secret.', params: IdParams, response: { 200: Endpoint, ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const changed = await inOrg(db, actor.orgId, (tx) => rotateSecret(tx, actor, request.params.id));
    return reply.header('cache-control', 'no-store').send(changed);
  });

  app.delete('/api/admin/webhooks/:id', {
    schema: { tags, security, summary: 'Remove a webhook endpoint and its delivery log (admins)', params: IdParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => removeEndpoint(tx, actor, request.params.id));
    return reply.code(204).send(null);
  });

  app.get('/api/admin/webhooks/:id/deliveries', {
    schema: { tags, security, summary: "An endpoint's newest deliveries with every attempt and answer (admins)", params: IdParams, querystring: DeliveryQuery, response: { 200: DeliveryList, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return { deliveries: await inOrg(db, actor.orgId, (tx) => deliveries(tx, actor, request.params.id, request.query.limit)) };
  });

  app.post('/api/admin/webhooks/deliveries/:id/redeliver', {
    schema: { tags, security, summary: 'Deliver again (admins): a new round of attempts with the same event id', params: IdParams, response: { 202: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => redeliverDelivery(tx, actor, request.params.id));
    return reply.code(202).send(null);
  });
}
