// Health and metrics for whoever runs Quartet: /healthz (process up), /readyz (database reachable),
// /metrics (Prometheus).
import { z } from 'zod';
import { ping } from '../db/pool.ts';
import type { App, AppContext } from './context.ts';

export function registerOpsRoutes(app: App, ctx: AppContext) {
  app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ping(ctx.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
