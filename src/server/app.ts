import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { accessPlugin } from './access.js';
import { authPlugin } from './auth.js';
import { securityHeaders } from './security-headers.js';
import type { AppContext } from './context.js';
import { sendApiError } from './errors.js';
import { strictJsonParser } from './json-body.js';
import { requestRoutes } from './routes/requests.js';
import { adminRoutes } from './routes/admin.js';
import { adminIntegrationRoutes } from './routes/admin-integrations.js';
import { consoleRoutes } from './routes/console.js';
import { portalRoutes } from './routes/portal.js';
import { portalExtraRoutes } from './routes/portal-extra.js';
import { serviceRoutes } from './routes/services.js';
import { systemRoutes } from './routes/system.js';
import { deliveryRoutes } from './routes/deliveries.js';
import { integrationRoutes } from './routes/integration.js';
import { registerWebApp, sendWebApp, wantsWebApp } from './web.js';
import { mediaRoutes } from './routes/media.js';
import { open311Plugin, sendOpen311Error, type Open311Limits } from '../open311/plugin.js';
import { addressRoutes } from './routes/addresses.js';
import { backOfficeRoutes } from './routes/back-office.js';
import { requestBackOfficeRoutes } from './routes/request-back-office.js';
import { publicDataRoutes } from './routes/public-data.js';
import { reportRoutes } from './routes/reports.js';
import { surveyRoutes } from './routes/surveys.js';
import { privacyRoutes } from './routes/privacy.js';
import { accountRoutes } from './routes/account.js';
import { requestId } from './logger.js';
import { createMetrics, registerMetrics } from './metrics.js';

export const BODY_LIMIT = 1_048_576; // 1 MiB of JSON; photo uploads have their own limit

/** The HTTP application: plugins, then routes by resource. No business rules live here. */
export async function buildApp(ctx: AppContext, opts: { logger?: Logger | boolean; open311Limits?: Partial<Open311Limits> } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof opts.logger === 'object' ? { loggerInstance: opts.logger } : { logger: opts.logger ?? false }),
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    // A caller's X-Request-Id is kept when it is a plain id (validated), else one is made; it is on
    // every log line of the request, in the response header and in error bodies.
    requestIdHeader: false,
    genReqId: (req) => requestId(req.headers['x-request-id']),
    routerOptions: { maxParamLength: 200 },
    // A URL the router can't take (bad percent-encoding, an overlong id) is answered in the
    // format of the API it was meant for, like every other refusal.
    frameworkErrors: (err, req, reply) => (req.url.startsWith('/open311/') ? sendOpen311Error(req, reply, err) : sendApiError(err, req, reply)),
  }).withTypeProvider<ZodTypeProvider>();
  strictJsonParser(app as unknown as FastifyInstance);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => sendApiError(err, req, reply));
  await app.register(securityHeaders, { tileUrl: ctx.config.tileUrl, publicUrl: ctx.config.publicUrl });
  await app.register(accessPlugin, { deps: ctx.deps });
  app.addHook('onRequest', async (req, reply) => void reply.header('x-request-id', req.id));
  registerMetrics(app as unknown as FastifyInstance, ctx.metrics ?? createMetrics(ctx.handle), ctx.config.metricsToken);
  const webApp = await registerWebApp(app as unknown as FastifyInstance);
  app.setNotFoundHandler((req, reply) => webApp && wantsWebApp(req) ? sendWebApp(reply) : sendApiError(Object.assign(new Error(`no route for ${req.method} ${req.url.split('?')[0]}`), { statusCode: 404 }), req, reply));

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'CivicDesk API', version: '0.1.0', description: 'The internal JSON API. Open311 GeoReport v2 lives under /open311/v2/.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cd_session' }, integrationKey: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { ctx });

  await app.register(systemRoutes, { ctx });
  await app.register(serviceRoutes, { ctx });
  await app.register(portalRoutes, { ctx });
  await app.register(portalExtraRoutes, { ctx });
  await app.register(requestRoutes, { ctx });
  await app.register(deliveryRoutes, { ctx });
  await app.register(integrationRoutes, { ctx });
  await app.register(consoleRoutes, { ctx });
  await app.register(adminRoutes, { ctx });
  await app.register(adminIntegrationRoutes, { ctx });
  await app.register(mediaRoutes, { ctx });
  await app.register(open311Plugin, { ctx, prefix: '/open311', ...(opts.open311Limits ? { limits: opts.open311Limits } : {}) });
  await app.register(requestBackOfficeRoutes, { ctx });
  await app.register(backOfficeRoutes, { ctx });
  await app.register(addressRoutes, { ctx });
  await app.register(reportRoutes, { ctx });
  await app.register(publicDataRoutes, { ctx });
  await app.register(surveyRoutes, { ctx });
  await app.register(privacyRoutes, { ctx });
  await app.register(accountRoutes, { ctx });
  return app as unknown as FastifyInstance;
}
