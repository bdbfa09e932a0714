// The composition root: assembles the HTTP server from the plumbing in http/ (security headers,
// parsing and validation, cookies, CSRF guard, request log and metrics, the OpenAPI document) and
// every feature's routes, and hands http/ the features that turn secrets into actors.
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { registerAbsenceRoutes } from './features/absences/routes.ts';
import { registerAvailabilityRoutes } from './features/availability/routes.ts';
import { registerCalendarOverlayRoutes } from './features/calendar-overlay/routes.ts';
import { registerPlannerRoutes } from './features/planner/routes.ts';
import { registerDirectoryRoutes } from './features/directory/routes.ts';
import { registerLibraryRoutes } from './features/library/routes.ts';
import { registerDashboardRoutes } from './features/dashboard/routes.ts';
import { registerDataExportRoutes } from './features/data-export/routes.ts';
import { registerErasureRoutes } from './features/erasure/routes.ts';
import { registerAuditRoutes } from './features/audit/routes.ts';
import { registerAuthRoutes } from './features/auth/routes.ts';
import { registerBookingRoutes } from './features/bookings/routes.ts';
import { registerCatalogRoutes } from './features/catalog/routes.ts';
import { registerCohortRoutes } from './features/cohorts/routes.ts';
import { registerDevMailRoutes } from './features/dev-mail/routes.ts';
import { registerEncounterRoutes } from './features/encounters/routes.ts';
import { registerNotificationRoutes } from './features/notifications/routes.ts';
import { registerOperatorRoutes } from './features/organisations/operator-routes.ts';
import { registerOrganisationRoutes } from './features/organisations/routes.ts';
import { registerPeopleRoutes } from './features/people/routes.ts';
import { registerPrivacyNoticeRoutes } from './features/privacy-notice/routes.ts';
import { registerPrivacyRoutes } from './features/privacy/routes.ts';
import { registerRetentionRoutes } from './features/retention/routes.ts';
import { registerSetupChecklistRoutes } from './features/setup-checklist/routes.ts';
import { registerSessionRoutes } from './features/sessions/routes.ts';
import { registerSeriesRoutes } from './features/series/routes.ts';
import { registerSsoRoutes } from './features/sso/routes.ts';
import { registerSuggestionRoutes } from './features/suggestions/routes.ts';
import { registerBoardRoutes } from './features/suggestions/board/routes.ts';
import { registerCampaignRoutes } from './features/suggestions/campaign/routes.ts';
import { registerFeedbackRoutes } from './features/feedback/routes.ts';
import { registerOpenBoardRoutes } from './features/suggestions/open-board/routes.ts';
import { registerTokenRoutes } from './features/tokens/routes.ts';
import { webhooksDocument } from './features/webhooks/schema.ts';
import { registerWebhookRoutes } from './features/webhooks/routes.ts';
import { registerWaitingListRoutes } from './features/waiting-list/routes.ts';
import { fillFreedSeats, seatRules } from './features/bookings/service.ts';
import { authenticate } from './features/auth/service.ts';
import { authenticateToken } from './features/tokens/service.ts';
import { resolveActorsWith } from './http/auth.ts';
import type { App, AppContext } from './http/context.ts';
import { clientErrorHandler, errorHandler, notFoundHandler } from './http/errors.ts';
import { registerOpsRoutes } from './http/ops-routes.ts';
import { originGuard } from './http/origin.ts';
import { docsPageCsp, registerSecurityHeaders } from './http/security-headers.ts';
import { validatorCompiler } from './http/validation.ts';
import { FIGURES_TAG, FIGURES_TAG_DESCRIPTION } from './lib/privacy-floor.ts';
import { registerWebApp } from './http/web-app.ts';

export async function buildApp(ctx: AppContext, logger: Logger): Promise<App> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  resolveActorsWith(app, { session: authenticate, token: authenticateToken });

  await registerSecurityHeaders(app, ctx.config.baseUrl);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Quartet API',
        version: '1.0.0',
        description:
          'Peer-to-Peer Learning sessions: publish sessions, take and give up seats. Sign in with a log-in link; ' +
          'the session cookie authenticates every other call. Rules that say no answer 409 with a stable `code`.',
      },
      servers: [{ url: ctx.config.baseUrl }],
      // The privacy floor's rule, once, for every route tagged with it (lib/privacy-floor.ts).
      tags: [{ name: FIGURES_TAG, description: FIGURES_TAG_DESCRIPTION }],
      // What Quartet sends to admins' webhook endpoints (3.1's webhooks section, as a 3.0 extension).
      ...webhooksDocument(),
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: '__Host-quartet_session' },
          // An integration token (qt_…) stands in for the cookie, within its scopes; see /api/tokens.
          integrationToken: { type: 'http', scheme: 'bearer' },
          operatorToken: { type: 'http', scheme: 'bearer', description: 'qop_… from `quartet operator token create`' },
        },
      },
    },
    transform: jsonSchemaTransform,
    // Puts the shared schemas (Error, Session, Booking, …) under components, where the $refs point.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', transformStaticCSP: docsPageCsp });

  app.addHook('onRequest', originGuard(ctx.config.baseUrl));
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    ctx.metrics.requests.inc({ method: request.method, route, status: reply.statusCode });
    ctx.metrics.latency.observe({ method: request.method, route }, seconds);
    // One line per request; ids only, never names, addresses or tokens.
    request.log.info(
      { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10, actor: request.actorId },
      'request',
    );
  });

  registerOpsRoutes(app, ctx);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerAuthRoutes(app, ctx);
  registerPeopleRoutes(app, ctx);
  registerSessionRoutes(app, ctx, fillFreedSeats);
  registerSeriesRoutes(app, ctx);
  registerCohortRoutes(app, ctx);
  registerBookingRoutes(app, ctx);
  registerOrganisationRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerSsoRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerNotificationRoutes(app, ctx);
  registerAbsenceRoutes(app, ctx);
  registerAvailabilityRoutes(app, ctx);
  registerCalendarOverlayRoutes(app, ctx);
  registerPlannerRoutes(app, ctx);
  registerDirectoryRoutes(app, ctx);
  registerLibraryRoutes(app, ctx);
  registerDashboardRoutes(app, ctx);
  registerTokenRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerSuggestionRoutes(app, ctx);
  registerBoardRoutes(app, ctx);
  registerCampaignRoutes(app, ctx);
  registerFeedbackRoutes(app, ctx);
  registerOpenBoardRoutes(app, ctx);
  registerEncounterRoutes(app, ctx);
  registerDataExportRoutes(app, ctx);
  registerErasureRoutes(app, ctx);
  registerPrivacyNoticeRoutes(app, ctx);
  registerPrivacyRoutes(app, ctx);
  registerRetentionRoutes(app, ctx);
  registerSetupChecklistRoutes(app, ctx);
  registerWaitingListRoutes(app, ctx, seatRules);
  registerOperatorRoutes(app, ctx);
  if (ctx.mailCatcher) registerDevMailRoutes(app, ctx.mailCatcher, ctx.db);
  await registerWebApp(app);
  return app;
}
