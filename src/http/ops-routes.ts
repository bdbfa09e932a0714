// Health and metrics for whoever runs Quartet: /healthz (the process is alive and can recover by
// itself), /readyz (the database answers), /metrics (Prometheus, behind METRICS_TOKEN).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ping } from '../db/pool.ts';
import type { App, AppContext } from './context.ts';
import { DATABASE_RETRY_AFTER_SECONDS } from './errors.ts';

export function registerOpsRoutes(app: App, ctx: AppContext) {
  // An orchestrator restarts a process whose liveness check fails. While the embedded cluster is
  // being restarted, or a database server is away, a restart would not help: only when this
  // process has given up on its database does /healthz say so.
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    if (ctx.canRecover && !ctx.canRecover()) return reply.code(503).send({ status: 'cannot recover' });
    return { status: 'ok' };
  });

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ping(ctx.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).send({ status: 'database unreachable' });
    }
  });

  const token = ctx.config.metricsToken;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    // Without a token the figures are not served at all: they describe the deployment's traffic.
    if (!token) return reply.code(404).send({ code: 'NOT_FOUND', message: 'Metrics are off; set METRICS_TOKEN to serve them.' });
    if (!bearerMatches(request, token)) return refuse(reply);
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(reply: FastifyReply) {
  return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({ code: 'UNAUTHENTICATED', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.' });
}
